import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThanOrEqual, Repository, type EntityManager } from 'typeorm';
import { Db } from '../../common/database/db.service.js';
import { rowsByIdStatement, updateRows, updateStatement, type Statement } from '../../common/database/rows.js';
import { TransactionEvent } from './entities/transaction-event.entity.js';
import { ChatTransaction } from './entities/transaction.entity.js';
import { ACTIVE_STATUSES, inactivity, MESSAGE_TXN_COLUMNS, OPEN_STATUSES, type MessageTxnRow, type TransactionRow } from './transaction.types.js';

/**
 * The waiting queue's order is (queuedAt, id): the condition on `t` for the TXNs queued
 * before (`<`) or after (`>`) this one.
 */
const queued = (side: '<' | '>', txn: Pick<TransactionRow, 'id' | 'queuedAt'>): [string, Record<string, unknown>] => [
  `(t.queuedAt ${side} :queuedAt OR (t.queuedAt = :queuedAt AND t.id ${side} :queuedId))`,
  { queuedAt: txn.queuedAt, queuedId: txn.id },
];

/** The columns a stored message moves on its TXN. */
export type MessageCounters = Partial<Pick<TransactionRow, 'messageSeq' | 'lastActivityAt' | 'inactivityDeadline' | 'inactivityCheckAt' | 'updatedAt'>>;

/**
 * The reads and writes of `transactions` rows that other modules need (messages,
 * routing, transfers, blacklist, discussion, journey, metrics); writes run inside
 * the caller's database transaction (its `EntityManager`), so locks and
 * atomicity stay the caller's. The table stays the chat's, and these are the
 * only ways others touch it besides the chat's own services. Lock first
 * (`lockTransaction`, `lockForMessages`, or the agent's row for an offer), then write;
 * state changes are conditional updates (`WHERE status = …`) or follow a
 * lock that found the rows in the state they leave.
 */
@Injectable()
export class TransactionStore {
  constructor(
    private readonly db: Db,
    @InjectRepository(ChatTransaction) private readonly transactions: Repository<ChatTransaction>,
    @InjectRepository(TransactionEvent) private readonly timeline: Repository<TransactionEvent>,
  ) {}

  /**
   * The statement that reads TXN rows under write locks for a batch of messages, in id order (so that
   * two batches cannot deadlock on each other): only the columns the message path reads and writes
   * back, not the whole row (fewer values for MariaDB to send and for the driver to parse, per message).
   */
  lockForMessages(em: EntityManager, ids: string[]): Statement<MessageTxnRow[]> {
    return rowsByIdStatement(em, ChatTransaction, ids, { lock: true, columns: MESSAGE_TXN_COLUMNS });
  }

  /** A message was stored in a TXN whose row the caller locked: sequence, activity, deadline. */
  async recordMessage(em: EntityManager, id: string, changes: MessageCounters): Promise<void> {
    await em.getRepository(ChatTransaction).update({ id }, changes);
  }

  /**
   * The same for the TXNs of a batch of messages, as one UPDATE statement for the caller to send (activity and
   * deadline per row, one CASE branch per distinct value); the sequence grows by each TXN's count of messages
   * (`added`: `messageSeq = messageSeq + 1` when each has one, the common case), which under the caller's lock
   * is the value it planned; the sweeper's check time only when a message moved it (`deadlinePushed`), so that
   * its index is left alone.
   */
  recordMessages(em: EntityManager, txns: MessageTxnRow[], added: ReadonlyMap<string, number>, checkMoved: boolean): Statement<void> {
    const columns: Array<keyof ChatTransaction & string> = ['lastActivityAt', 'inactivityDeadline', 'updatedAt'];
    if (checkMoved) columns.push('inactivityCheckAt');
    return updateStatement(em, ChatTransaction, txns as ChatTransaction[], columns, {}, { messageSeq: (txn) => added.get(txn.id)! });
  }

  // ── routing: the waiting queue and offers ──

  /** Inboxes that have waiting TXNs (at most `limit` of them). */
  async inboxesWithWaiting(limit: number): Promise<string[]> {
    const rows = await this.transactions
      .createQueryBuilder('t')
      .select('DISTINCT t.inboxId', 'inboxId')
      .where("t.status = 'waiting'")
      .limit(limit)
      .getRawMany<{ inboxId: string }>();
    return rows.map((r) => r.inboxId);
  }

  /** The oldest waiting TXNs of these inboxes; `after`: those queued after this one (the next page). */
  waitingIn(inboxIds: string[], limit: number, after?: Pick<TransactionRow, 'id' | 'queuedAt'>): Promise<TransactionRow[]> {
    const qb = this.transactions
      .createQueryBuilder('t')
      .where('t.inboxId IN (:...inboxIds)', { inboxIds })
      .andWhere("t.status = 'waiting'");
    if (after) qb.andWhere(...queued('>', after));
    return qb
      .orderBy('t.queuedAt', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** How many chats occupy each of these agents (`ACTIVE_STATUSES`); agents with none are left out. `em`: inside the caller's transaction (the capacity check, under the agents' locks). */
  async activeCounts(agentIds: string[], em?: EntityManager): Promise<Map<string, number>> {
    if (!agentIds.length) return new Map();
    const rows = await (em ? em.getRepository(ChatTransaction) : this.transactions)
      .createQueryBuilder('t')
      .select('t.assigneeId', 'agentId')
      .addSelect('COUNT(*)', 'active')
      .where('t.assigneeId IN (:...agentIds)', { agentIds })
      .andWhere('t.status IN (:...active)', { active: ACTIVE_STATUSES })
      .groupBy('t.assigneeId')
      .getRawMany<{ agentId: string; active: number | string }>();
    return new Map(rows.map((r) => [r.agentId, Number(r.active)]));
  }

  /** Of these TXNs, the ids of those still waiting, locked (in id order) until the caller's transaction ends. */
  async lockStillWaiting(em: EntityManager, ids: string[]): Promise<string[]> {
    const rows = await this.db
      .lockRows(em.getRepository(ChatTransaction).createQueryBuilder('t').select(['t.id']).where('t.id IN (:...ids)', { ids }).andWhere("t.status = 'waiting'").orderBy('t.id', 'ASC'))
      .getMany();
    return rows.map((t) => t.id);
  }

  /** `waiting → assigning` for TXNs the caller locked still waiting (`lockStillWaiting`): each to its agent and offer, in one UPDATE. */
  async recordOffers(em: EntityManager, offers: Array<{ id: string; assigneeId: string; offerId: string; offerExpiresAt: Date }>, now: Date): Promise<void> {
    await updateRows(em, ChatTransaction, offers as unknown as ChatTransaction[], ['assigneeId', 'offerId', 'offerExpiresAt'], { status: 'assigning', ...inactivity(null), updatedAt: now });
  }

  /** A locked TXN whose offer was taken back waits again, with its waiting-inactivity deadline. */
  async returnToWaiting(em: EntityManager, id: string, inactivityDeadline: Date, now: Date): Promise<void> {
    await em.getRepository(ChatTransaction).update(
      { id },
      { status: 'waiting', assigneeId: null, offerId: null, offerExpiresAt: null, ...inactivity(inactivityDeadline), updatedAt: now },
    );
  }

  /** Offers past their deadline, oldest first. */
  offersDue(now: Date, limit: number): Promise<TransactionRow[]> {
    return this.transactions.find({ where: { status: 'assigning', offerExpiresAt: LessThanOrEqual(now) }, take: limit, order: { offerExpiresAt: 'ASC' } });
  }

  /** 1-based position among the inbox's waiting chats, oldest first; null when not waiting. */
  async queuePosition(txn: TransactionRow): Promise<number | null> {
    if (txn.status !== 'waiting') return null;
    const ahead = await this.transactions
      .createQueryBuilder('t')
      .where("t.inboxId = :inboxId AND t.status = 'waiting'", { inboxId: txn.inboxId })
      .andWhere(...queued('<', txn))
      .getCount();
    return ahead + 1;
  }

  /** Ids of every waiting chat of an inbox, oldest first. */
  async waitingIds(inboxId: string): Promise<string[]> {
    const rows = await this.transactions.find({ where: { inboxId, status: 'waiting' }, select: ['id'], order: { queuedAt: 'ASC', id: 'ASC' } });
    return rows.map((r) => r.id);
  }

  // ── transfers ──

  /** `assigned → transferring`, only while still assigned to this agent (a conditional update); false when it was not. */
  async startTransfer(em: EntityManager, id: string, assigneeId: string, now: Date): Promise<boolean> {
    const claimed = await em.getRepository(ChatTransaction).update({ id, status: 'assigned', assigneeId }, { status: 'transferring', updatedAt: now });
    return !!claimed.affected;
  }

  /**
   * An assigned chat leaves its agent and waits in another inbox (its `queuedAt`,
   * the queue position, is kept), only while still assigned to this agent; false when it was not.
   */
  async moveToInbox(em: EntityManager, id: string, assigneeId: string, move: { inboxId: string; inactivityDeadline: Date; now: Date }): Promise<boolean> {
    const claimed = await em.getRepository(ChatTransaction).update(
      { id, status: 'assigned', assigneeId },
      {
        status: 'waiting', inboxId: move.inboxId, assigneeId: null, offerId: null, offerExpiresAt: null, assignedAt: null,
        lastActivityAt: move.now, ...inactivity(move.inactivityDeadline), updatedAt: move.now,
      },
    );
    return !!claimed.affected;
  }

  /**
   * A transfer settles, `transferring → assigned`: to the new agent (`toAgentId`,
   * assigned and active now) or back to the one who asked. Only while transferring.
   */
  async endTransfer(em: EntityManager, id: string, end: { toAgentId?: string | null; inactivityDeadline: Date; now: Date }): Promise<void> {
    const changes: Partial<ChatTransaction> = end.toAgentId
      ? { status: 'assigned', assigneeId: end.toAgentId, assignedAt: end.now, lastActivityAt: end.now, ...inactivity(end.inactivityDeadline), updatedAt: end.now }
      : { status: 'assigned', ...inactivity(end.inactivityDeadline), updatedAt: end.now };
    await em.getRepository(ChatTransaction).update({ id, status: 'transferring' }, changes);
  }

  // ── others ──

  /** Chats by status, over the whole database (metrics). */
  async countsByStatus(): Promise<Array<{ status: string; count: number }>> {
    const rows: Array<{ status: string; n: number | string }> = await this.db.dataSource.query('SELECT status, COUNT(*) AS n FROM transactions GROUP BY status');
    return rows.map((r) => ({ status: r.status, count: Number(r.n) }));
  }

  /** Waiting chats per inbox, over the whole database (metrics). */
  async waitingByInbox(): Promise<Array<{ inboxId: string; count: number }>> {
    const rows: Array<{ inbox: string; n: number | string }> = await this.db.dataSource.query(
      "SELECT inboxId AS inbox, COUNT(*) AS n FROM transactions WHERE status = 'waiting' GROUP BY inboxId",
    );
    return rows.map((r) => ({ inboxId: r.inbox, count: Number(r.n) }));
  }

  /** The committed rows, without locks (a read after a change). */
  findMany(ids: string[]): Promise<TransactionRow[]> {
    return ids.length ? this.transactions.findBy({ id: In([...new Set(ids)]) }) : Promise.resolve([]);
  }

  /** The committed row, without a lock (a read after a change); null when there is none. */
  find(id: string): Promise<TransactionRow | null> {
    return this.transactions.findOneBy({ id });
  }

  /** TXN id → its inbox id, for these TXNs. */
  async inboxIdsById(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await this.transactions.find({ where: { id: In(unique) }, select: ['id', 'inboxId'] });
    return new Map(rows.map((t) => [t.id, t.inboxId]));
  }

  /** Ids of the agents who ever accepted an offer of the TXN (its timeline), possibly repeated. */
  async acceptedAgentIds(transactionId: string): Promise<string[]> {
    const rows = await this.timeline.find({ where: { transactionId, type: 'accepted', actorType: 'agent' }, select: ['actorId'] });
    return rows.flatMap((e) => (e.actorId ? [e.actorId] : []));
  }

  /** Ids of the open chats of these customers, in id order, inside the caller's transaction (the blacklist notes a block in them). */
  async openIdsOfCustomers(em: EntityManager, organizationId: string, customerIds: string[]): Promise<string[]> {
    if (!customerIds.length) return [];
    const rows = await em
      .getRepository(ChatTransaction)
      .createQueryBuilder('t')
      .select('t.id', 'id')
      .where('t.organizationId = :org AND t.status IN (:...open)', { org: organizationId, open: OPEN_STATUSES })
      .andWhere('t.customerId IN (:...customerIds)', { customerIds })
      .orderBy('t.id', 'ASC')
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }
}
