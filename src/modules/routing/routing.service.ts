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
import { SYSTEM, recordTimeline, recordTimelines, type Actor } from '../chat/timeline.js';
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

/** How often each instance looks for waiting chats whose routing an event should have started (`checkBacklog`). */
export const BACKLOG_CHECK_SECONDS = 15;
/** Most inboxes one backlog check drains. */
const BACKLOG_INBOXES = 500;

/**
 * Offers waiting chats to agents, oldest first, under the capacity limit.
 *
 * The limit holds under concurrency and across instances because offers are
 * made inside one database transaction that first locks the agents' rows
 * (`SELECT … FOR UPDATE`, in id order, through `UserDirectoryService`), then
 * counts their active chats, then locks the chats still waiting
 * (`TransactionStore`) before moving them to `assigning`. Two offers to the
 * same agent serialize on the lock; two offers of the same chat cannot both
 * find it waiting.
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

  private backlogCheckedAt = Number.NEGATIVE_INFINITY;

  onModuleInit() {
    this.sweeper.register('offer-timeouts', (now) => this.expireOffers(now));
    this.sweeper.register('backlog', (now) => this.checkBacklog(now));
  }

  /**
   * Sweeper task, at most every `BACKLOG_CHECK_SECONDS` per instance: drains each
   * inbox that has waiting chats. Capacity appears with an event (a chat ends, an
   * agent comes online or is added, a limit is raised) whose listener drains the
   * backlog after the commit; a process that stops between the two (a crash, or a
   * restart while the listener runs) loses that drain, and in a quiet inbox nothing
   * else would start one. Each inbox on its own, as a chat start drains it (so the
   * two are coalesced), and one inbox's long backlog does not hold up the others'.
   */
  async checkBacklog(now: Date): Promise<void> {
    if (now.getTime() - this.backlogCheckedAt < BACKLOG_CHECK_SECONDS * 1000) return;
    this.backlogCheckedAt = now.getTime();
    for (const inboxId of await this.store.inboxesWithWaiting(BACKLOG_INBOXES)) await this.drain([inboxId]);
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

  /**
   * Pages of the inboxes' waiting chats, oldest first, until one offers nothing.
   * A full page that offers nothing although agents have free slots (they
   * declined those chats, or the page is another inbox's) must not hide the
   * newer chats behind it: with several inboxes each is then drained on its
   * own, and one inbox pages on past it (up to the pass limit).
   */
  private async drainNow(inboxIds: string[]): Promise<void> {
    let after: TransactionRow | undefined;
    for (let pass = 0; pass < 100; pass++) {
      // only inboxes that route automatically (asked each pass: an inbox may be switched meanwhile)
      const routed = await this.inboxes.autoAssigned(inboxIds);
      if (!routed.length) return;
      const waiting = await this.store.waitingIn(routed, BATCH, after);
      if (!waiting.length) return;
      const { offered, dropped, room } = await this.offerBatch(waiting);
      if (dropped > 0) {
        // part of the plan no longer held (another instance took those chats or slots first): again, from the oldest
        after = undefined;
        continue;
      }
      if (waiting.length < BATCH) return; // the rest of the backlog was on this page
      if (offered > 0 && room) continue; // the same page again, without the chats just offered
      // a full page that its inboxes' agents can take no more of: behind it may be another
      // inbox's chats (each inbox on its own then) or chats they have not declined (the next page)
      if (routed.length > 1) {
        for (const inboxId of routed) await this.drainNow([inboxId]);
        return;
      }
      if (!room) return;
      after = waiting[waiting.length - 1];
    }
  }

  /** An agent freed a slot, came online or joined inboxes: the oldest waiting chats of their inboxes first. */
  async drainForAgent(userId: string): Promise<void> {
    await this.drain(await this.inboxes.inboxIdsOf(userId));
  }

  async drainOrganization(organizationId: string): Promise<void> {
    await this.drain(await this.inboxes.staffedInboxIds(organizationId));
  }

  /**
   * The online agents of these inboxes with their active chats and limits, and
   * the agents each of these chats was declined by: the inboxes' agents (inbox
   * module), the online ones among them (user module), their chats (chat module),
   * the declines (our offers).
   */
  private async candidates(waiting: TransactionRow[]): Promise<{ byInbox: Map<string, Candidate[]>; declined: Set<string> }> {
    const memberships = await this.inboxes.memberships([...new Set(waiting.map((t) => t.inboxId))]);
    const online = new Map((await this.agents.onlineAgents(memberships.map((m) => m.userId))).map((u) => [u.id, u]));
    const active = await this.store.activeCounts([...online.keys()]);
    // one Candidate per agent, shared by their inboxes, so that planning counts each slot once
    const agents = new Map<string, Candidate>();
    const byInbox = new Map<string, Candidate[]>();
    for (const m of memberships) {
      const user = online.get(m.userId);
      if (!user) continue;
      let agent = agents.get(user.id);
      if (!agent) {
        const org = await this.settings.get(user.organizationId);
        agent = { id: user.id, active: active.get(user.id) ?? 0, limit: user.maxActiveChats ?? org.maxActiveChatsPerAgent, lastOfferedAt: user.lastOfferedAt ? new Date(user.lastOfferedAt) : null };
        agents.set(user.id, agent);
      }
      byInbox.set(m.inboxId, [...(byInbox.get(m.inboxId) ?? []), agent]);
    }
    const declinedRows = agents.size
      ? await this.offers.find({ where: { transactionId: In(waiting.map((t) => t.id)), status: In(['rejected', 'expired']) }, select: ['transactionId', 'agentId'] })
      : [];
    return { byInbox, declined: new Set(declinedRows.map((o) => `${o.transactionId}:${o.agentId}`)) };
  }

  /**
   * Offers a page of waiting chats (oldest first) at once. The plan is made in
   * memory: each chat goes to the online agent of its inbox with a free slot
   * who has not declined it, least busy first, then idle longest. Then one
   * database transaction makes the offers that still hold: it locks the planned
   * agents' rows (in id order, so two instances never deadlock), counts their
   * active chats again, locks the chats still waiting, and writes every offer
   * with one statement per table. An offer that no longer fits (the agent went
   * offline or filled up, another instance took the chat) is dropped; the chat
   * stays waiting for the next pass. Returns how many offers were made and how
   * many planned ones were dropped, and whether an agent of these chats' inboxes
   * had a free slot left after planning (`room`).
   */
  private async offerBatch(waiting: TransactionRow[]): Promise<{ offered: number; dropped: number; room: boolean }> {
    const { byInbox, declined } = await this.candidates(waiting);
    const now = this.clock.now();
    const plan: Array<{ txn: TransactionRow; agentId: string }> = [];
    for (const txn of waiting) {
      const pick = (byInbox.get(txn.inboxId) ?? [])
        .filter((c) => c.active < c.limit && !declined.has(`${txn.id}:${c.id}`))
        .sort((a, b) => a.active - b.active || (a.lastOfferedAt?.getTime() ?? 0) - (b.lastOfferedAt?.getTime() ?? 0) || a.id.localeCompare(b.id))[0];
      if (!pick) continue;
      pick.active++;
      pick.lastOfferedAt = now;
      plan.push({ txn, agentId: pick.id });
    }
    const room = [...byInbox.values()].some((agents) => agents.some((c) => c.active < c.limit));
    if (!plan.length) return { offered: 0, dropped: 0, room };

    const made = await this.db.transaction(async (em) => {
      const agentIds = [...new Set(plan.map((p) => p.agentId))].sort();
      const agents = await this.agents.lockForOffers(em, agentIds);
      const counts = await this.store.activeCounts(agentIds, em);
      const room = new Map<string, number>();
      for (const agent of agents) {
        if (agent.presence !== 'online') continue;
        // a cache miss is read on this transaction's connection: never a second pooled one while holding locks
        const org = await this.settings.get(agent.organizationId, em);
        room.set(agent.id, (agent.maxActiveChats ?? org.maxActiveChatsPerAgent) - (counts.get(agent.id) ?? 0));
      }
      // the plan, oldest chat first; a chat whose planned agent filled up meanwhile goes to
      // another locked agent of its inbox with room, so it does not fall behind a newer one
      const fitting: typeof plan = [];
      for (const p of plan) {
        const eligible = [p.agentId, ...(byInbox.get(p.txn.inboxId) ?? []).map((c) => c.id).filter((id) => id !== p.agentId && !declined.has(`${p.txn.id}:${id}`))];
        const agentId = eligible.find((id) => (room.get(id) ?? 0) > 0);
        if (!agentId) continue;
        room.set(agentId, room.get(agentId)! - 1);
        fitting.push({ txn: p.txn, agentId });
      }
      if (!fitting.length) return [];
      const claimable = new Set(await this.store.lockStillWaiting(em, fitting.map((p) => p.txn.id)));
      const offers: Array<{ txn: TransactionRow; agentId: string; offerId: string; expiresAt: Date }> = [];
      for (const p of fitting) {
        if (!claimable.has(p.txn.id)) continue;
        const org = await this.settings.get(p.txn.organizationId, em);
        offers.push({ ...p, offerId: newId(), expiresAt: new Date(now.getTime() + org.offerTimeoutSeconds * 1000) });
      }
      if (!offers.length) return [];
      await this.store.recordOffers(em, offers.map((o) => ({ id: o.txn.id, assigneeId: o.agentId, offerId: o.offerId, offerExpiresAt: o.expiresAt })), now);
      await em.createQueryBuilder().insert().into(ChatOffer)
        .values(offers.map((o) => ({ id: o.offerId, transactionId: o.txn.id, agentId: o.agentId, status: 'pending' as const, offeredAt: now, expiresAt: o.expiresAt, answeredAt: null })))
        .updateEntity(false)
        .execute();
      await this.agents.markOffered(em, [...new Set(offers.map((o) => o.agentId))], now);
      await recordTimelines(em, offers.map((o) => ({ transactionId: o.txn.id, type: 'offered', actor: SYSTEM, now, data: { agentId: o.agentId, offerId: o.offerId, expiresAt: o.expiresAt.toISOString() } })));
      return offers;
    });
    const dropped = plan.length - made.length;
    if (!made.length) return { offered: 0, dropped, room };

    const views = new Map((await this.views.transactions(await this.store.findMany(made.map((o) => o.txn.id)))).map((v) => [v.id, v]));
    for (const o of made) {
      const view = views.get(o.txn.id)!;
      this.events.emit('transaction.offered', { transaction: view, agentId: o.agentId, expiresAt: o.expiresAt.toISOString() });
      this.events.emit('transaction.updated', { transaction: view, previous: { status: 'waiting', assigneeId: null, inboxId: o.txn.inboxId } });
    }
    // the queue moved once per inbox, however many of its chats were offered
    for (const inboxId of new Set(made.map((o) => o.txn.inboxId))) this.events.emit('queue.changed', { inboxId });
    return { offered: made.length, dropped, room };
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
