import { INestApplication, Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import { AppConfig } from '../config/app-config.js';
import { Drain } from './drain.js';

/**
 * A graceful stop of the app, within `timeoutMs` for the handlers:
 * 1. readiness answers 503 and new socket events get `server_draining`;
 * 2. the listener closes (no new connections; the load balancer retries elsewhere)
 *    and idle keep-alive connections close;
 * 3. the REST requests and socket events already running finish and answer;
 * 4. the keep-alive connections left close (their requests are answered), so
 *    that closing the HTTP server does not wait on a browser's open connection;
 * 5. `app.close()` runs the modules' shutdown hooks: socket transports close
 *    (clients reconnect elsewhere), this instance's presence rows go, the
 *    sweeper's pass in progress commits, then the database and Redis pools close.
 * Nest's own `close()` ends by closing the HTTP server, which waits for every
 * open connection: a browser's keep-alive connection, or one whose request is
 * still running, would hold it. Steps 2–4 leave none: no connection arrives
 * during the hooks, and the requests are answered before the pools close.
 * The tests stop their apps the same way. Resolves with whether every handler
 * finished in time.
 */
export async function shutDown(app: INestApplication, timeoutMs: number): Promise<boolean> {
  const drain = app.get(Drain);
  drain.begin();
  const server = app.getHttpServer() as Server;
  server.close();
  server.closeIdleConnections();
  const finished = await drain.idle(timeoutMs);
  server.closeAllConnections();
  await app.close();
  return finished;
}

/** SIGTERM/SIGINT: `shutDown` within SHUTDOWN_TIMEOUT_MS, then exit (exit 1 when it overran or a hook failed). */
export function installGracefulShutdown(app: INestApplication): void {
  const log = new Logger('Shutdown');
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
    log.log(`${signal}: draining (${app.get(Drain).inFlight} in flight)`);
    try {
      if (!(await shutDown(app, Math.max(0, timeoutMs - 3000)))) log.warn('handlers still running after the drain; closed anyway');
    } catch (err) {
      log.error(`shutdown hook failed: ${(err as Error).stack ?? err}`);
      process.exit(1);
    }
    log.log(`stopped in ${Date.now() - began} ms`);
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void shutdown(signal));
}
