import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';

/** Longest message body accepted, in characters. */
export const MAX_MESSAGE_LENGTH = 5000;

export class SendMessageDto {
  @ApiPropertyOptional({ maxLength: 100, description: "the client's own id: a resend with the same id stores the message once" })
  @IsOptional() @IsString() @Length(1, 100)
  clientMessageId?: string;

  @ApiProperty({ maxLength: MAX_MESSAGE_LENGTH }) @IsString() @Length(1, MAX_MESSAGE_LENGTH)
  body: string;
}

export class MessagesQuery {
  @ApiPropertyOptional({ description: 'id of the last message the client has; only later ones are returned' })
  @IsOptional() @IsString() @MaxLength(36)
  after?: string;

  @ApiPropertyOptional({ default: 50, maximum: 200 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(36)
  cursor?: string;

  @ApiPropertyOptional({
    enum: ['asc', 'desc'],
    default: 'asc',
    description: '`desc`: newest first, each page older than the last (`cursor` or `after` is then the message to go back from); for opening a long chat at its end and paging backwards',
  })
  @IsOptional() @IsIn(['asc', 'desc'], { message: 'order must be asc or desc' })
  order?: 'asc' | 'desc';
}

/** Socket payloads. */
export class SocketMessageDto extends SendMessageDto {
  @IsString() @MaxLength(36)
  transactionId: string;
}

export class SyncDto {
  @IsString() @MaxLength(36)
  transactionId: string;

  @IsOptional() @IsString() @MaxLength(36)
  afterMessageId?: string | null;
}
