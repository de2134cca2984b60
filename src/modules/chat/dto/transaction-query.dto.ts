import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQuery } from '../../../common/pagination/pagination.js';
import { TRANSACTION_STATUSES } from '../entities/transaction.entity.js';

const statusList = new RegExp(`^(${TRANSACTION_STATUSES.join('|')})(,(${TRANSACTION_STATUSES.join('|')}))*$`);
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const instant = (what: string) => ({ description: `ISO-8601 instant, inclusive bound of ${what}`, example: '2025-01-31T23:59:59Z' });

/**
 * Filters shared by the transaction list, the CSV export and the admin panel's
 * export: one definition, so that every path filters (and validates) alike.
 */
export class TransactionFilters {
  @ApiPropertyOptional({ description: 'only this inbox (404 `inbox_not_found` if the caller may not see it)' })
  @IsOptional() @IsString() @Length(1, 36)
  inboxId?: string;

  @ApiPropertyOptional({ description: `one or several statuses, comma-separated: ${TRANSACTION_STATUSES.join(', ')}`, example: 'ended,failed' })
  @IsOptional() @IsString() @Matches(statusList, { message: `status must be a comma-separated list of ${TRANSACTION_STATUSES.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({ description: 'an agent who handled the chat: its assignee once accepted, or any agent who accepted it (also by transfer)' })
  @IsOptional() @IsString() @Length(1, 36)
  agentId?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 36)
  customerId?: string;

  @ApiPropertyOptional(instant('the start time')) @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional(instant('the start time')) @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional(instant('the end time')) @IsOptional() @IsISO8601({ strict: true })
  endedFrom?: string;

  @ApiPropertyOptional(instant('the end time')) @IsOptional() @IsISO8601({ strict: true })
  endedTo?: string;

  @ApiPropertyOptional({ description: "free text in the customer's name, email or phone (case-insensitive substring)", maxLength: 200 })
  @IsOptional() @Transform(trim) @IsString() @Length(1, 200)
  q?: string;
}

/** `GET /transactions`: the filters, plus `limit` and `cursor`. */
export class TransactionListQuery extends IntersectionType(TransactionFilters, PageQuery) {}
