import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AppConfig } from '../../common/config/app-config.js';
import { Db } from '../../common/database/db.service.js';
import type { DomainEventMap } from '../../common/events/domain-events.js';
import { Drain } from '../../common/lifecycle/drain.js';
import { TransactionStore } from '../chat/transaction-store.js';
import { RealtimeRelay } from '../realtime/realtime.relay.js';
import '../chat/chat.events.js';
import '../message/message.events.js';
import '../routing/routing.events.js';
import '../transfer/transfer.events.js';

/**
 * This process's Prometheus metrics. Counters count what this instance did
 * (sum them over instances); gauges read from the database (chats by status,
 * waiting queues) are the same on every instance: take one, not the sum.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly messages = new Counter({ name: 'switchboard_messages_total', help: 'Messages stored, by sender type', labelNames: ['sender'], registers: [this.registry] });
  private readonly acks = new Histogram({
    name: 'switchboard_socket_ack_seconds',
    help: 'Time from a socket request to its acknowledgement (every event; counts per event in switchboard_socket_requests_total)',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly socketRequests = new Counter({
    name: 'switchboard_socket_requests_total',
    help: 'Socket requests answered, by event and whether the ack was ok',
    labelNames: ['event', 'ok'],
    registers: [this.registry],
  });
  private readonly offers = new Counter({ name: 'switchboard_offers_total', help: 'Chats offered to an agent', registers: [this.registry] });
  private readonly offerOutcomes = new Counter({ name: 'switchboard_offer_outcomes_total', help: 'Answered offers, by outcome (accepted, rejected, expired)', labelNames: ['outcome'], registers: [this.registry] });
  private readonly transferOutcomes = new Counter({ name: 'switchboard_transfer_outcomes_total', help: 'Agent transfers settled, by outcome', labelNames: ['outcome'], registers: [this.registry] });
  private readonly deadlines = new Counter({ name: 'switchboard_deadlines_fired_total', help: 'Deadlines this instance acted on, by kind (offer, transfer, inactivity)', labelNames: ['kind'], registers: [this.registry] });

  constructor(
    private readonly db: Db,
    private readonly relay: RealtimeRelay,
    private readonly store: TransactionStore,
    drain: Drain,
    config: AppConfig,
  ) {
    this.registry.setDefaultLabels({ instance: config.instanceId });
    collectDefaultMetrics({ register: this.registry, prefix: 'switchboard_process_' });
    drain.onSettled((kind, name, seconds, ok) => {
      if (kind !== 'ws') return;
      this.acks.observe(seconds);
      this.socketRequests.inc({ event: name, ok: String(ok) });
    });
    const metrics = this;
    new Gauge({
      name: 'switchboard_chats',
      help: 'Chats by status (whole database)',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await metrics.store.countsByStatus()) this.set({ status: row.status }, row.count);
      },
    });
    new Gauge({
      name: 'switchboard_waiting_chats',
      help: 'Waiting queue length per inbox (whole database)',
      labelNames: ['inbox'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await metrics.store.waitingByInbox()) this.set({ inbox: row.inboxId }, row.count);
      },
    });
    new Gauge({
      name: 'switchboard_sockets_connected',
      help: 'Socket.IO connections to this instance, by namespace',
      labelNames: ['namespace'],
      registers: [this.registry],
      collect() {
        this.set({ namespace: 'agent' }, metrics.relay.agents?.sockets.size ?? 0);
        this.set({ namespace: 'visitor' }, metrics.relay.visitors?.sockets.size ?? 0);
      },
    });
    new Gauge({
      name: 'switchboard_db_pool_connections',
      help: 'Database pool connections of this instance, by state (MySQL/MariaDB; the embedded SQLite has one)',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const pool = (metrics.db.dataSource.driver as unknown as { pool?: { _allConnections?: { length: number }; _freeConnections?: { length: number }; _connectionQueue?: { length: number } } }).pool;
        if (!pool?._allConnections) {
          this.set({ state: 'in_use' }, 1);
          return;
        }
        const all = pool._allConnections.length;
        const free = pool._freeConnections?.length ?? 0;
        this.set({ state: 'in_use' }, all - free);
        this.set({ state: 'idle' }, free);
        this.set({ state: 'waiting_requests' }, pool._connectionQueue?.length ?? 0);
      },
    });
  }

  @OnEvent('message.created')
  message({ message }: DomainEventMap['message.created']) {
    this.messages.inc({ sender: message.sender.type });
  }

  @OnEvent('transaction.offered')
  offered() {
    this.offers.inc();
  }

  @OnEvent('offer.released')
  released({ outcome }: DomainEventMap['offer.released']) {
    this.offerOutcomes.inc({ outcome });
    if (outcome === 'expired') this.deadlines.inc({ kind: 'offer' });
  }

  @OnEvent('transaction.updated')
  updated({ transaction, previous }: DomainEventMap['transaction.updated']) {
    if (previous.status === 'assigning' && transaction.status === 'assigned') this.offerOutcomes.inc({ outcome: 'accepted' });
    if (previous.status !== transaction.status && transaction.endReason?.endsWith('_inactivity')) this.deadlines.inc({ kind: 'inactivity' });
  }

  @OnEvent('transfer.accepted')
  transferAccepted() {
    this.transferOutcomes.inc({ outcome: 'accepted' });
  }

  @OnEvent('transfer.rejected')
  transferRejected() {
    this.transferOutcomes.inc({ outcome: 'rejected' });
  }

  @OnEvent('transfer.cancelled')
  transferCancelled() {
    this.transferOutcomes.inc({ outcome: 'cancelled' });
  }

  @OnEvent('transfer.expired')
  transferExpired() {
    this.transferOutcomes.inc({ outcome: 'expired' });
    this.deadlines.inc({ kind: 'transfer' });
  }
}
