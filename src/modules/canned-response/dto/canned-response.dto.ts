import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { MAX_MESSAGE_LENGTH } from '../../message/dto/message.dto.js';
import { CANNED_SCOPES, type CannedScope } from '../entities/canned-response.entity.js';

export const SHORTCUT_PATTERN = /^[A-Za-z0-9_-]{1,50}$/;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const stripSlash = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().replace(/^\//, '') : value);

const shortcutDoc = { maxLength: 50, pattern: '^[A-Za-z0-9_-]{1,50}$', description: 'letters, digits, - and _; case-insensitive; a leading / is dropped', example: 'greet' };
const contentDoc = {
  maxLength: MAX_MESSAGE_LENGTH,
  description: 'the text it expands to; placeholders {{customer.name}}, {{customer.email}}, {{customer.phone}}, {{agent.name}}, {{inbox.name}}',
  example: 'Hello {{customer.name}}, this is {{agent.name}}. How can I help?',
};

export class CreateCannedResponseDto {
  @ApiProperty(shortcutDoc)
  @Transform(stripSlash) @IsString() @Matches(SHORTCUT_PATTERN, { message: 'shortcut must be 1 to 50 letters, digits, - or _' })
  shortcut: string;

  @ApiProperty(contentDoc)
  @IsString() @Length(1, MAX_MESSAGE_LENGTH) @Matches(/\S/, { message: 'content must not be blank' })
  content: string;

  @ApiPropertyOptional({ enum: CANNED_SCOPES, default: 'personal', description: 'organization responses are created by owners/admins only' })
  @IsOptional() @IsIn(CANNED_SCOPES)
  scope?: CannedScope;
}

/** Absent fields stay as they are; `null` is not "absent" (both columns are required), so it is refused. */
const present = (_: object, value: unknown) => value !== undefined;

/** The scope of a response never changes: delete it and create it in the other scope. */
export class UpdateCannedResponseDto {
  @ApiPropertyOptional(shortcutDoc)
  @ValidateIf(present) @Transform(stripSlash) @IsString() @Matches(SHORTCUT_PATTERN, { message: 'shortcut must be 1 to 50 letters, digits, - or _' })
  shortcut?: string;

  @ApiPropertyOptional(contentDoc)
  @ValidateIf(present) @IsString() @Length(1, MAX_MESSAGE_LENGTH) @Matches(/\S/, { message: 'content must not be blank' })
  content?: string;
}

export class CannedResponseQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'shortcuts starting with this (case-insensitive; a leading / is ignored)', maxLength: 50 })
  @IsOptional() @Transform(stripSlash) @IsString() @MaxLength(50) @Matches(/^[A-Za-z0-9_-]*$/, { message: 'prefix may hold letters, digits, - and _ only' })
  prefix?: string;

  @ApiPropertyOptional({
    enum: CANNED_SCOPES,
    description: 'only this scope, without the personal-over-organization hiding (to manage them); absent: what the caller may use',
  })
  @IsOptional() @Transform(trim) @IsIn(CANNED_SCOPES)
  scope?: CannedScope;
}
