import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config.js';

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
 * Structured logs (`LOG_FORMAT=json`, the default in production): pino through
 * nestjs-pino, one JSON object per line on stdout. Every line carries the
 * instance; the lines of an HTTP request carry `req` with its id (also sent back as
 * `X-Request-Id`), method and path and, where the path names one, the `txnId`. Requests are
 * logged with method, path (no query), status and duration only: no headers,
 * no bodies, so no tokens, passwords or message texts. In `text` mode Nest's
 * own logger is used as before and nothing here is loaded.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (config.logFormat !== 'json') return { module: LoggingModule };
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: PINO_LEVELS[config.logLevel] ?? 'info',
            base: { instance: config.instanceId },
            messageKey: 'msg',
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
          },
          // Nest's own lines (bootstrap, errors) go through the same pino logger
          renameContext: 'context',
        }),
      ],
    };
  }
}
