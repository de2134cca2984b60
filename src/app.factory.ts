import { INestApplication, Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, urlencoded, type NextFunction, type Request, type Response } from 'express';
import { toErrorBody } from './common/errors/error-body.js';
import { AppModule, type AppOptions } from './app.module.js';
import { AppConfig, logFormatOf } from './common/config/app-config.js';
import { HttpErrorFilter } from './common/errors/http-exception.filter.js';
import { createValidationPipe } from './common/errors/validation.js';
import { countRequests, Drain } from './common/lifecycle/drain.js';
import { installGracefulShutdown } from './common/lifecycle/graceful-shutdown.js';
import { Logs } from './common/logging/logging.module.js';
import { LeanIoAdapter } from './modules/realtime/lean-io.adapter.js';
import { RedisIoAdapter } from './modules/realtime/redis-io.adapter.js';
import { serveWebAssets } from './modules/web/web-assets.js';

export const API_PREFIX = 'api/v1';

const levels: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Global HTTP setup shared by `main.ts` and the end-to-end tests (create the app with `bodyParser: false`). */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  // JSON logs: every request's line, those that fail before Nest (a malformed body) included
  const http = app.get(Logs).http;
  if (http) express.use(http);
  express.use(countRequests(app.get(Drain)));
  express.use(json({ limit: '256kb' }));
  express.use(urlencoded({ extended: false, limit: '256kb' }));
  // body-parser failures (malformed JSON, body too large) never reach Nest's filters
  express.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    const body = toErrorBody(err);
    res.status(body.statusCode).json(body);
  });
  express.disable('x-powered-by');
  express.set('trust proxy', 'loopback');
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/{*path}', 'metrics', 'admin', 'admin/{*path}', 'app', 'app/{*path}', 'widget.js', 'widget/panel', 'demo'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  // website widgets call the visitor API from other origins; tokens travel in headers, never cookies
  app.enableCors({ origin: true, credentials: false });
  serveWebAssets(express, app.get(AppConfig).webDir);
  const redisUrl = app.get(AppConfig).redisUrl;
  app.useWebSocketAdapter(redisUrl ? new RedisIoAdapter(app, redisUrl) : new LeanIoAdapter(app));

  const doc = new DocumentBuilder()
    .setTitle('Switchboard')
    .setDescription('Live chat for contact centers: REST API. Realtime events are described in docs/realtime.md.')
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'apiKey')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
}

export async function createApp(options: AppOptions = {}): Promise<INestApplication> {
  const env = options.env ?? process.env;
  const level = String(env.LOG_LEVEL ?? 'log') as LogLevel;
  const json = logFormatOf(env) === 'json';
  const app = await NestFactory.create<NestExpressApplication>(await AppModule.forRoot(options), {
    bodyParser: false,
    logger: levels.slice(0, levels.indexOf(level) + 1),
    // JSON logs: Nest's lines wait for pino (src/common/logging), then go through it
    bufferLogs: json,
  });
  const pino = app.get(Logs).nest;
  if (pino) app.useLogger(pino);
  configureApp(app);
  return app;
}

export async function listen(app: INestApplication): Promise<void> {
  const config = app.get(AppConfig);
  await app.listen(config.port, config.host);
  installGracefulShutdown(app);
  const url = await app.getUrl();
  const log = new Logger('Switchboard');
  log.log(`Listening on ${url} (API ${url}/${API_PREFIX}, docs ${url}/api/docs, admin ${url}/admin)`);
  log.log(`Agent workspace: ${url}/app   Demo website with the chat widget: ${url}/demo (open both side by side)`);
  const owner = config.bootstrapOwner;
  if (owner?.isDemo) log.log(`Embedded demo database. Sign in as ${owner.email} / ${owner.password}`);
}
