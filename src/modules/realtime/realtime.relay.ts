import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { Namespace } from 'socket.io';
import { AccessService } from '../inbox/access.service.js';
import { Coalescer } from '../../common/concurrency/coalescer.js';
import { ASYNC_LISTENER, type DomainEventMap } from '../../common/events/domain-events.js';
import { RoutingService } from '../routing/routing.service.js';
import type { AgentClientEvents, AgentServerEvents, VisitorClientEvents, VisitorServerEvents } from './realtime.contract.js';
import { rooms } from './rooms.js';
import { encodeOnce } from './shared-encoding.js';
import '../chat/chat.events.js';
import '../message/message.events.js';
import '../routing/routing.events.js';

/**
 * Turns domain events into Socket.IO emits. The rule of who receives what
 * lives here and nowhere else. Recipients are computed when the event
 * happens (e.g. who may see an inbox now), so access changes apply at once.
 * With the Redis adapter, an emit reaches sockets on every instance.
 */
@Injectable()
export class RealtimeRelay implements BeforeApplicationShutdown {
  agents?: Namespace<AgentClientEvents, AgentServerEvents>;
  visitors?: Namespace<VisitorClientEvents, VisitorServerEvents>;
  private readonly queueFanOuts = new Coalescer();

  constructor(
    private readonly access: AccessService,
    private readonly routing: RoutingService,
  ) {}

  /**
   * Shutdown (after in-flight handlers answered): close this instance's socket
   * transports. Clients see `transport close`, reconnect through the load
   * balancer to another instance and `sync` from their last message.
   */
  beforeApplicationShutdown() {
    for (const nsp of [this.agents, this.visitors]) for (const socket of nsp?.sockets.values() ?? []) socket.conn.close();
  }

  /** A new chat (or one moved into an inbox): every agent who may see the inbox. */
  @OnEvent('transaction.created', ASYNC_LISTENER)
  async chatNew({ transaction }: DomainEventMap['transaction.created']) {
    const users = await this.access.usersWhoMaySeeInbox(transaction.inboxId);
    if (users.length) this.agents?.to(users.map(rooms.agent)).emit('chat.new', { transaction });
  }

  @OnEvent('transaction.offered', ASYNC_LISTENER)
  offered({ transaction, agentId, expiresAt }: DomainEventMap['transaction.offered']) {
    this.agents?.to(rooms.agent(agentId)).emit('chat.offered', { transaction, expiresAt });
  }

  /** The agents of the TXN (now and just before, e.g. an expired offer), its followers, and its visitor. */
  @OnEvent('transaction.updated', ASYNC_LISTENER)
  async updated({ transaction, previous }: DomainEventMap['transaction.updated']) {
    const targets = [rooms.transaction(transaction.id)];
    if (transaction.assigneeId) targets.push(rooms.agent(transaction.assigneeId));
    if (previous.assigneeId && previous.assigneeId !== transaction.assigneeId) targets.push(rooms.agent(previous.assigneeId));
    this.agents?.to(targets).emit('chat.updated', { transaction });
    this.visitors?.to(rooms.visitor(transaction.id)).emit('chat.updated', { transaction });
    if (previous.inboxId !== transaction.inboxId) {
      // moved to another inbox: followers must earn access again
      this.agents?.in(rooms.transaction(transaction.id)).socketsLeave(rooms.transaction(transaction.id));
    }
  }

  /** Everyone of the chat, the sending socket too (API.md: its visitor and its agents hear every message, also their own). */
  @OnEvent('message.created', ASYNC_LISTENER)
  messageNew({ message, transaction }: DomainEventMap['message.created']) {
    const targets = [rooms.transaction(transaction.id)];
    if (transaction.assigneeId) targets.push(rooms.agent(transaction.assigneeId));
    // the same message is the sender's ack too: its JSON is written once for all three packets
    const payload = { message: encodeOnce(message) };
    this.agents?.to(targets).emit('message.new', payload);
    this.visitors?.to(rooms.visitor(transaction.id)).emit('message.new', payload);
  }

  @OnEvent('typing', ASYNC_LISTENER)
  typing({ transaction, from, typing }: DomainEventMap['typing']) {
    const payload = { transactionId: transaction.id, typing, from };
    if (from === 'visitor') {
      const targets = [rooms.transaction(transaction.id)];
      if (transaction.assigneeId) targets.push(rooms.agent(transaction.assigneeId));
      this.agents?.to(targets).emit('typing', payload);
    } else {
      this.visitors?.to(rooms.visitor(transaction.id)).emit('typing', payload);
    }
  }

  /**
   * The waiting visitors of an inbox learn their new positions. A burst of
   * starts or offers changes the queue many times a second: the fan-outs of
   * one inbox are coalesced (one running, one waiting that later changes join),
   * each reading the queue once, so every visitor still ends on their latest position.
   */
  @OnEvent('queue.changed', ASYNC_LISTENER)
  async queue({ inboxId }: DomainEventMap['queue.changed']) {
    await this.queueFanOuts.run(inboxId, async () => {
      for (const { transactionId, position } of await this.routing.queue(inboxId)) {
        this.visitors?.to(rooms.visitor(transactionId)).emit('queue.position', { transactionId, position });
      }
    });
  }
}
