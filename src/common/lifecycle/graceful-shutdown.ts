import { INestApplication, Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import { AppConfig } from '../config/app-config.js';
import { Drain } from './drain.js';

/**
 * SIGTERM/SIGINT: drain, then close, within SHUTDOWN_TIMEOUT_MS.
 * 1. readiness answers 503 and new socket events get `server_draining`;
 * 2. the listener closes (no new connections; the load balancer retries elsewhere);
 * 3. the REST requests and socket events already running finish and answer;
 * 4. `app.close()` runs the modules' shutdown hooks: socket transports close
 *    (clients reconnect elsewhere), this instance's presence rows go, the
 *    sweeper's pass in progress commits, then the database and Redis pools close.
 */
export function installGracefulShutdown(app: INestApplication): void {
  const log = new Logger('Shutdown');
  const drain = app.get(Drain);
  const timeoutMs = app.get(AppConfig).shutdownTimeoutMs;
  let started = false;
  const shutdown = async (signal: string) => {
    if (started) return;
    started = true;
    const began = Date.now();
    setTimeout(() => {
      log.error(`still running ${timeoutMs} ms after ${signal}: exiting anyway`);
      process.exit(1);
    }, timeoutMs).unref();
    log.log(`${signal}: draining (${drain.inFlight} in flight)`);
    drain.begin();
    const server = app.getHttpServer() as Server;
    server.close();
    server.closeIdleConnections();
    const finished = await drain.idle(Math.max(0, timeoutMs - 3000));
    if (!finished) log.warn(`${drain.inFlight} handlers still running; closing anyway`);
    try {
      await app.close();
    } catch (err) {
      log.error(`shutdown hook failed: ${(err as Error).stack ?? err}`);
      process.exit(1);
    }
    log.log(`stopped in ${Date.now() - began} ms`);
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutdown(signal));
}
