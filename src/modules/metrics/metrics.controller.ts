import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { Public } from '../../common/auth/decorators.js';
import { AppConfig } from '../../common/config/app-config.js';
import { DomainError, UnauthorizedError } from '../../common/errors/domain-error.js';
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
    // refusals go through the HTTP filter like every other one (the documented error shape)
    if (!token) throw new DomainError('not_found', 'Metrics are off (set METRICS_TOKEN)', 404);
    const given = Buffer.from(authorization?.replace(/^Bearer\s+/i, '') ?? '');
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UnauthorizedError('A valid metrics token is required');
    }
    res.status(200).type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
