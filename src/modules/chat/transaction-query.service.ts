import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { AccessService, type InboxScope } from '../inbox/access.service.js';
import type { Principal } from '../../common/auth/principal.js';
import { ValidationError } from '../../common/errors/domain-error.js';
import { pageLimit, toPage, type Page } from '../../common/pagination/pagination.js';
import { CustomerDirectoryService } from '../customer/customer-directory.service.js';
import { InboxDirectoryService } from '../inbox/inbox-directory.service.js';
import { UserDirectoryService } from '../user/user-directory.service.js';
import { ChatViews, type TransactionView } from './chat.views.js';
import { TransactionFilters, TransactionListQuery } from './dto/transaction-query.dto.js';
import { TransactionEvent } from './entities/transaction-event.entity.js';
import { ChatTransaction, type TransactionStatus } from './entities/transaction.entity.js';

/**
 * Timeline entries whose (agent) actor took the chat over: an accepted offer, an
 * accepted transfer. Together with the current holder they are the chat's
 * "handling agents" (the `agentId` filter, the `agents` of list items and exports).
 */
export const HANDLING_EVENT_TYPES = ['accepted', 'transfer_accepted'];
/** While in these statuses the assignee holds the chat (accepted it); while `assigning` it is only offered. */
const HOLDING_STATUSES: TransactionStatus[] = ['assigned', 'transferring'];

export interface PersonRef {
  id: string;
  name: string;
}

export interface TransactionListItem extends TransactionView {
  customer: { id: string; name: string | null; email: string | null; phone: string | null } | null;
  inbox: { id: string; name: string } | null;
  /** The handling agents, in the order they took the chat. */
  agents: PersonRef[];
}

/** Filters checked against the caller once; a list page or an export then reads through it. */
export interface TransactionSelection {
  scope: InboxScope;
  inboxId?: string;
  statuses: TransactionStatus[];
  agentId?: string;
  customerId?: string;
  from?: Date;
  to?: Date;
  endedFrom?: Date;
  endedTo?: Date;
  q?: string;
}

const ID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Reads of many transactions: the filtered list, customer histories and exports.
 * Newest first by id (UUIDv7, time-ordered); the cursor is the last id seen, so a
 * page never repeats or skips rows while new chats arrive (they sort before it).
 * Visibility is AccessService's inbox scope, for every caller and every path.
 */
@Injectable()
export class TransactionQueryService {
  constructor(
    private readonly access: AccessService,
    private readonly views: ChatViews,
    @InjectRepository(ChatTransaction) private readonly transactions: Repository<ChatTransaction>,
    @InjectRepository(TransactionEvent) private readonly events: Repository<TransactionEvent>,
    private readonly customers: CustomerDirectoryService,
    private readonly inboxes: InboxDirectoryService,
    private readonly users: UserDirectoryService,
  ) {}

  async list(caller: Principal, query: TransactionListQuery): Promise<Page<TransactionListItem>> {
    const limit = pageLimit(query);
    const selection = await this.select(caller, query);
    const rows = await this.page(selection, query.cursor ?? null, limit + 1);
    const page = toPage(rows, limit, (r) => r.id, (r) => r);
    return { items: await this.listItems(page.items), nextCursor: page.nextCursor };
  }

  /** Checks the filters (dates, range, inbox visibility) and resolves the caller's scope. */
  async select(caller: Principal, filters: TransactionFilters): Promise<TransactionSelection> {
    const date = (v?: string) => (v ? new Date(v) : undefined);
    const selection: TransactionSelection = {
      scope: await this.access.inboxScope(caller),
      inboxId: filters.inboxId,
      statuses: filters.status ? ([...new Set(filters.status.split(','))] as TransactionStatus[]) : [],
      agentId: filters.agentId,
      customerId: filters.customerId,
      from: date(filters.from),
      to: date(filters.to),
      endedFrom: date(filters.endedFrom),
      endedTo: date(filters.endedTo),
      q: filters.q || undefined,
    };
    for (const [a, b, names] of [[selection.from, selection.to, 'from/to'], [selection.endedFrom, selection.endedTo, 'endedFrom/endedTo']] as const) {
      if (a && b && a.getTime() > b.getTime()) throw new ValidationError(`${names}: the start of the range is after its end`, undefined, 'invalid_range');
    }
    if (filters.inboxId) await this.access.visibleInbox(caller, filters.inboxId);
    return selection;
  }

  /** The rows of a selection newest first, strictly older than `before` (an id). */
  async page(selection: TransactionSelection, before: string | null, take: number): Promise<ChatTransaction[]> {
    if (before !== null && !ID_SHAPE.test(before)) throw new ValidationError('cursor is not a cursor this list handed out', undefined, 'invalid_cursor');
    const qb = this.query(selection).orderBy('t.id', 'DESC').limit(take);
    if (before) qb.andWhere('t.id < :before', { before });
    return qb.getMany();
  }

  count(selection: TransactionSelection): Promise<number> {
    return this.query(selection).getCount();
  }

  /**
   * Restricts another module's query to rows whose TXN the scope may see, in the
   * same statement (`transactionIdColumn IN (SELECT id FROM transactions …)`), as
   * `AccessService.restrictToScope` does for inboxes (the journey's calls).
   */
  restrictToVisibleTransactions<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, scope: InboxScope, transactionIdColumn: string): SelectQueryBuilder<T> {
    const sub = this.transactions.createQueryBuilder('vt').select('vt.id');
    this.access.restrictToScope(sub, scope, 'vt.inboxId', 'vt.organizationId');
    return qb.andWhere(`${transactionIdColumn} IN (${sub.getQuery()})`, sub.getParameters());
  }

  /** The selection as a query on `transactions t` (no order, no limit), for callers that aggregate. */
  query(s: TransactionSelection): SelectQueryBuilder<ChatTransaction> {
    const qb = this.transactions.createQueryBuilder('t');
    this.access.restrictToScope(qb, s.scope, 't.inboxId', 't.organizationId');
    if (s.inboxId) qb.andWhere('t.inboxId = :inboxId', { inboxId: s.inboxId });
    if (s.statuses.length) qb.andWhere('t.status IN (:...statuses)', { statuses: s.statuses });
    if (s.customerId) qb.andWhere('t.customerId = :customerId', { customerId: s.customerId });
    if (s.from) qb.andWhere('t.createdAt >= :from', { from: s.from });
    if (s.to) qb.andWhere('t.createdAt <= :to', { to: s.to });
    if (s.endedFrom) qb.andWhere('t.endedAt >= :endedFrom', { endedFrom: s.endedFrom });
    if (s.endedTo) qb.andWhere('t.endedAt <= :endedTo', { endedTo: s.endedTo });
    if (s.agentId) {
      const accepted = qb
        .subQuery()
        .select('1')
        .from(TransactionEvent, 'e')
        .where('e.transactionId = t.id')
        .andWhere("e.actorType = 'agent'")
        .andWhere('e.actorId = :agentId')
        .andWhere('e.type IN (:...handlingTypes)')
        .getQuery();
      qb.andWhere(
        new Brackets((b) => b.where('(t.assigneeId = :agentId AND t.status IN (:...holding))').orWhere(`EXISTS ${accepted}`)),
        { agentId: s.agentId, holding: HOLDING_STATUSES, handlingTypes: HANDLING_EVENT_TYPES },
      );
    }
    if (s.q) this.customers.whereMatches(qb, 't.customerId', s.q);
    return qb;
  }

  /** List items: the public TXN shape with its customer, inbox and handling agents. */
  async listItems(rows: ChatTransaction[]): Promise<TransactionListItem[]> {
    if (!rows.length) return [];
    const [views, customerById, inboxNames, handling] = await Promise.all([
      this.views.transactions(rows),
      this.customers.contactsById(rows.map((r) => r.customerId)),
      this.inboxes.namesById(rows.map((r) => r.inboxId)),
      this.handlingAgents(rows),
    ]);
    const names = await this.userNames([...handling.values()].flat());
    return views.map((v) => {
      const c = customerById.get(v.customerId);
      const inboxName = inboxNames.get(v.inboxId);
      return {
        ...v,
        customer: c ? { id: c.id, name: c.name, email: c.email, phone: c.phone } : null,
        inbox: inboxName !== undefined ? { id: v.inboxId, name: inboxName } : null,
        agents: (handling.get(v.id) ?? []).map((id) => ({ id, name: names.get(id) ?? '' })),
      };
    });
  }

  /** TXN id → ids of its handling agents, in the order they took it. */
  async handlingAgents(rows: Pick<ChatTransaction, 'id' | 'status' | 'assigneeId'>[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(rows.map((r) => [r.id, []]));
    if (!rows.length) return result;
    const accepted = await this.events
      .createQueryBuilder('e')
      .select(['e.id', 'e.transactionId', 'e.actorId'])
      .where('e.transactionId IN (:...ids)', { ids: rows.map((r) => r.id) })
      .andWhere("e.actorType = 'agent'")
      .andWhere('e.type IN (:...types)', { types: HANDLING_EVENT_TYPES })
      .orderBy('e.id', 'ASC')
      .getMany();
    for (const e of accepted) {
      const list = result.get(e.transactionId)!;
      if (e.actorId && !list.includes(e.actorId)) list.push(e.actorId);
    }
    for (const r of rows) {
      const list = result.get(r.id)!;
      if (r.assigneeId && HOLDING_STATUSES.includes(r.status) && !list.includes(r.assigneeId)) list.push(r.assigneeId);
    }
    return result;
  }

  async userNames(ids: string[], known: Map<string, string> = new Map()): Promise<Map<string, string>> {
    const missing = [...new Set(ids)].filter((id) => !known.has(id));
    if (missing.length) for (const [id, name] of await this.users.namesById(missing)) known.set(id, name);
    return known;
  }
}
