import { Injectable } from '@nestjs/common';
import { Brackets, type SelectQueryBuilder, type ObjectLiteral } from 'typeorm';
import { AccessService } from '../inbox/access.service.js';
import { requireUser, type Principal } from '../../common/auth/principal.js';
import { pageLimit, toPage, type Page } from '../../common/pagination/pagination.js';
import { TransactionQueryService } from '../chat/transaction-query.service.js';
import { TransactionStore } from '../chat/transaction-store.js';
import { CustomerDirectoryService } from '../customer/customer-directory.service.js';
import { InboxDirectoryService } from '../inbox/inbox-directory.service.js';
import { IntegrationService } from '../integration/integration.service.js';
import { UserDirectoryService } from '../user/user-directory.service.js';
import { JourneyQuery } from './dto/journey.dto.js';
import { JourneyError } from './journey.errors.js';
import { STATUS_LABELS, type JourneyItem } from './journey.views.js';
import { iso } from '../../common/views/format.js';

interface Cursor { at: Date; id: string }

/** A time+id cursor: both sources are ordered by (time desc, id desc), so one position fits both. */
const encodeCursor = (item: JourneyItem) => Buffer.from(`${item.at}|${item.id}`).toString('base64url');
function decodeCursor(raw: string): Cursor {
  const [at, id, extra] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (extra !== undefined || !id || id.length > 36 || Number.isNaN(date.getTime())) throw new JourneyError('invalid_cursor', 'cursor is not a nextCursor of this list');
  return { at: date, id };
}

/** Agents hold a chat while it is assigned or being transferred, and ended chats keep their last one. */
const HANDLED = new Set(['assigned', 'transferring', 'ended']);

/**
 * The customer journey: every chat and every ended call of one customer, newest
 * first, across the inboxes the caller may see. Two ordered sources (chats by
 * start, calls by start) are merged page by page with one time+id cursor.
 */
@Injectable()
export class JourneyService {
  constructor(
    private readonly access: AccessService,
    private readonly customers: CustomerDirectoryService,
    private readonly queries: TransactionQueryService,
    private readonly store: TransactionStore,
    private readonly integration: IntegrationService,
    private readonly inboxes: InboxDirectoryService,
    private readonly users: UserDirectoryService,
  ) {}

  async journey(caller: Principal, customerId: string, query: JourneyQuery): Promise<Page<JourneyItem>> {
    const user = requireUser(caller);
    const limit = pageLimit(query);
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    const scope = await this.access.inboxScope(user);
    const notFound = () => new JourneyError('customer_not_found', 'Customer not found');
    const customer = await this.customers.contact(customerId, user.organizationId);
    if (!customer) throw notFound();
    // a customer none of whose chats the caller may see is not theirs to look at
    const selection = { scope, statuses: [], customerId };
    if (!(await this.queries.query(selection).getExists())) throw notFound();

    const chatsQb = this.queries.query(selection);
    this.after(chatsQb, cursor, 't.createdAt', 't.id');
    const chats = await chatsQb.orderBy('t.createdAt', 'DESC').addOrderBy('t.id', 'DESC').limit(limit + 1).getMany();

    // a call belongs to its TXN, so to the TXN's inbox; it joins the journey when it ended
    const calls = await this.integration.endedCallsOfCustomer(customerId, scope, cursor, limit + 1);
    const callInbox = await this.store.inboxIdsById(calls.map((c) => c.transactionId));

    const inboxNames = await this.inboxes.namesById([...chats.map((t) => t.inboxId), ...callInbox.values()]);
    const userNames = await this.users.namesById([...chats.map((t) => t.assigneeId), ...calls.map((c) => c.agentId)].filter((id): id is string => !!id));
    const ref = (names: Map<string, string>, id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);

    const items: JourneyItem[] = [
      ...chats.map((t): JourneyItem => ({
        type: 'chat', id: t.id, at: iso(t.createdAt)!, transactionId: t.id, inbox: ref(inboxNames, t.inboxId)!,
        status: t.status, statusLabel: STATUS_LABELS[t.status], agent: HANDLED.has(t.status) ? ref(userNames, t.assigneeId) : null,
        startedAt: iso(t.createdAt)!, endedAt: iso(t.endedAt),
      })),
      ...calls.map((c): JourneyItem => ({
        type: 'call', id: c.id, at: iso(c.startedAt)!, transactionId: c.transactionId, inbox: ref(inboxNames, callInbox.get(c.transactionId) ?? null)!,
        agent: ref(userNames, c.agentId), direction: c.direction, startedAt: iso(c.startedAt)!, endedAt: iso(c.endedAt)!,
        durationSeconds: c.durationSeconds ?? 0, outcome: c.outcome,
      })),
    ].sort((a, b) => b.at.localeCompare(a.at) || b.id.localeCompare(a.id));
    return toPage(items.slice(0, limit + 1), limit, encodeCursor, (i) => i);
  }

  private after<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, cursor: Cursor | null, atColumn: string, idColumn: string) {
    if (!cursor) return;
    qb.andWhere(new Brackets((b) => b.where(`${atColumn} < :cursorAt`, { cursorAt: cursor.at }).orWhere(`(${atColumn} = :cursorAt AND ${idColumn} < :cursorId)`, { cursorId: cursor.id })));
  }

}
