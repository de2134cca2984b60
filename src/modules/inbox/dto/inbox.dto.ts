import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { PRE_CHAT_RULES, type PreChatRule } from '../entities/inbox.entity.js';
import { IsOptionalNotNull } from '../../../common/errors/validation.js';

/** The widget settings an inbox is created or changed with (every field optional, none may be null but `allowedOrigins`). */
abstract class InboxWidgetSettingsDto {
  @ApiPropertyOptional({ enum: PRE_CHAT_RULES, default: 'optional', description: "the widget's pre-chat form: ask the visitor's name (off, optional, required)" })
  @IsOptionalNotNull() @IsIn(PRE_CHAT_RULES, { message: 'preChatName must be one of: off, optional, required' })
  preChatName?: PreChatRule;

  @ApiPropertyOptional({ enum: PRE_CHAT_RULES, default: 'optional', description: 'ask the email (off, optional, required)' })
  @IsOptionalNotNull() @IsIn(PRE_CHAT_RULES, { message: 'preChatEmail must be one of: off, optional, required' })
  preChatEmail?: PreChatRule;

  @ApiPropertyOptional({ enum: PRE_CHAT_RULES, default: 'optional', description: 'ask the phone (off, optional, required)' })
  @IsOptionalNotNull() @IsIn(PRE_CHAT_RULES, { message: 'preChatPhone must be one of: off, optional, required' })
  preChatPhone?: PreChatRule;

  @ApiPropertyOptional({ nullable: true, maxLength: 2000, example: 'https://www.example.com https://shop.example.com', description: 'origins (scheme://host[:port]) allowed to embed the widget, space-separated; null or empty: any site (or WIDGET_ALLOWED_ORIGINS)' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(2000)
  @Matches(/^\s*(https?:\/\/[a-z0-9.-]+(:\d{1,5})?\/?(\s+https?:\/\/[a-z0-9.-]+(:\d{1,5})?\/?)*)?\s*$/i, { message: 'allowedOrigins must be origins like https://www.example.com, separated by spaces' })
  allowedOrigins?: string | null;
}

export class CreateInboxDto extends InboxWidgetSettingsDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ default: true, description: 'offer waiting chats to agents automatically' }) @IsOptionalNotNull() @IsBoolean()
  autoAssign?: boolean;
}

export class UpdateInboxDto extends InboxWidgetSettingsDto {
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
