import { Body, Controller, Get, Header, Param, Post, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Caller, UserOrVisitor, VisitorOnly } from '../../common/auth/decorators.js';
import { requireUser, type Principal, type VisitorPrincipal } from '../../common/auth/principal.js';
import { RateLimit } from '../../common/http/rate-limit.js';
import { UploadFileBody, UploadFileDto } from './dto/upload.dto.js';
import type { ReceivedFile } from './upload-storage.engine.js';
import { uploadLimits, UploadPreflight, type UploadRequest } from './upload.interceptor.js';
import { UploadService } from './upload.service.js';

type Received = Express.Multer.File & ReceivedFile;

/** Preflight first (access, state, the organization's size limit), then multer streams the file into storage. */
const ReceiveFile = () => UseInterceptors(UploadPreflight, FileInterceptor('file', { limits: (req: unknown) => uploadLimits(req as UploadRequest) }));

/** Uploads into a chat (visitor and agent side) and downloads. */
@ApiTags('files')
@ApiBearerAuth()
@Controller()
export class UploadController {
  constructor(private readonly uploads: UploadService) {}

  @Post('transactions/:id/files')
  @ReceiveFile()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadFileBody })
  agentUpload(@Caller() caller: Principal, @Param('id') id: string, @UploadedFile() file: Received | undefined, @Body() dto: UploadFileDto) {
    return this.uploads.upload(requireUser(caller), id, file, dto);
  }

  @Post('visitor/chats/:id/files')
  @VisitorOnly()
  @RateLimit('visitor-upload')
  @ReceiveFile()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadFileBody })
  visitorUpload(@Caller() visitor: VisitorPrincipal, @Param('id') id: string, @UploadedFile() file: Received | undefined, @Body() dto: UploadFileDto) {
    return this.uploads.upload(visitor, id, file, dto);
  }

  /** Always a download: never rendered inline, never sniffed, sandboxed if a browser opens it anyway. */
  @Get('files/:id')
  @UserOrVisitor()
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  @Header('Cache-Control', 'private, no-store')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'the file, as an attachment, with its stored content type' })
  async download(@Caller() caller: Principal, @Param('id') id: string): Promise<StreamableFile> {
    const file = await this.uploads.download(caller, id);
    return new StreamableFile(file.stream, { type: file.contentType, length: file.size, disposition: contentDisposition(file.name) });
  }
}

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / 5987). */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
