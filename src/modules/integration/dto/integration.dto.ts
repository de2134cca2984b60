import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { CALL_DIRECTIONS, type CallDirection } from '../entities/call.entity.js';
import { TICKET_STATUSES, type TicketStatus } from '../entities/ticket.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** A day is more than any call lasts; anything longer is a mistake of the caller. */
export const MAX_CALL_SECONDS = 86_400;
const OUTCOME = /^[a-z0-9_-]{1,40}$/;

export class CreateApiKeyDto {
  @ApiProperty({ maxLength: 100, example: 'Phone system' }) @Transform(trim) @IsString() @Length(1, 100)
  name: string;
}

export class CreateCallDto {
  @ApiProperty({ enum: CALL_DIRECTIONS }) @IsIn(CALL_DIRECTIONS)
  direction: CallDirection;

  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true })
  startedAt: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'given (or durationSeconds): the call has already ended' })
  @IsOptional() @IsISO8601({ strict: true })
  endedAt?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_CALL_SECONDS }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_CALL_SECONDS)
  durationSeconds?: number;

  @ApiPropertyOptional({ description: 'short code, e.g. answered, no_answer, busy, voicemail, failed', pattern: OUTCOME.source })
  @IsOptional() @IsString() @Matches(OUTCOME, { message: 'outcome must be a short code of a-z, 0-9, _ or -' })
  outcome?: string;

  @ApiPropertyOptional({ description: 'the agent on the call; agents default to themselves. Must be a user who may see the chat' })
  @IsOptional() @IsString() @MaxLength(36)
  agentId?: string;

  @ApiPropertyOptional({ maxLength: 100, description: "the phone system's id of the call (unique in the organization)" })
  @IsOptional() @Transform(trim) @IsString() @Length(1, 100)
  externalId?: string;
}

export class EndCallDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'default: startedAt + durationSeconds, else now' }) @IsOptional() @IsISO8601({ strict: true })
  endedAt?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_CALL_SECONDS, description: 'default: endedAt - startedAt' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(MAX_CALL_SECONDS)
  durationSeconds?: number;

  @ApiPropertyOptional({ pattern: OUTCOME.source }) @IsOptional() @IsString() @Matches(OUTCOME, { message: 'outcome must be a short code of a-z, 0-9, _ or -' })
  outcome?: string;
}

export class CreateTicketDto {
  @ApiProperty({ maxLength: 200 }) @Transform(trim) @IsString() @Length(1, 200)
  subject: string;

  @ApiPropertyOptional({ enum: TICKET_STATUSES, default: 'open' }) @IsOptional() @IsIn(TICKET_STATUSES)
  status?: TicketStatus;

  @ApiPropertyOptional({ maxLength: 100, description: "the ticketing system's id of the ticket (unique in the organization)" })
  @IsOptional() @Transform(trim) @IsString() @Length(1, 100)
  externalId?: string;
}
