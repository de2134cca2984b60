import { Global, Injectable, Module } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Called when a request or a socket event handler settles: its kind, its name and how long it took. */
export type SettledObserver = (kind: 'http' | 'ws', name: string, seconds: number, ok: boolean) => void;

/**
 * This process's part in a graceful shutdown: whether it is draining (readiness
 * then answers 503 and new socket events are refused with `server_draining`),
 * and the request and socket-event handlers still running, so that a shutdown
 * finishes them (their acks reach the client) before the pools close.
 * Work that is not a handler (a module's write buffer, a sweep pass) finishes in
 * the module's own `beforeApplicationShutdown`/`onApplicationShutdown` hook.
 */
@Injectable()
export class Drain {
  private draining = false;
  private running = 0;
  private waiters: Array<() => void> = [];
  private readonly observers: SettledObserver[] = [];

  get isDraining() {
    return this.draining;
  }

  get inFlight() {
    return this.running;
  }

  begin() {
    this.draining = true;
  }

  onSettled(observer: SettledObserver) {
    this.observers.push(observer);
  }

  started() {
    this.running++;
  }

  settled(kind: 'http' | 'ws', name: string, seconds: number, ok: boolean) {
    this.running--;
    for (const observe of this.observers) observe(kind, name, seconds, ok);
    if (this.running === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves when no handler runs any more, or after `timeoutMs` (then false). */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

export const SERVER_DRAINING = { ok: false, code: 'server_draining', message: 'This server is shutting down: send again once reconnected' } as const;

/**
 * Counts every HTTP request in flight, from its arrival to the end of its
 * response (an Express middleware, installed by `configureApp`). Socket events
 * are counted where their handlers are bound (`LeanIoAdapter`): a global Nest
 * interceptor would wrap every socket event in an rxjs pipeline.
 */
export function countRequests(drain: Drain) {
  return (req: Request, res: Response, next: NextFunction) => {
    const began = process.hrtime.bigint();
    drain.started();
    res.once('close', () => drain.settled('http', `${req.method} ${req.route?.path ?? req.path}`, Number(process.hrtime.bigint() - began) / 1e9, res.statusCode < 500));
    next();
  };
}

@Global()
@Module({ providers: [Drain], exports: [Drain] })
export class LifecycleModule {}
