import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { AccessService } from '../inbox/access.service.js';
import type { Principal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock/clock.js';
import { Db } from '../../common/database/db.service.js';
import { isUniqueViolation } from '../../common/database/errors.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { newId } from '../../common/ids/ids.js';
import { ChatAccess } from '../chat/chat-access.service.js';
import { ChatError } from '../chat/chat.errors.js';
import { OPEN_STATUSES, type ActorType, type TransactionRow } from '../chat/transaction.types.js';
import { TransactionQueryService } from '../chat/transaction-query.service.js';
import { TransactionReadService, type TimelineEntry } from '../chat/transaction-read.service.js';
import type { InboxScope } from '../inbox/access.service.js';
import { CustomerDirectoryService } from '../customer/customer-directory.service.js';
import { DiscussionService } from '../discussion/discussion.service.js';
import { UserDirectoryService } from '../user/user-directory.service.js';
import { CreateCallDto, CreateTicketDto, EndCallDto } from './dto/integration.dto.js';
import type { CallRow } from './call.types.js';
import { Call } from './entities/call.entity.js';
import { Ticket } from './entities/ticket.entity.js';
import { IntegrationError } from './integration.errors.js';
import { callView, ticketView, type CallView, type TicketView } from './integration.views.js';
import './integration.events.js';
import { lockTransaction } from '../chat/transaction-lock.js';

const actorOf = (caller: Principal): { type: ActorType; id: string | null } =>
  caller.kind === 'user' ? { type: 'agent', id: caller.userId } : caller.kind === 'apiKey' ? { type: 'integration', id: caller.apiKeyId } : { type: 'visitor', id: caller.customerId };

/**
 * Calls and linked tickets reported by integrators (API key) or agents (token).
 * Both belong to a TXN and are seen by whoever may see that TXN. The discussion
 * gets a system post for every call, and for a ticket made while the TXN is open.
 */
@Injectable()
export class IntegrationService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly access: AccessService,
    private readonly chatAccess: ChatAccess,
    private readonly discussion: DiscussionService,
    private readonly reads: TransactionReadService,
    private readonly queries: TransactionQueryService,
    @InjectRepository(Call) private readonly calls: Repository<Call>,
    @InjectRepository(Ticket) private readonly tickets: Repository<Ticket>,
    private readonly users: UserDirectoryService,
    private readonly customers: CustomerDirectoryService,
  ) {}

  onModuleInit() {
    this.reads.addTimelineSource({ entries: (id) => this.timeline(id) });
  }

  /**
   * A call made during a chat, ongoing or ended: one system post now. A call
   * reported with its end (endedAt or durationSeconds) is ended at once.
   */
  async createCall(caller: Principal, transactionId: string, dto: CreateCallDto): Promise<CallView> {
    const txn = await this.chatAccess.visibleTransaction(caller, transactionId);
    const agentId = dto.agentId ?? (caller.kind === 'user' ? caller.userId : null);
    const agent = agentId ? await this.agentWhoMaySee(agentId, txn) : null;
    const startedAt = new Date(dto.startedAt);
    const ends = dto.endedAt !== undefined || dto.durationSeconds !== undefined;
    const end = ends ? this.endOf(startedAt, dto.endedAt, dto.durationSeconds) : null;
    const actor = actorOf(caller);

    const { row, post } = await this.unique(() =>
      this.db.transaction(async (em) => {
        const current = await lockTransaction(this.db, em, transactionId);
        const now = this.clock.now();
        const row = em.getRepository(Call).create({
          id: newId(), organizationId: current.organizationId, transactionId, customerId: current.customerId, agentId,
          direction: dto.direction, status: end ? 'ended' : 'ongoing', startedAt, endedAt: end?.endedAt ?? null,
          durationSeconds: end?.durationSeconds ?? null, outcome: dto.outcome ?? null, externalId: dto.externalId ?? null,
          createdByType: actor.type, createdById: actor.id, createdAt: now, updatedAt: now,
        });
        await em.getRepository(Call).insert(row);
        const who = agent?.name ?? 'An agent';
        const body = dto.direction === 'outbound' ? `${who} called the customer (outbound call).` : `The customer called ${agent?.name ?? 'an agent'} (inbound call).`;
        const post = await this.discussion.insertSystemPost(em, current, 'call', body, { callId: row.id, direction: dto.direction, agentId });
        return { row, post };
      }),
    );
    await this.discussion.announce(post, txn);
    const view = callView(row, agent?.name);
    this.events.emit('call.created', { call: view });
    if (view.status === 'ended') this.events.emit('call.ended', { call: view });
    return view;
  }

  /** The call ended: its details are final and it joins the customer journey. Once only (409 after). */
  async endCall(caller: Principal, id: string, dto: EndCallDto): Promise<CallView> {
    const call = await this.calls.findOneBy({ id, organizationId: caller.organizationId });
    if (!call) throw new IntegrationError('call_not_found', 'Call not found');
    await this.chatAccess.visibleTransaction(caller, call.transactionId).catch((err) => {
      throw err instanceof ChatError ? new IntegrationError('call_not_found', 'Call not found') : err;
    });
    if (call.status !== 'ongoing') throw new IntegrationError('call_already_ended', 'This call has already ended');
    const now = this.clock.now();
    const end = this.endOf(call.startedAt, dto.endedAt, dto.durationSeconds, now);
    const result = await this.calls.update({ id, status: 'ongoing' }, { status: 'ended', ...end, outcome: dto.outcome ?? call.outcome, updatedAt: now });
    if (!result.affected) throw new IntegrationError('call_already_ended', 'This call has already ended');
    const view = await this.callViewById(id);
    this.events.emit('call.ended', { call: view });
    return view;
  }

  /**
   * A ticket linked to the TXN, with the customer's details copied from it. The
   * TXN row is locked meanwhile, so "open or ended" is decided once: a post if
   * open, none if it had already ended.
   */
  async createTicket(caller: Principal, transactionId: string, dto: CreateTicketDto): Promise<TicketView> {
    const txn = await this.chatAccess.visibleTransaction(caller, transactionId);
    const actor = actorOf(caller);
    const { row, post } = await this.unique(() =>
      this.db.transaction(async (em) => {
        const current = await lockTransaction(this.db, em, transactionId);
        const customer = await this.customers.contact(current.customerId, undefined, em);
        const now = this.clock.now();
        const row = em.getRepository(Ticket).create({
          id: newId(), organizationId: current.organizationId, transactionId, customerId: current.customerId, subject: dto.subject,
          status: dto.status ?? 'open', customerName: customer?.name ?? null, customerEmail: customer?.email ?? null, customerPhone: customer?.phone ?? null,
          externalId: dto.externalId ?? null, createdByType: actor.type, createdById: actor.id, createdAt: now, updatedAt: now,
        });
        await em.getRepository(Ticket).insert(row);
        const open = OPEN_STATUSES.includes(current.status);
        const ref = row.externalId ? ` (${row.externalId})` : '';
        const post = open ? await this.discussion.insertSystemPost(em, current, 'ticket', `Ticket created${ref}: ${row.subject}`, { ticketId: row.id, externalId: row.externalId }) : null;
        return { row, post };
      }),
    );
    if (post) await this.discussion.announce(post, txn);
    const view = ticketView(row);
    this.events.emit('ticket.created', { ticket: view });
    return view;
  }

  /** Calls and tickets in the TXN's timeline: a call at its start, with its end in `data`. */
  private async timeline(transactionId: string): Promise<TimelineEntry[]> {
    const [calls, tickets] = await Promise.all([
      this.calls.find({ where: { transactionId }, order: { startedAt: 'ASC', id: 'ASC' } }),
      this.tickets.find({ where: { transactionId }, order: { id: 'ASC' } }),
    ]);
    const names = await this.names(calls.map((c) => c.agentId));
    return [
      ...calls.map((c) => {
        const view = callView(c, c.agentId ? names.get(c.agentId) : null);
        return {
          id: c.id,
          type: 'call',
          actor: c.agentId ? { type: 'agent', id: c.agentId, name: names.get(c.agentId) } : { type: c.createdByType, id: c.createdById },
          data: { callId: c.id, direction: view.direction, status: view.status, agentId: view.agentId, startedAt: view.startedAt, endedAt: view.endedAt, durationSeconds: view.durationSeconds, outcome: view.outcome, externalId: view.externalId },
          createdAt: view.startedAt,
        };
      }),
      ...tickets.map((t) => ({
        id: t.id,
        type: 'ticket.created',
        actor: { type: t.createdByType, id: t.createdById },
        data: { ticketId: t.id, subject: t.subject, status: t.status, externalId: t.externalId },
        createdAt: new Date(t.createdAt).toISOString(),
      })),
    ];
  }

  private endOf(startedAt: Date, endedAtInput?: string, durationSeconds?: number, now?: Date): { endedAt: Date; durationSeconds: number } {
    const endedAt = endedAtInput ? new Date(endedAtInput) : durationSeconds !== undefined ? new Date(startedAt.getTime() + durationSeconds * 1000) : now!;
    if (endedAt.getTime() < startedAt.getTime()) throw new IntegrationError('invalid_call_times', 'A call cannot end before it started');
    return { endedAt, durationSeconds: durationSeconds ?? Math.round((endedAt.getTime() - startedAt.getTime()) / 1000) };
  }

  /** The agent on a call must be a user of the organization who may see the chat. */
  private async agentWhoMaySee(agentId: string, txn: TransactionRow): Promise<{ id: string; name: string }> {
    const user = await this.users.member(txn.organizationId, agentId);
    if (!user || !(await this.access.usersWhoMaySeeInbox(txn.inboxId)).includes(user.id)) {
      throw new IntegrationError('invalid_agent', 'agentId must be an agent who may see this chat');
    }
    return user;
  }

  /**
   * Ended calls of a customer on TXNs the scope may see, newest first (start, then
   * id), strictly before `before`: the journey pages them together with the chats.
   */
  async endedCallsOfCustomer(customerId: string, scope: InboxScope, before: { at: Date; id: string } | null, limit: number): Promise<CallRow[]> {
    const qb = this.calls.createQueryBuilder('c').where('c.customerId = :customerId AND c.status = :ended', { customerId, ended: 'ended' });
    this.queries.restrictToVisibleTransactions(qb, scope, 'c.transactionId');
    if (before) {
      qb.andWhere(new Brackets((b) => b.where('c.startedAt < :cursorAt', { cursorAt: before.at }).orWhere('(c.startedAt = :cursorAt AND c.id < :cursorId)', { cursorId: before.id })));
    }
    return qb.orderBy('c.startedAt', 'DESC').addOrderBy('c.id', 'DESC').limit(limit).getMany();
  }

  private async callViewById(id: string): Promise<CallView> {
    const row = await this.calls.findOneByOrFail({ id });
    return callView(row, row.agentId ? (await this.names([row.agentId])).get(row.agentId) : null);
  }

  private names(ids: Array<string | null>): Promise<Map<string, string>> {
    return this.users.namesById(ids.filter((id): id is string => !!id));
  }

  private async unique<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof DomainError) && isUniqueViolation(err)) throw new IntegrationError('duplicate_external_id', 'externalId is already used in this organization');
      throw err;
    }
  }

}
