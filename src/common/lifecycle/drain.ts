import { CallHandler, ExecutionContext, Global, Injectable, Module, NestInterceptor } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { finalize, Observable, of, tap } from 'rxjs';

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

/** Counts every REST request and socket event handler in flight (global: applies to controllers and gateways). */
@Injectable()
export class InFlightInterceptor implements NestInterceptor {
  constructor(private readonly drain: Drain) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const kind = context.getType() === 'ws' ? 'ws' : 'http';
    if (kind === 'ws' && this.drain.isDraining) return of(SERVER_DRAINING);
    const name = kind === 'ws' ? String(context.switchToWs().getPattern()) : `${context.getClass().name}.${context.getHandler().name}`;
    const began = process.hrtime.bigint();
    let ok = true;
    this.drain.started();
    return next.handle().pipe(
      tap({
        next: (value) => {
          if (value && typeof value === 'object' && (value as { ok?: unknown }).ok === false) ok = false;
        },
        error: () => (ok = false),
      }),
      finalize(() => this.drain.settled(kind, name, Number(process.hrtime.bigint() - began) / 1e9, ok)),
    );
  }
}

@Global()
@Module({ providers: [Drain, { provide: APP_INTERCEPTOR, useClass: InFlightInterceptor }], exports: [Drain] })
export class LifecycleModule {}
