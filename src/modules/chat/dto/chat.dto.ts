import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { MAX_MESSAGE_LENGTH } from '../../message/dto/message.dto.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class StartChatDto {
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @Transform(trim) @IsString() @MaxLength(200)
  name?: string;

  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsEmail() @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: 'digits, spaces, dashes, dots, parentheses, an optional leading +' })
  @IsOptional() @Transform(trim) @IsString() @Matches(/^\+?[0-9 ()./-]{3,40}$/, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ maxLength: MAX_MESSAGE_LENGTH, description: 'an optional first message' })
  @IsOptional() @IsString() @Length(1, MAX_MESSAGE_LENGTH)
  message?: string;

  @ApiPropertyOptional({
    minLength: 16, maxLength: 100,
    description: "the client's own random id for this start: sent again (a retry after a lost answer), it returns the chat started first instead of a second one",
  })
  @IsOptional() @IsString() @Length(16, 100)
  clientChatId?: string;
}

/** Socket payloads. */
export class TransactionRefDto {
  @IsString() @MaxLength(36)
  transactionId: string;
}

export class TypingDto {
  @IsString() @MaxLength(36)
  transactionId: string;

  @IsBoolean()
  typing: boolean;
}
