import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Caller } from '../../common/auth/decorators.js';
import type { Principal } from '../../common/auth/principal.js';
import { TransactionExportQuery, TranscriptQuery } from './dto/export.dto.js';
import { ExportService } from './export.service.js';

/** Response headers of a download; set only once the export is allowed, so errors stay plain JSON. */
function download(res: Response, contentType: string, fileName: string, disposition: 'attachment' | 'inline') {
  res.status(200);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `${disposition}; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
  // reverse proxies (nginx) would otherwise buffer the stream
  res.setHeader('X-Accel-Buffering', 'no');
}

const stamp = () => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');

@ApiTags('exports')
@ApiBearerAuth()
@Controller()
export class ExportController {
  constructor(private readonly exports: ExportService) {}

  @Get('exports/transactions.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV of completed chats, streamed; `X-Export-Row-Count` tells how many rows will follow' })
  async transactionsCsv(@Caller() caller: Principal, @Query() query: TransactionExportQuery, @Res() res: Response) {
    await this.exports.streamTransactionsCsv(caller, query, res, {
      onStart: ({ rowCount }) => {
        download(res, 'text/csv; charset=utf-8', `transactions-${stamp()}.csv`, 'attachment');
        res.setHeader('X-Export-Row-Count', String(rowCount));
      },
    });
  }

  @Get('transactions/:id/transcript')
  @ApiProduces('application/json', 'text/plain')
  @ApiOkResponse({ description: 'the transcript; `?format=` wins over the Accept header, JSON by default' })
  async transcript(@Caller() caller: Principal, @Param('id') id: string, @Query() query: TranscriptQuery, @Req() req: Request, @Res() res: Response) {
    const format = query.format ?? (req.accepts(['application/json', 'text/plain']) === 'text/plain' ? 'text' : 'json');
    await this.exports.streamTranscript(caller, id, format, res, {
      onStart: ({ contentType, fileName }) => download(res, contentType, fileName, format === 'json' ? 'inline' : 'attachment'),
    });
  }
}
