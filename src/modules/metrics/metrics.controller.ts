import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../../common/auth/decorators.js';
import { AppConfig } from '../../common/config/app-config.js';
import { MetricsService } from './metrics.service.js';

/**
 * `GET /metrics` (outside the API prefix) in Prometheus text format, for
 * `Authorization: Bearer $METRICS_TOKEN` only; without METRICS_TOKEN it answers 404.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response) {
    const token = this.config.metricsToken;
    if (!token) return res.status(404).json({ statusCode: 404, code: 'not_found', message: 'Metrics are off (set METRICS_TOKEN)' });
    const given = Buffer.from(authorization?.replace(/^Bearer\s+/i, '') ?? '');
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return res.status(401).json({ statusCode: 401, code: 'unauthorized', message: 'A valid metrics token is required' });
    }
    res.status(200).type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
