import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { ASYNC_LISTENER, type DomainEventMap } from '../../common/events/domain-events.js';
import { RealtimeRelay } from './realtime.relay.js';
import { rooms } from './rooms.js';
import '../blacklist/blacklist.events.js';

/**
 * A block or its lifting reaches the agents following the chats it touched
 * (the source chat and the open chats of that contact), so that a Customer
 * panel open anywhere shows the contact as blocked at once. Never visitors.
 */
@Injectable()
export class ContactRelay {
  constructor(private readonly relay: RealtimeRelay) {}

  @OnEvent('contact.blocked', ASYNC_LISTENER)
  blocked({ entry, transactionIds }: DomainEventMap['contact.blocked']) {
    if (transactionIds.length) this.relay.agents?.to(transactionIds.map(rooms.transaction)).emit('contact.blocked', { transactionIds, type: entry.type, value: entry.value });
  }

  @OnEvent('contact.unblocked', ASYNC_LISTENER)
  unblocked({ entry, transactionIds }: DomainEventMap['contact.unblocked']) {
    if (transactionIds.length) this.relay.agents?.to(transactionIds.map(rooms.transaction)).emit('contact.unblocked', { transactionIds, type: entry.type, value: entry.value });
  }
}
