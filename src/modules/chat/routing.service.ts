import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThanOrEqual, Repository } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { Coalescer } from '../../common/concurrency/coalescer.js';
import { Db } from '../../common/database/db.service.js';
import { updateRows } from '../../common/database/update-rows.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { newId } from '../../common/ids/ids.js';
import { Sweeper } from '../../common/scheduling/sweeper.js';
import { InboxAgent } from '../inbox/entities/inbox-agent.entity.js';
import { OrganizationSettingsService } from '../organization/organization-settings.service.js';
import { User } from '../user/entities/user.entity.js';
import { ChatViews } from './chat.views.js';
import { ChatOffer } from './entities/chat-offer.entity.js';
import { ACTIVE_STATUSES, ChatTransaction } from './entities/transaction.entity.js';
import { SYSTEM, recordTimeline, recordTimelines, type Actor } from './timeline.js';
import { lockTransaction } from './transaction-lock.js';
import './chat.events.js';

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
    @InjectRepository(ChatTransaction) private readonly transactions: Repository<ChatTransaction>,
    @InjectRepository(InboxAgent) private readonly inboxAgents: Repository<InboxAgent>,
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
      const waiting = await this.transactions
        .createQueryBuilder('t')
        .innerJoin('inboxes', 'i', 'i.id = t.inboxId')
        .where('t.inboxId IN (:...inboxIds)', { inboxIds })
        .andWhere("t.status = 'waiting'")
        .andWhere('i.autoAssign = :auto', { auto: true })
        .orderBy('t.queuedAt', 'ASC')
        .addOrderBy('t.id', 'ASC')
        .limit(BATCH)
        .getMany();
      if (!waiting.length) return;
      const { offered, dropped } = await this.offerBatch(waiting);
      // another pass when the page was full, or when part of the plan no longer held (another
      // instance took those chats or slots first): newer chats may now be the ones to offer
      if (dropped === 0 && (offered === 0 || waiting.length < BATCH)) return;
    }
  }

  /** An agent freed a slot, came online or joined inboxes: the oldest waiting chats of their inboxes first. */
  async drainForAgent(userId: string): Promise<void> {
    const rows = await this.inboxAgents.find({ where: { userId }, select: ['inboxId'] });
    await this.drain(rows.map((r) => r.inboxId));
  }

  async drainOrganization(organizationId: string): Promise<void> {
    const rows = await this.inboxAgents
      .createQueryBuilder('ia')
      .innerJoin('inboxes', 'i', 'i.id = ia.inboxId')
      .select('DISTINCT ia.inboxId', 'inboxId')
      .where('i.organizationId = :organizationId', { organizationId })
      .getRawMany<{ inboxId: string }>();
    await this.drain(rows.map((r) => r.inboxId));
  }

  /**
   * The online agents of these inboxes with their active chats and limits (one
   * query), and the agents each of these chats was declined by (one query).
   */
  private async candidates(waiting: ChatTransaction[]): Promise<{ byInbox: Map<string, Candidate[]>; declined: Set<string> }> {
    const inboxIds = [...new Set(waiting.map((t) => t.inboxId))];
    const rows = await this.db.manager
      .createQueryBuilder()
      .select(['ia.inboxId AS inboxId', 'u.id AS id', 'u.organizationId AS organizationId', 'u.maxActiveChats AS maxActiveChats', 'u.lastOfferedAt AS lastOfferedAt'])
      .addSelect((sq) => sq.select('COUNT(*)').from(ChatTransaction, 'a').where('a.assigneeId = u.id').andWhere('a.status IN (:...active)'), 'active')
      .from(User, 'u')
      .innerJoin(InboxAgent, 'ia', 'ia.userId = u.id AND ia.inboxId IN (:...inboxIds)')
      .where("u.presence = 'online'")
      .setParameters({ inboxIds, active: ACTIVE_STATUSES })
      .getRawMany<{ inboxId: string; id: string; organizationId: string; maxActiveChats: number | null; lastOfferedAt: string | Date | null; active: number | string }>();
    // one Candidate per agent, shared by their inboxes, so that planning counts each slot once
    const agents = new Map<string, Candidate>();
    const byInbox = new Map<string, Candidate[]>();
    for (const r of rows) {
      let agent = agents.get(r.id);
      if (!agent) {
        const org = await this.settings.get(r.organizationId);
        agent = { id: r.id, active: Number(r.active), limit: r.maxActiveChats ?? org.maxActiveChatsPerAgent, lastOfferedAt: r.lastOfferedAt ? new Date(r.lastOfferedAt) : null };
        agents.set(r.id, agent);
      }
      byInbox.set(r.inboxId, [...(byInbox.get(r.inboxId) ?? []), agent]);
    }
    const declinedRows = agents.size
      ? await this.db.manager
          .getRepository(ChatOffer)
          .find({ where: { transactionId: In(waiting.map((t) => t.id)), status: In(['rejected', 'expired']) }, select: ['transactionId', 'agentId'] })
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
   * many planned ones were dropped.
   */
  private async offerBatch(waiting: ChatTransaction[]): Promise<{ offered: number; dropped: number }> {
    const { byInbox, declined } = await this.candidates(waiting);
    const now = this.clock.now();
    const plan: Array<{ txn: ChatTransaction; agentId: string }> = [];
    for (const txn of waiting) {
      const pick = (byInbox.get(txn.inboxId) ?? [])
        .filter((c) => c.active < c.limit && !declined.has(`${txn.id}:${c.id}`))
        .sort((a, b) => a.active - b.active || (a.lastOfferedAt?.getTime() ?? 0) - (b.lastOfferedAt?.getTime() ?? 0) || a.id.localeCompare(b.id))[0];
      if (!pick) continue;
      pick.active++;
      pick.lastOfferedAt = now;
      plan.push({ txn, agentId: pick.id });
    }
    if (!plan.length) return { offered: 0, dropped: 0 };

    const made = await this.db.transaction(async (em) => {
      const agentIds = [...new Set(plan.map((p) => p.agentId))].sort();
      const agents = await this.db
        .lockRows(em.getRepository(User).createQueryBuilder('u').where('u.id IN (:...agentIds)', { agentIds }).orderBy('u.id', 'ASC'))
        .getMany();
      const counts = await em
        .getRepository(ChatTransaction)
        .createQueryBuilder('t')
        .select('t.assigneeId', 'agentId')
        .addSelect('COUNT(*)', 'active')
        .where('t.assigneeId IN (:...agentIds)', { agentIds })
        .andWhere('t.status IN (:...active)', { active: ACTIVE_STATUSES })
        .groupBy('t.assigneeId')
        .getRawMany<{ agentId: string; active: number | string }>();
      const room = new Map<string, number>();
      for (const agent of agents) {
        if (agent.presence !== 'online') continue;
        // a cache miss is read on this transaction's connection: never a second pooled one while holding locks
        const org = await this.settings.get(agent.organizationId, em);
        const active = Number(counts.find((c) => c.agentId === agent.id)?.active ?? 0);
        room.set(agent.id, (agent.maxActiveChats ?? org.maxActiveChatsPerAgent) - active);
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
      const stillWaiting = await this.db
        .lockRows(
          em.getRepository(ChatTransaction).createQueryBuilder('t').select(['t.id'])
            .where('t.id IN (:...ids)', { ids: fitting.map((p) => p.txn.id) })
            .andWhere("t.status = 'waiting'")
            .orderBy('t.id', 'ASC'),
        )
        .getMany();
      const claimable = new Set(stillWaiting.map((t) => t.id));
      const offers: Array<{ txn: ChatTransaction; agentId: string; offerId: string; expiresAt: Date }> = [];
      for (const p of fitting) {
        if (!claimable.has(p.txn.id)) continue;
        const org = await this.settings.get(p.txn.organizationId, em);
        offers.push({ ...p, offerId: newId(), expiresAt: new Date(now.getTime() + org.offerTimeoutSeconds * 1000) });
      }
      if (!offers.length) return [];
      await updateRows(
        em,
        ChatTransaction,
        offers.map((o) => ({ id: o.txn.id, assigneeId: o.agentId, offerId: o.offerId, offerExpiresAt: o.expiresAt }) as ChatTransaction),
        ['assigneeId', 'offerId', 'offerExpiresAt'],
        { status: 'assigning', inactivityDeadline: null, updatedAt: now },
      );
      await em.createQueryBuilder().insert().into(ChatOffer)
        .values(offers.map((o) => ({ id: o.offerId, transactionId: o.txn.id, agentId: o.agentId, status: 'pending' as const, offeredAt: now, expiresAt: o.expiresAt, answeredAt: null })))
        .updateEntity(false)
        .execute();
      await em.getRepository(User).update({ id: In([...new Set(offers.map((o) => o.agentId))]) }, { lastOfferedAt: now });
      await recordTimelines(em, offers.map((o) => ({ transactionId: o.txn.id, type: 'offered', actor: SYSTEM, now, data: { agentId: o.agentId, offerId: o.offerId, expiresAt: o.expiresAt.toISOString() } })));
      return offers;
    });
    const dropped = plan.length - made.length;
    if (!made.length) return { offered: 0, dropped };

    const views = new Map((await this.views.transactions(await this.transactions.findBy({ id: In(made.map((o) => o.txn.id)) }))).map((v) => [v.id, v]));
    for (const o of made) {
      const view = views.get(o.txn.id)!;
      this.events.emit('transaction.offered', { transaction: view, agentId: o.agentId, expiresAt: o.expiresAt.toISOString() });
      this.events.emit('transaction.updated', { transaction: view, previous: { status: 'waiting', assigneeId: null, inboxId: o.txn.inboxId } });
    }
    // the queue moved once per inbox, however many of its chats were offered
    for (const inboxId of new Set(made.map((o) => o.txn.inboxId))) this.events.emit('queue.changed', { inboxId });
    return { offered: made.length, dropped };
  }

  /**
   * Sweeper task: offers past their deadline go back to waiting and on to the
   * next agent. The conditional update on (status, offerId) makes each expiry
   * fire once, whichever instance sweeps first.
   */
  async expireOffers(now: Date): Promise<void> {
    const due = await this.transactions.find({ where: { status: 'assigning', offerExpiresAt: LessThanOrEqual(now) }, take: 200, order: { offerExpiresAt: 'ASC' } });
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
  async releaseOffer(txn: ChatTransaction, outcome: 'rejected' | 'expired', actor: Actor, now: Date): Promise<boolean> {
    const org = await this.settings.get(txn.organizationId);
    const released = await this.db.transaction(async (em) => {
      const current = await lockTransaction(this.db, em, txn.id);
      if (current.status !== 'assigning' || current.offerId !== txn.offerId) return false;
      if (outcome === 'expired' && (!current.offerExpiresAt || current.offerExpiresAt.getTime() > now.getTime())) return false;
      const deadline = new Date(current.lastActivityAt.getTime() + org.waitingInactivitySeconds * 1000);
      await em.getRepository(ChatTransaction).update(
        { id: txn.id },
        { status: 'waiting', assigneeId: null, offerId: null, offerExpiresAt: null, inactivityDeadline: deadline, updatedAt: now },
      );
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

  /** 1-based position among the inbox's waiting chats, oldest first; null when not waiting. */
  async queuePosition(txn: ChatTransaction): Promise<number | null> {
    if (txn.status !== 'waiting') return null;
    const ahead = await this.transactions
      .createQueryBuilder('t')
      .where("t.inboxId = :inboxId AND t.status = 'waiting'", { inboxId: txn.inboxId })
      .andWhere('(t.queuedAt < :queuedAt OR (t.queuedAt = :queuedAt AND t.id < :id))', { queuedAt: txn.queuedAt, id: txn.id })
      .getCount();
    return ahead + 1;
  }

  /** Positions of every waiting chat of an inbox, oldest first. */
  async queue(inboxId: string): Promise<Array<{ transactionId: string; position: number }>> {
    const rows = await this.transactions.find({ where: { inboxId, status: 'waiting' }, select: ['id'], order: { queuedAt: 'ASC', id: 'ASC' } });
    return rows.map((r, i) => ({ transactionId: r.id, position: i + 1 }));
  }
}
