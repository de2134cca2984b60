import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { TransactionFilters } from '../../chat/dto/transaction-query.dto.js';

/**
 * `GET /exports/transactions.csv`: the filters of `GET /transactions`. Only
 * completed chats are exported: `status` defaults to `ended,failed` and may
 * narrow it to one of them.
 */
export class TransactionExportQuery extends TransactionFilters {}

export const TRANSCRIPT_FORMATS = ['text', 'json'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

export class TranscriptQuery {
  @ApiPropertyOptional({ enum: TRANSCRIPT_FORMATS, description: 'wins over the Accept header; without both, JSON' })
  @IsOptional() @IsIn(TRANSCRIPT_FORMATS)
  format?: TranscriptFormat;
}
