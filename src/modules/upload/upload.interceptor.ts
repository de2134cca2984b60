import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { catchError, throwError, type Observable } from 'rxjs';
import type { Principal } from '../../common/auth/principal.js';
import { requireUser } from '../../common/auth/principal.js';
import { UploadService, type Uploader } from './upload.service.js';
import { UploadError } from './upload.errors.js';

/** Where the interceptor leaves the organization's limit for multer's `limits(req)`. */
export const UPLOAD_LIMIT = Symbol('switchboard:upload-limit');
export type UploadRequest = Request & { principal: Principal; [UPLOAD_LIMIT]?: number };

/** multer's limits for one request: one file, the organization's size, a few small text fields. */
export const uploadLimits = (req: UploadRequest) => ({
  fileSize: req[UPLOAD_LIMIT] ?? 0,
  files: 1,
  fields: 4,
  fieldSize: 32 * 1024,
  parts: 6,
});

/**
 * Runs before multer (bind it first): checks that the caller may upload into
 * this TXN before any byte is read, and resolves the organization's size
 * limit. Also gives multer's errors the documented codes.
 */
@Injectable()
export class UploadPreflight implements NestInterceptor {
  constructor(private readonly uploads: UploadService) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = ctx.switchToHttp().getRequest<UploadRequest>();
    const uploader: Uploader = req.principal.kind === 'visitor' ? req.principal : requireUser(req.principal);
    const limit = await this.uploads.preflight(uploader, String(req.params.id));
    req[UPLOAD_LIMIT] = limit;
    return next.handle().pipe(catchError((err) => throwError(() => fromMulter(err, limit))));
  }
}

function fromMulter(err: unknown, limit: number): unknown {
  // the client went away mid-upload: multer has removed what was stored; nobody is left to answer
  if (err instanceof Error && /^Request (aborted|closed)$/.test(err.message)) return new UploadError('invalid_upload', 'The upload was interrupted');
  if (!(err instanceof HttpException)) return err;
  const cause = err.cause as { code?: string } | undefined;
  if (err.getStatus() === 413) return new UploadError('file_too_large', `The file is larger than this organization's limit of ${limit} bytes`);
  if (cause?.code) return new UploadError('invalid_upload', `${err.message} (send one file as the multipart field "file")`);
  return err;
}
