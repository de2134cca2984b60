import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '../../common/auth/decorators.js';
import { Db } from '../../common/database/db.service.js';
import { Drain } from '../../common/lifecycle/drain.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: Db,
    private readonly drain: Drain,
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /** 200 when the database answers, 503 otherwise. */
  @Get()
  async check(@Res() res: Response) {
    try {
      await this.db.dataSource.query('SELECT 1');
      res.status(200).json({ status: 'ok' });
    } catch {
      res.status(503).json({ statusCode: 503, code: 'database_unavailable', message: 'The database does not answer', status: 'error' });
    }
  }

  /** Liveness: the process answers (restart it when this fails). Never looks at the database. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Readiness: 503 while this instance drains for a shutdown or its database does not answer (send it no traffic). */
  @Get('ready')
  @HealthCheck()
  async ready(@Res() res: Response) {
    try {
      res.status(200).json(await this.checks());
    } catch (err) {
      const details = err instanceof ServiceUnavailableException ? (err.getResponse() as { details?: unknown }).details : undefined;
      res.status(503).json({ statusCode: 503, code: 'not_ready', message: this.drain.isDraining ? 'This instance is shutting down' : 'The database does not answer', status: 'error', details });
    }
  }

  private checks() {
    return this.health.check([
      () => {
        const serving = this.indicators.check('server');
        return this.drain.isDraining ? serving.down({ message: 'draining for shutdown' }) : serving.up();
      },
      () => this.database.pingCheck('database', { connection: this.db.dataSource, timeout: 2000 }),
    ]);
  }
}
