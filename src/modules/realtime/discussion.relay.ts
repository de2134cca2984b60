import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { AccessService } from '../inbox/access.service.js';
import { ASYNC_LISTENER, type DomainEventMap } from '../../common/events/domain-events.js';
import { RealtimeRelay } from './realtime.relay.js';
import { rooms } from './rooms.js';
import '../discussion/discussion.events.js';

/**
 * The internal discussion goes to agents only, never to the `/visitor`
 * namespace: the discussion's participants who may still see the inbox, and
 * the agents following the TXN (`transaction.join` checked their access).
 * Mentioned agents also get a `discussion.mention` notification.
 */
@Injectable()
export class DiscussionRelay {
  constructor(
    private readonly relay: RealtimeRelay,
    private readonly access: AccessService,
  ) {}

  @OnEvent('discussion.message', ASYNC_LISTENER)
  async message({ message, transactionId, inboxId, participantIds, mentionedIds }: DomainEventMap['discussion.message']) {
    const allowed = new Set(await this.access.usersWhoMaySeeInbox(inboxId));
    const participants = participantIds.filter((id) => allowed.has(id)).map(rooms.agent);
    this.relay.agents?.to([rooms.transaction(transactionId), ...participants]).emit('discussion.message', { message });
    const mentioned = mentionedIds.filter((id) => allowed.has(id)).map(rooms.agent);
    if (mentioned.length) this.relay.agents?.to(mentioned).emit('discussion.mention', { transactionId, message });
  }
}
