import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { Coalescer } from '../../common/concurrency/coalescer.js';
import { Db } from '../../common/database/db.service.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { newId } from '../../common/ids/ids.js';
import { Sweeper } from '../../common/scheduling/sweeper.js';
import { InboxDirectoryService } from '../inbox/inbox-directory.service.js';
import { OrganizationSettingsService } from '../organization/organization-settings.service.js';
import { UserDirectoryService } from '../user/user-directory.service.js';
import { ChatViews } from '../chat/chat.views.js';
import { SYSTEM, recordTimeline, type Actor } from '../chat/timeline.js';
import { lockTransaction } from '../chat/transaction-lock.js';
import { TransactionStore } from '../chat/transaction-store.js';
import type { TransactionRow } from '../chat/transaction.types.js';
import { ChatOffer } from './entities/chat-offer.entity.js';
import '../chat/chat.events.js';
import './routing.events.js';

interface Candidate {
  id: string;
  active: number;
  limit: number;
  lastOfferedAt: Date | null;
}

/** How many waiting chats one routing pass looks at, oldest first. */
const BATCH = 50;

/**
 * Offers waiting chats to agents, oldest first, under the capacity limit.
 *
 * The limit holds under concurrency and across instances because an offer is
 * made inside one database transaction that first locks the agent's row
 * (`SELECT … FOR UPDATE`), then counts the agent's active chats, then moves the
 * chat from `waiting` to `assigning` with a conditional update. Two offers to
 * the same agent serialize on the lock; two offers of the same chat cannot both
 * match `status = 'waiting'`.
 */
@Injectable()
export class RoutingService implements OnModuleInit {
  private readonly drains = new Coalescer();
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly views: ChatViews,
    private readonly sweeper: Sweeper,
    private readonly store: TransactionStore,
    @InjectRepository(ChatOffer) private readonly offers: Repository<ChatOffer>,
    private readonly inboxes: InboxDirectoryService,
    private readonly agents: UserDirectoryService,
    private readonly settings: OrganizationSettingsService,
  ) {}

  onModuleInit() {
    this.sweeper.register('offer-timeouts', (now) => this.expireOffers(now));
  }

  /**
   * Offers the waiting chats of these inboxes to free agents until no more match.
   * Concurrent drains of the same inboxes in this process are coalesced (one
   * running, one waiting that every later caller joins): a burst of starts
   * does not run one full drain per start, all racing for the same agents.
   */
  drain(inboxIds: string[]): Promise<void> {
    const ids = [...new Set(inboxIds)].sort();
    if (!ids.length) return Promise.resolve();
    return this.drains.run(ids.join(','), () => this.drainNow(ids));
  }

  private async drainNow(inboxIds: string[]): Promise<void> {
    for (let pass = 0; pass < 100; pass++) {
      // only inboxes that route automatically (asked each pass: an inbox may be switched meanwhile)
      const routed = await this.inboxes.autoAssigned(inboxIds);
      if (!routed.length) return;
      const waiting = await this.store.waitingIn(routed, BATCH);
      if (!waiting.length) return;
      let offered = 0;
      for (const txn of waiting) {
        for (const candidate of await this.candidates(txn)) {
          if (await this.offer(txn, candidate)) {
            offered++;
            break;
          }
        }
      }
      if (offered === 0 || waiting.length < BATCH) return;
    }
  }

  /** An agent freed a slot, came online or joined inboxes: the oldest waiting chats of their inboxes first. */
  async drainForAgent(userId: string): Promise<void> {
    await this.drain(await this.inboxes.inboxIdsOf(userId));
  }

  async drainOrganization(organizationId: string): Promise<void> {
    await this.drain(await this.inboxes.staffedInboxIds(organizationId));
  }

  /** Online agents of the chat's inbox with a free slot who have not declined it: least busy, then idle longest. */
  private async candidates(txn: TransactionRow): Promise<Candidate[]> {
    const org = await this.settings.get(txn.organizationId);
    // the inbox's agents (inbox module) who have not declined this chat (our offers), online (user module), with their chats (chat module);
    // advisory: the offer checks presence and capacity again under the agent's row lock
    const members = await this.inboxes.agentIds(txn.inboxId);
    if (!members.length) return [];
    const declined = new Set(
      (await this.offers.find({ where: { transactionId: txn.id, status: In(['rejected', 'expired']) }, select: ['agentId'] })).map((o) => o.agentId),
    );
    const rows = await this.agents.onlineAgents(members.filter((id) => !declined.has(id)));
    const active = await this.store.activeCounts(rows.map((r) => r.id));
    return rows
      .map((r) => ({
        id: r.id,
        active: active.get(r.id) ?? 0,
        limit: r.maxActiveChats ?? org.maxActiveChatsPerAgent,
        lastOfferedAt: r.lastOfferedAt ? new Date(r.lastOfferedAt) : null,
      }))
      .filter((c) => c.active < c.limit)
      .sort((a, b) => a.active - b.active || (a.lastOfferedAt?.getTime() ?? 0) - (b.lastOfferedAt?.getTime() ?? 0) || a.id.localeCompare(b.id));
  }

  /** One offer, all or nothing; false when the agent filled up or the chat was taken meanwhile. */
  private async offer(txn: TransactionRow, candidate: Candidate): Promise<boolean> {
    const org = await this.settings.get(txn.organizationId);
    const made = await this.db.transaction(async (em) => {
      const agent = await this.agents.lockForOffer(em, candidate.id);
      if (!agent || agent.presence !== 'online') return null;
      const active = await this.store.countActive(em, agent.id);
      if (active >= (agent.maxActiveChats ?? org.maxActiveChatsPerAgent)) return null;

      const now = this.clock.now();
      const expiresAt = new Date(now.getTime() + org.offerTimeoutSeconds * 1000);
      const offerId = newId();
      if (!(await this.store.claimForOffer(em, txn.id, { agentId: agent.id, offerId, expiresAt, now }))) return null;
      await em.getRepository(ChatOffer).insert({ id: offerId, transactionId: txn.id, agentId: agent.id, status: 'pending', offeredAt: now, expiresAt, answeredAt: null });
      await this.agents.markOffered(em, agent.id, now);
      await recordTimeline(em, txn.id, 'offered', SYSTEM, now, { agentId: agent.id, offerId, expiresAt: expiresAt.toISOString() });
      return { agentId: agent.id, expiresAt };
    });
    if (!made) return false;
    const view = await this.views.transactionById(txn.id);
    this.events.emit('transaction.offered', { transaction: view, agentId: made.agentId, expiresAt: made.expiresAt.toISOString() });
    this.events.emit('transaction.updated', { transaction: view, previous: { status: 'waiting', assigneeId: null, inboxId: txn.inboxId } });
    this.events.emit('queue.changed', { inboxId: txn.inboxId });
    return true;
  }

  /**
   * Sweeper task: offers past their deadline go back to waiting and on to the
   * next agent. The conditional update on (status, offerId) makes each expiry
   * fire once, whichever instance sweeps first.
   */
  async expireOffers(now: Date): Promise<void> {
    const due = await this.store.offersDue(now, 200);
    const inboxes = new Set<string>();
    const agents = new Set<string>();
    for (const txn of due) {
      const expired = await this.releaseOffer(txn, 'expired', SYSTEM, now);
      if (expired) {
        inboxes.add(txn.inboxId);
        agents.add(txn.assigneeId!);
      }
    }
    if (inboxes.size) await this.drain([...inboxes]);
    for (const agentId of agents) await this.drainForAgent(agentId);
  }

  /**
   * Takes a pending offer back (rejected by the agent or expired): the chat waits
   * again and its waiting-inactivity clock resumes. Returns false if the offer was
   * no longer pending.
   */
  async releaseOffer(txn: TransactionRow, outcome: 'rejected' | 'expired', actor: Actor, now: Date): Promise<boolean> {
    const org = await this.settings.get(txn.organizationId);
    const released = await this.db.transaction(async (em) => {
      const current = await lockTransaction(this.db, em, txn.id);
      if (current.status !== 'assigning' || current.offerId !== txn.offerId) return false;
      if (outcome === 'expired' && (!current.offerExpiresAt || current.offerExpiresAt.getTime() > now.getTime())) return false;
      const deadline = new Date(current.lastActivityAt.getTime() + org.waitingInactivitySeconds * 1000);
      await this.store.returnToWaiting(em, txn.id, deadline, now);
      await em.getRepository(ChatOffer).update({ id: current.offerId!, status: 'pending' }, { status: outcome, answeredAt: now });
      await recordTimeline(em, txn.id, outcome === 'rejected' ? 'offer_rejected' : 'offer_expired', actor, now, { agentId: current.assigneeId, offerId: current.offerId });
      return true;
    });
    if (!released) return false;
    this.events.emit('offer.released', { transactionId: txn.id, agentId: txn.assigneeId!, outcome });
    const view = await this.views.transactionById(txn.id);
    this.events.emit('transaction.updated', { transaction: view, previous: { status: 'assigning', assigneeId: txn.assigneeId, inboxId: txn.inboxId } });
    this.events.emit('queue.changed', { inboxId: txn.inboxId });
    return true;
  }

  /**
   * The pending offer of a TXN whose row the caller locked is answered by the
   * chat's lifecycle: accepted, or cancelled when the chat ends (inside the
   * caller's transaction; only a pending offer changes).
   */
  async answerOffer(em: EntityManager, offerId: string, outcome: 'accepted' | 'cancelled', now: Date): Promise<void> {
    await em.getRepository(ChatOffer).update({ id: offerId, status: 'pending' }, { status: outcome, answeredAt: now });
  }

  /** 1-based position among the inbox's waiting chats, oldest first; null when not waiting. */
  queuePosition(txn: TransactionRow): Promise<number | null> {
    return this.store.queuePosition(txn);
  }

  /** Positions of every waiting chat of an inbox, oldest first. */
  async queue(inboxId: string): Promise<Array<{ transactionId: string; position: number }>> {
    return (await this.store.waitingIds(inboxId)).map((transactionId, i) => ({ transactionId, position: i + 1 }));
  }
}
