import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module, type LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger as Pino } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { AppConfig } from '../config/app-config.js';
import { PinoNestLogger } from './pino-nest-logger.js';

/** Nest's levels as pino's. */
const PINO_LEVELS: Record<string, string> = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/** An incoming `X-Request-Id` is kept when it looks like an id (a proxy's), else one is made. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Paths whose requests are not logged: probes and scrapes every few seconds. */
const QUIET = /^\/(health|metrics)(\/|$|\?)/;

/** The path without its query string: queries may carry filters with customers' names. */
const pathOf = (url: string | undefined) => (url ?? '').split('?')[0];

/**
 * The TXN a request is about, from its path (`/transactions/<id>/…`,
 * `/visitor/chats/<id>/…`): its lines carry it as `txnId`, the final "request
 * completed" line included. Read from the URL when the request arrives, so it
 * needs no interceptor (which would also wrap every socket event). Ids are
 * UUIDs, so `/transactions/export` names none.
 */
const TXN_IN_PATH = /\/(?:transactions|chats)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:[/?]|$)/i;
const txnBinding = (req: IncomingMessage) => {
  const found = TXN_IN_PATH.exec(req.url ?? '');
  return found ? { txnId: found[1] } : {};
};

/**
 * The app's logs. In `json` mode: one pino logger for the process, `http` (pino-http)
 * for the access lines, and `nest`, the same logger behind Nest's `Logger`. In `text`
 * mode both are null and Nest's own logger writes readable lines.
 */
export class Logs {
  constructor(
    readonly http: HttpLogger | null,
    readonly nest: LoggerService | null,
  ) {}
}

/** `json` mode's loggers, writing to stdout (or `destination`, in tests). */
export function jsonLogs(config: Pick<AppConfig, 'logLevel' | 'instanceId'>, destination?: DestinationStream): Logs {
  const options = { level: PINO_LEVELS[config.logLevel] ?? 'info', base: { instance: config.instanceId }, messageKey: 'msg' };
  const root: Pino = destination ? pino(options, destination) : pino(options);
  const http = pinoHttp({
    logger: root,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (req: IncomingMessage) => QUIET.test(req.url ?? '') },
    customProps: txnBinding,
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: pathOf(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  return new Logs(http, new PinoNestLogger(root));
}

/**
 * Structured logs (`LOG_FORMAT=json`, the default in production): pino, one
 * JSON object per line on stdout. Every line carries the instance. An HTTP
 * request's own lines (`request completed`, with the failure's `err` when it
 * answered 5xx) carry `req` with its id (also sent back as `X-Request-Id`),
 * method and path and, where the path names one, the `txnId`. Requests are
 * logged with method, path (no query), status and duration only: no headers,
 * no bodies, so no tokens, passwords or message texts.
 *
 * Lines that components write through Nest's `Logger` carry their `context`,
 * not the request: binding those to the request would take an
 * `AsyncLocalStorage`, which on Node 20 hooks every promise of the process and
 * cost the message path ≈ 10 % of its throughput (docs/performance.md).
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    const logs = config.logFormat === 'json' ? jsonLogs(config) : new Logs(null, null);
    return { module: LoggingModule, global: true, providers: [{ provide: Logs, useValue: logs }], exports: [Logs] };
  }
}
