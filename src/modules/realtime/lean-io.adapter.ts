import { Logger, type INestApplicationContext } from '@nestjs/common';
import { Drain, SERVER_DRAINING } from '../../common/lifecycle/drain.js';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { isObservable, type Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import { CoalescingWebSocketServer } from './frame-coalescing.js';
import { sharingParser } from './shared-encoding.js';

/**
 * Nest's Socket.IO adapter with a leaner binding of message handlers, which
 * also counts each handler in the process's drain (no global interceptor does:
 * one would wrap every socket event in an rxjs pipeline). Nest's
 * own builds an rxjs pipeline per handler per socket (`fromEvent`, `mergeMap`,
 * `takeUntil(disconnect)`, a subscriber chain): with 12 handlers that is
 * dozens of objects kept for each connected socket, and their setup on every
 * connection. This binds one plain listener per handler, with the same
 * contract: the payload and ack are split the same way, a result with `event`
 * is emitted, any other non-null result is the ack, errors are logged.
 */
export class LeanIoAdapter extends IoAdapter {
  private readonly log = new Logger('LeanIoAdapter');
  private drainOf?: Drain;

  constructor(private readonly app: INestApplicationContext) {
    super(app);
  }

  /** The process's drain: every handler is counted in flight, and refused with `server_draining` while the process shuts down. */
  private get drain(): Drain {
    return (this.drainOf ??= this.app.get(Drain));
  }

  /** Every server this adapter makes writes a socket's frames of one event-loop turn together (`frame-coalescing.ts`). */
  override createIOServer(port: number, options?: ServerOptions): Server {
    return super.createIOServer(port, { ...options, wsEngine: CoalescingWebSocketServer, parser: sharingParser } as ServerOptions);
  }

  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    const drain = this.drain;
    for (const { message, callback, isAckHandledManually } of handlers) {
      const name = String(message);
      socket.on(name, (...args: unknown[]) => {
        // as rxjs' fromEvent: one argument as is, several as an array
        const { data, ack } = this.mapPayload(args.length === 1 ? args[0] : args);
        if (drain.isDraining) {
          if (typeof ack === 'function') ack(SERVER_DRAINING);
          return;
        }
        const began = process.hrtime.bigint();
        drain.started();
        let open = true;
        const settle = (ok: boolean) => {
          if (!open) return;
          open = false;
          drain.settled('ws', name, Number(process.hrtime.bigint() - began) / 1e9, ok);
        };
        const answer = (response: unknown) => {
          const event = (response as { event?: string } | null)?.event;
          if (event) socket.emit(event, (response as { data?: unknown }).data);
          else if (response !== null && response !== undefined && !isAckHandledManually && typeof ack === 'function') ack(response);
          // counted out once the answer is on its way
          settle((response as { ok?: unknown } | null)?.ok !== false);
        };
        const fail = (err: unknown) => {
          settle(false);
          this.log.error(err);
        };
        let result: unknown;
        try {
          result = callback(data, ack);
        } catch (err) {
          fail(err);
          return;
        }
        Promise.resolve(result).then((value) => {
          if (isObservable(value)) transform(value).subscribe({ next: answer, error: fail, complete: () => settle(true) });
          else answer(value);
        }, fail);
      });
    }
  }
}
