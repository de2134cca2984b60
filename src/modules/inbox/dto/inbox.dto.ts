import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsString, Length, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../../../common/errors/validation.js';

export class CreateInboxDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ default: true, description: 'offer waiting chats to agents automatically' }) @IsOptionalNotNull() @IsBoolean()
  autoAssign?: boolean;
}

export class UpdateInboxDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptionalNotNull() @IsString() @Length(1, 200)
  name?: string;

  @ApiPropertyOptional() @IsOptionalNotNull() @IsBoolean()
  autoAssign?: boolean;
}

export class SetInboxAgentsDto {
  @ApiProperty({ type: [String], description: 'the complete list of the inbox agents' })
  @IsArray() @ArrayMaxSize(1000) @ArrayUnique() @IsString({ each: true }) @MaxLength(36, { each: true })
  userIds: string[];
}
