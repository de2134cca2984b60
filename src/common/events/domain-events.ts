import { Global, Injectable, Logger, Module } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';

/**
 * The typed map of everything the domain announces. Each module adds its own
 * events to it in `<module>.events.ts` through declaration merging, and the
 * realtime module listens with `@OnEvent(name)`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEventMap {}

export type DomainEventName = keyof DomainEventMap & string;

/**
 * `@OnEvent` options for a listener that works after the emitter's turn (`async`: the
 * emitter, often a request, does not wait for it), returns a promise (`promisify`), and
 * whose failure stays its own (`suppressErrors`): the realtime relays and the routing
 * and transfer listeners.
 */
export const ASYNC_LISTENER = { async: true, promisify: true, suppressErrors: true } as const;

/** Publish domain events. Call it after the database transaction committed, never inside it. */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger('DomainEvents');

  constructor(private readonly emitter: EventEmitter2) {}

  emit<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): void {
    try {
      this.emitter.emit(name, payload);
    } catch (err) {
      this.logger.error(`listener of ${name} failed: ${(err as Error).stack ?? err}`);
    }
  }

  /** Emits and waits for async listeners (used where an event must be handled before the caller answers). */
  async emitAndWait<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): Promise<void> {
    try {
      await this.emitter.emitAsync(name, payload);
    } catch (err) {
      this.logger.error(`listener of ${name} failed: ${(err as Error).stack ?? err}`);
    }
  }
}

/** Collects events during a unit of work so they are published only once it committed. */
export class EventBuffer {
  private readonly pending: Array<[DomainEventName, unknown]> = [];

  add<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): void {
    this.pending.push([name, payload]);
  }

  flush(events: DomainEvents): void {
    for (const [name, payload] of this.pending.splice(0)) events.emit(name as never, payload as never);
  }
}

@Global()
@Module({ providers: [DomainEvents], exports: [DomainEvents] })
export class DomainEventsModule {}
