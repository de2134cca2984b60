import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { isObservable, type Observable } from 'rxjs';
import type { Socket } from 'socket.io';

/**
 * Nest's Socket.IO adapter with a leaner binding of message handlers. Nest's
 * own builds an rxjs pipeline per handler per socket (`fromEvent`, `mergeMap`,
 * `takeUntil(disconnect)`, a subscriber chain): with 12 handlers that is
 * dozens of objects kept for each connected socket, and their setup on every
 * connection. This binds one plain listener per handler, with the same
 * contract: the payload and ack are split the same way, a result with `event`
 * is emitted, any other non-null result is the ack, errors are logged.
 */
export class LeanIoAdapter extends IoAdapter {
  private readonly log = new Logger('LeanIoAdapter');

  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(String(message), (...args: unknown[]) => {
        // as rxjs' fromEvent: one argument as is, several as an array
        const { data, ack } = this.mapPayload(args.length === 1 ? args[0] : args);
        const answer = (response: unknown) => {
          if (response === null || response === undefined) return;
          const event = (response as { event?: string; data?: unknown }).event;
          if (event) {
            socket.emit(event, (response as { data?: unknown }).data);
            return;
          }
          if (!isAckHandledManually && typeof ack === 'function') ack(response);
        };
        const fail = (err: unknown) => this.log.error(err);
        let result: unknown;
        try {
          result = callback(data, ack);
        } catch (err) {
          fail(err);
          return;
        }
        Promise.resolve(result).then((value) => {
          if (isObservable(value)) transform(value).subscribe({ next: answer, error: fail });
          else answer(value);
        }, fail);
      });
    }
  }
}
