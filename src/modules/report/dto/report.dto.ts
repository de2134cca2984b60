import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';

export const REPORT_GROUPINGS = ['day'] as const;

/** `GET /reports/summary` and `GET /reports/summary.csv`. */
export class ReportSummaryQuery {
  @ApiProperty({ description: 'start of the period (ISO-8601 instant, inclusive): chats started from then', example: '2026-12-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ description: 'end of the period (ISO-8601 instant, exclusive); at most 366 days after `from`', example: '2026-12-08T00:00:00Z' })
  @IsISO8601({ strict: true })
  to: string;

  @ApiPropertyOptional({ description: 'only this inbox (one the caller may see); all visible inboxes without it' })
  @IsOptional() @IsString() @Length(1, 36)
  inboxId?: string;

  @ApiPropertyOptional({ enum: REPORT_GROUPINGS, default: 'day', description: 'rows per UTC day' })
  @IsOptional() @IsIn(REPORT_GROUPINGS)
  groupBy?: (typeof REPORT_GROUPINGS)[number];
}

export class PeriodFiguresView {
  @ApiProperty({ description: 'chats started (by the visitor) in the period' }) chatsStarted: number;
  @ApiProperty({ description: 'of those, chats an agent accepted' }) accepted: number;
  @ApiProperty({ description: 'of those, chats that ended without ever being accepted (status `failed`)' }) missed: number;
  @ApiProperty({ description: 'of those, chats handed to another agent or inbox at least once (an accepted transfer)' }) transferred: number;
  @ApiProperty({ type: Number, nullable: true, description: 'average seconds from start to first acceptance; null when none was accepted' }) avgWaitSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '90th percentile (nearest rank) of the same waits, in seconds' }) p90WaitSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'average seconds from first acceptance to the end, of chats that ended after being accepted' }) avgHandlingSeconds: number | null;
}

export class DayFiguresView extends PeriodFiguresView {
  @ApiProperty({ example: '2026-12-04', description: 'the UTC day' }) date: string;
}

export class ReportSummaryView {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: String, nullable: true }) inboxId: string | null;
  @ApiProperty({ enum: REPORT_GROUPINGS }) groupBy: string;
  @ApiProperty({ type: PeriodFiguresView }) totals: PeriodFiguresView;
  @ApiProperty({ type: [DayFiguresView], description: 'one row per UTC day that has chats, oldest first' }) days: DayFiguresView[];
}

export class InboxNowView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'chats not yet accepted (waiting, or being offered)' }) waiting: number;
  @ApiProperty({ type: Number, nullable: true, description: 'seconds the longest-waiting of them has waited' }) longestWaitSeconds: number | null;
  @ApiProperty({ description: 'chats accepted and open (assigned or being transferred)' }) active: number;
  @ApiProperty({ description: "the inbox's agents whose presence is online" }) agentsOnline: number;
}

export class AgentNowView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['online', 'away', 'offline'] }) presence: string;
  @ApiProperty({ description: 'chats occupying the agent (offered, assigned, being transferred)' }) activeChats: number;
  @ApiProperty({ description: 'how many the agent may hold' }) capacity: number;
}

export class LiveOverviewView {
  @ApiProperty({ description: 'when the figures were read' }) at: string;
  @ApiProperty({ description: "true when the caller sees every inbox of the organization (an owner or admin with the Contact Center license, or an API key); false when only the inboxes they are an agent of" }) allInboxes: boolean;
  @ApiProperty({ type: [InboxNowView] }) inboxes: InboxNowView[];
  @ApiProperty({ type: [AgentNowView] }) agents: AgentNowView[];
  @ApiProperty({ type: PeriodFiguresView, description: 'chats started today (UTC) until now' }) today: PeriodFiguresView;
}
