import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Caller, UserOrApiKey } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { LiveOverviewView, ReportSummaryQuery, ReportSummaryView } from './dto/report.dto.js';
import { ReportService } from './report.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportController {
  constructor(private readonly reports: ReportService) {}

  @Get('summary')
  @UserOrApiKey()
  @ApiOperation({ summary: 'Figures of the chats started in a period, per UTC day and in total, over the inboxes the caller may see' })
  @ApiOkResponse({ type: ReportSummaryView })
  summary(@Caller() caller: Principal, @Query() query: ReportSummaryQuery) {
    return this.reports.summary(caller, query);
  }

  @Get('summary.csv')
  @UserOrApiKey()
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The same summary as CSV: a line per day, then a `total` line' })
  @ApiOkResponse({ description: 'columns: date, chats_started, accepted, missed, transferred, avg_wait_seconds, p90_wait_seconds, avg_handling_seconds' })
  async summaryCsv(@Caller() caller: Principal, @Query() query: ReportSummaryQuery, @Res() res: Response) {
    const csv = await this.reports.summaryCsv(caller, query);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="report-${query.from.slice(0, 10)}-${query.to.slice(0, 10)}.csv"`);
    res.send(csv);
  }

  @Get('live')
  @UserOrApiKey()
  @ApiOperation({ summary: "Now: per inbox waiting and active chats, the longest wait and agents online; per agent presence and load; today's figures" })
  @ApiOkResponse({ type: LiveOverviewView })
  live(@Caller() caller: Principal) {
    return this.reports.live(caller);
  }
}
