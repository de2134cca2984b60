import { describe, expect, it } from '@jest/globals';
import { Controller, Get, Logger, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Writable } from 'node:stream';
import request from 'supertest';
import { HttpErrorFilter } from '../errors/http-exception.filter.js';
import { NotFoundError } from '../errors/domain-error.js';
import { jsonLogs } from './logging.module.js';

/** A pino destination that keeps every line it is given. */
function memory() {
  const lines: Array<Record<string, any>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream };
}

const TXN = '0190f0a8-1111-7222-8333-944445555666';

@Controller('transactions')
class FailingController {
  @Get(':id/broken')
  broken(@Param('id') _id: string): never {
    throw new Error('disk on fire');
  }

  @Get(':id/missing')
  missing(@Param('id') _id: string): never {
    throw new NotFoundError('Transaction');
  }
}

@Module({ controllers: [FailingController] })
class FailingModule {}

/** The production wiring (configureApp): pino-http first, then Nest with the app's error filter and logger. */
async function appWithJsonLogs() {
  const out = memory();
  const logs = jsonLogs({ logLevel: 'log', instanceId: 'spec:1:x' }, out.stream);
  const app = await NestFactory.create<NestExpressApplication>(FailingModule, { logger: false });
  app.use(logs.http!);
  app.useLogger(logs.nest!);
  app.useGlobalFilters(new HttpErrorFilter());
  await app.init();
  return { app, lines: out.lines };
}

describe('JSON logs without a per-request store', () => {
  it('a 5xx is logged once, on the request line, with its id, TXN and the error with its stack', async () => {
    const { app, lines } = await appWithJsonLogs();
    try {
      const res = await request(app.getHttpServer()).get(`/transactions/${TXN}/broken`).set('X-Request-Id', 'lb-7');
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ statusCode: 500 });
      expect(JSON.stringify(res.body)).not.toContain('disk on fire');
      const mine = lines.filter((l) => l.req?.id === 'lb-7');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ level: 50, instance: 'spec:1:x', txnId: TXN, req: { method: 'GET', path: `/transactions/${TXN}/broken` }, res: { statusCode: 500 }, err: { message: 'disk on fire' } });
      expect(mine[0].err.stack).toContain('FailingController.broken');
      // the failure is not written a second time without its request
      expect(lines.filter((l) => JSON.stringify(l).includes('disk on fire'))).toHaveLength(1);

      const refused = await request(app.getHttpServer()).get(`/transactions/${TXN}/missing`).set('X-Request-Id', 'lb-8');
      expect(refused.status).toBe(404);
      const line = lines.find((l) => l.req?.id === 'lb-8');
      expect(line).toMatchObject({ level: 40, res: { statusCode: 404 } });
      expect(line!.err).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it("Nest's Logger calls become pino lines with their context, message, error and stack", async () => {
    const { app, lines } = await appWithJsonLogs();
    try {
      const log = new Logger('Sweeper');
      log.log('pass done');
      log.warn({ swept: 3 });
      log.error(new Error('boom'));
      // Nest's exception handlers: error(message, stack, context)
      log.error('handler failed', 'Error: handler failed\n    at somewhere (file.js:1:1)');
      // the socket handlers' failure line: fields, then the text
      log.error({ txnId: TXN, err: new Error('db gone') }, 'socket request failed');
      log.debug('hidden at level log');
      const mine = lines.filter((l) => l.context === 'Sweeper');
      expect(mine).toEqual([
        expect.objectContaining({ level: 30, msg: 'pass done', instance: 'spec:1:x' }),
        expect.objectContaining({ level: 40, swept: 3 }),
        expect.objectContaining({ level: 50, msg: 'boom', err: expect.objectContaining({ message: 'boom' }) }),
        expect.objectContaining({ level: 50, msg: 'handler failed', err: expect.objectContaining({ stack: expect.stringContaining('at somewhere') }) }),
        expect.objectContaining({ level: 50, msg: 'socket request failed', txnId: TXN, err: expect.objectContaining({ message: 'db gone' }) }),
      ]);
    } finally {
      await app.close();
    }
  });
});
