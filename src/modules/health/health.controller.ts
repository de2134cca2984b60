import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth/decorators.js';
import { Db } from '../../common/database/db.service.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly db: Db) {}

  /** 200 when the database answers, 503 otherwise. */
  @Get()
  async health(@Res() res: Response) {
    try {
      await this.db.dataSource.query('SELECT 1');
      res.status(200).json({ status: 'ok' });
    } catch {
      res.status(503).json({ statusCode: 503, code: 'database_unavailable', message: 'The database does not answer', status: 'error' });
    }
  }
}
