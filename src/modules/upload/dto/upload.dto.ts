import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { MAX_MESSAGE_LENGTH } from '../../message/dto/message.dto.js';
import { ALLOWED_EXTENSIONS } from '../file-types.js';

/** The text fields of the multipart upload (the file itself is the part `file`). */
export class UploadFileDto {
  @ApiPropertyOptional({ maxLength: MAX_MESSAGE_LENGTH, description: 'message text sent with the file; the file name when absent' })
  @IsOptional() @IsString() @Length(1, MAX_MESSAGE_LENGTH)
  caption?: string;

  @ApiPropertyOptional({ maxLength: 100, description: "the client's own id: a resend with the same id stores the upload once" })
  @IsOptional() @IsString() @Length(1, 100)
  clientMessageId?: string;
}

/** OpenAPI description of the multipart body. */
export class UploadFileBody extends UploadFileDto {
  @ApiProperty({ type: 'string', format: 'binary', description: `one file; allowed extensions: ${ALLOWED_EXTENSIONS.join(', ')}` })
  file: unknown;
}

export class AttachmentDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'the sanitized original file name' }) name: string;
  @ApiProperty() size: number;
  @ApiProperty() contentType: string;
}
