import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export const MAX_DISCUSSION_LENGTH = 5000;
export const MAX_MENTIONS = 20;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class PostDiscussionDto {
  @ApiProperty({ maxLength: MAX_DISCUSSION_LENGTH, description: 'plain text; `@everyone`, `@all`, `@here` in it are plain text and notify nobody' })
  @Transform(trim) @IsString() @Length(1, MAX_DISCUSSION_LENGTH)
  body: string;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_MENTIONS, description: 'user ids of agents of the same inbox to invite; anyone else is refused (400 invalid_mention)' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_MENTIONS) @ArrayUnique() @IsString({ each: true }) @MaxLength(36, { each: true })
  mentions?: string[];
}
