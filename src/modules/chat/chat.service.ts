import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThanOrEqual, Repository } from 'typeorm';
import { isAdminRole, type Principal, type UserPrincipal, type VisitorPrincipal } from '../../common/auth/principal.js';
import { TokenService } from '../../common/auth/token.service.js';
import { Clock } from '../../common/clock/clock.js';
import { Db } from '../../common/database/db.service.js';
import { isUniqueViolation } from '../../common/database/errors.js';
import { ValidationError } from '../../common/errors/domain-error.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { newId } from '../../common/ids/ids.js';
import { Sweeper } from '../../common/scheduling/sweeper.js';
import { CustomerService, type ContactDetails } from '../customer/customer.service.js';
import { InboxDirectoryService } from '../inbox/inbox-directory.service.js';
import { OrganizationSettingsService } from '../organization/organization-settings.service.js';
import { ChatAccess } from './chat-access.service.js';
import { ChatError } from './chat.errors.js';
import { ChatViews, type TransactionView } from './chat.views.js';
import { StartChatDto } from './dto/chat.dto.js';
import { ChatTransaction, OPEN_STATUSES, type TransactionStatus } from './entities/transaction.entity.js';
import { inactivity } from './transaction.types.js';
import { MessageService } from '../message/message.service.js';
import { MessageViews } from '../message/message.views.js';
import { RoutingService } from '../routing/routing.service.js';
import { lockTransaction } from './transaction-lock.js';
import { recordTimeline, SYSTEM, type Actor } from './timeline.js';
import './chat.events.js';
import '../message/message.events.js';
import '../routing/routing.events.js';

const PRE_CHAT_COLUMN = { name: 'preChatName', email: 'preChatEmail', phone: 'preChatPhone' } as const;

/** A check a new chat must pass before anything is stored (the blacklist registers one). */
export type StartCheck = (organizationId: string, contact: ContactDetails, visitor?: VisitorPrincipal) => Promise<void>;

export type EndReason = 'agent_completed' | 'visitor_left' | 'assigned_inactivity' | 'waiting_inactivity';

const endNotes: Record<EndReason, (who?: string) => string> = {
  agent_completed: (who) => `Chat completed by ${who ?? 'an agent'}.`,
  visitor_left: () => 'The visitor left the chat.',
  assigned_inactivity: () => 'Chat completed automatically: no activity while assigned.',
  waiting_inactivity: () => 'Chat closed automatically: no agent took it and there was no activity while waiting.',
};

/** The TXN lifecycle: start, accept, reject, complete, leave, inactivity; typing. (Messages: the message module; offers and the queue: routing.) */
@Injectable()
export class ChatService implements OnModuleInit {
  private readonly startChecks: StartCheck[] = [];

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly views: ChatViews,
    private readonly routing: RoutingService,
    private readonly messages: MessageService,
    private readonly messageViews: MessageViews,
    private readonly customers: CustomerService,
    private readonly chatAccess: ChatAccess,
    private readonly tokens: TokenService,
    private readonly sweeper: Sweeper,
    @InjectRepository(ChatTransaction) private readonly transactions: Repository<ChatTransaction>,
    private readonly inboxes: InboxDirectoryService,
    private readonly settings: OrganizationSettingsService,
  ) {}

  onModuleInit() {
    this.sweeper.register('inactivity', (now) => this.completeInactive(now));
  }

  addStartCheck(check: StartCheck) {
    this.startChecks.push(check);
  }

  /**
   * A visitor starts a chat: customer found or created, TXN waiting, routed at once.
   * With `clientChatId`, a start sent again (its answer was lost, e.g. the instance
   * died) answers the chat started first instead of starting a second one.
   */
  async start(inboxId: string, dto: StartChatDto, visitor?: VisitorPrincipal) {
    const inbox = await this.inboxes.find(inboxId);
    if (!inbox || (visitor && visitor.organizationId !== inbox.organizationId)) throw new ChatError('inbox_not_found', 'Inbox not found');
    const contact: ContactDetails = { name: dto.name, email: dto.email, phone: dto.phone };
    // the inbox's pre-chat form (docs/widget.md): required fields must be given
    const missing = (['name', 'email', 'phone'] as const).filter((f) => inbox[PRE_CHAT_COLUMN[f]] === 'required' && !contact[f]);
    if (missing.length) throw new ValidationError(`This inbox asks for your ${missing.join(' and ')} before the chat starts.`, missing.map((f) => ({ field: f, message: `${f} is required` })), 'validation_failed');
    for (const check of this.startChecks) await check(inbox.organizationId, contact, visitor);
    const org = await this.settings.get(inbox.organizationId);
    const clientChatId = dto.clientChatId ?? null;
    const startedBefore = async () => (clientChatId ? this.transactions.findOneBy({ inboxId: inbox.id, clientChatId }) : null);
    const earlier = await startedBefore();
    if (earlier) return this.startAnswer(earlier);

    const started = await this.db.transaction(async (em) => {
      const now = this.clock.now();
      const customer = await this.customers.findOrCreate(em, inbox.organizationId, contact, now);
      const txn = em.getRepository(ChatTransaction).create({
        id: newId(), organizationId: inbox.organizationId, inboxId: inbox.id, customerId: customer.id, status: 'waiting',
        assigneeId: null, offerId: null, offerExpiresAt: null,
        ...inactivity(new Date(now.getTime() + org.waitingInactivitySeconds * 1000)),
        lastActivityAt: now, queuedAt: now, firstAssignedAt: null, assignedAt: null, endedAt: null,
        endedByType: null, endedById: null, endReason: null, messageSeq: 0, clientChatId, createdAt: now, updatedAt: now,
      });
      await em.getRepository(ChatTransaction).insert(txn);
      await recordTimeline(em, txn.id, 'created', { type: 'visitor', id: customer.id }, now, { inboxId: inbox.id });
      const firstMessage = dto.message ? await this.messages.insert(em, txn, { senderType: 'visitor', senderId: customer.id, body: dto.message }) : null;
      return { txn, firstMessage };
    }).catch(async (err) => {
      // the same start, sent again while the first was being stored (on this or another instance)
      const first = isUniqueViolation(err) ? await startedBefore() : null;
      if (first) return { earlier: first };
      throw err;
    });
    if ('earlier' in started) return this.startAnswer(started.earlier);
    const { txn, firstMessage } = started;

    const created = await this.views.transactionById(txn.id);
    this.events.emit('transaction.created', { transaction: created });
    if (firstMessage) this.events.emit('message.created', { message: await this.messageViews.message(firstMessage), transaction: created });
    await this.routing.drain([inbox.id]);
    this.events.emit('queue.changed', { inboxId: inbox.id });
    return this.startAnswer(await this.transactions.findOneByOrFail({ id: txn.id }));
  }

  /** What a chat start answers: the TXN, the visitor's token for it and its place in the queue. */
  private async startAnswer(txn: ChatTransaction) {
    return {
      transaction: await this.views.transaction(txn),
      visitorToken: await this.tokens.signVisitor(txn.customerId, txn.id, txn.organizationId),
      queuePosition: await this.routing.queuePosition(txn),
    };
  }

  /** The visitor's view of their own chat. */
  async visitorView(visitor: VisitorPrincipal, id: string) {
    const txn = await this.chatAccess.visibleTransaction(visitor, id);
    return { transaction: await this.views.transaction(txn), queuePosition: await this.routing.queuePosition(txn) };
  }

  /** The offered agent accepts; accepting again is idempotent, anyone else gets 409 `not_offered`. */
  async accept(caller: UserPrincipal, id: string): Promise<TransactionView> {
    const txn = await this.chatAccess.visibleTransaction(caller, id);
    const org = await this.settings.get(txn.organizationId);
    const outcome = await this.db.transaction(async (em) => {
      const current = await lockTransaction(this.db, em, id);
      if (current.assigneeId === caller.userId && (current.status === 'assigned' || current.status === 'transferring')) return 'already';
      if (current.status !== 'assigning' || current.assigneeId !== caller.userId) return 'not_offered';
      const now = this.clock.now();
      await em.getRepository(ChatTransaction).update({ id }, {
        status: 'assigned', offerId: null, offerExpiresAt: null, assignedAt: now, firstAssignedAt: current.firstAssignedAt ?? now,
        lastActivityAt: now, ...inactivity(new Date(now.getTime() + org.assignedInactivitySeconds * 1000)), updatedAt: now,
      });
      await this.routing.answerOffer(em, current.offerId!, 'accepted', now);
      await recordTimeline(em, id, 'accepted', { type: 'agent', id: caller.userId }, now, { offerId: current.offerId });
      return 'accepted';
    });
    if (outcome === 'not_offered') throw new ChatError('not_offered', 'This chat is not offered to you (it may have been taken or the offer expired)');
    const view = await this.views.transactionById(id);
    if (outcome === 'accepted') this.events.emit('transaction.updated', { transaction: view, previous: { status: 'assigning', assigneeId: caller.userId, inboxId: txn.inboxId } });
    return view;
  }

  /** The offered agent declines: the chat goes to the next agent, never back to this one. */
  async reject(caller: UserPrincipal, id: string): Promise<TransactionView> {
    const txn = await this.chatAccess.visibleTransaction(caller, id);
    if (txn.status !== 'assigning' || txn.assigneeId !== caller.userId) throw new ChatError('not_offered', 'This chat is not offered to you');
    const released = await this.routing.releaseOffer(txn, 'rejected', { type: 'agent', id: caller.userId }, this.clock.now());
    if (!released) throw new ChatError('not_offered', 'This chat is not offered to you');
    await this.routing.drain([txn.inboxId]);
    await this.routing.drainForAgent(caller.userId);
    return this.views.transactionById(id);
  }

  /** An agent ends the chat: its assignee, or an owner/admin who may see it. */
  async complete(caller: UserPrincipal, id: string): Promise<TransactionView> {
    const txn = await this.chatAccess.visibleTransaction(caller, id);
    if (txn.assigneeId !== caller.userId && !isAdminRole(caller.role)) {
      throw new ChatError('not_assignee', 'Only the agent handling this chat (or an owner/admin) can complete it');
    }
    return this.end(id, 'agent_completed', { type: 'agent', id: caller.userId }, caller.name);
  }

  /** The visitor leaves. */
  async leave(visitor: VisitorPrincipal, id: string): Promise<TransactionView> {
    await this.chatAccess.visibleTransaction(visitor, id);
    return this.end(id, 'visitor_left', { type: 'visitor', id: visitor.customerId });
  }

  /**
   * Ends an open TXN: `failed` if no agent ever accepted it, else `ended`, with a
   * system message saying why. Ending an ended TXN answers 409 `transaction_ended`.
   */
  async end(id: string, reason: EndReason, actor: Actor, actorName?: string, dueBy?: Date): Promise<TransactionView> {
    const result = await this.db.transaction(async (em) => {
      const current = await lockTransaction(this.db, em, id);
      if (!OPEN_STATUSES.includes(current.status)) return { ended: false as const, current };
      if (dueBy && (!current.inactivityDeadline || current.inactivityDeadline.getTime() > dueBy.getTime())) {
        // messages moved the deadline without the check time (`deadlinePushed`): look again at the deadline
        if (current.inactivityCheckAt?.getTime() !== current.inactivityDeadline?.getTime()) {
          await em.getRepository(ChatTransaction).update({ id }, { inactivityCheckAt: current.inactivityDeadline });
        }
        return { ended: false as const, current };
      }
      const now = this.clock.now();
      const status: TransactionStatus = current.firstAssignedAt ? 'ended' : 'failed';
      const previous = { status: current.status, assigneeId: current.assigneeId, inboxId: current.inboxId };
      if (current.offerId) await this.routing.answerOffer(em, current.offerId, 'cancelled', now);
      await em.getRepository(ChatTransaction).update({ id }, {
        status, offerId: null, offerExpiresAt: null, ...inactivity(null), endedAt: now,
        endedByType: actor.type, endedById: actor.id ?? null, endReason: reason, updatedAt: now,
      });
      await recordTimeline(em, id, status, actor, now, { reason, from: current.status });
      const note = await this.messages.insert(em, current, { senderType: 'system', senderId: null, body: endNotes[reason](actorName) });
      return { ended: true as const, current, previous, note };
    });
    if (!result.ended) {
      if (dueBy) return this.views.transaction(result.current);
      throw new ChatError('transaction_ended', 'This chat has already ended');
    }
    const view = await this.views.transactionById(id);
    this.events.emit('message.created', { message: await this.messageViews.message(result.note), transaction: view });
    this.events.emit('transaction.updated', { transaction: view, previous: result.previous });
    if (result.previous.status === 'waiting') this.events.emit('queue.changed', { inboxId: result.previous.inboxId });
    if (result.previous.assigneeId) await this.routing.drainForAgent(result.previous.assigneeId);
    return view;
  }

  /**
   * Sweeper task: waiting and assigned chats past their inactivity deadline end, once. It looks at
   * the chats whose check time has come; one whose deadline a message moved gets the deadline as
   * its next check time instead (`end` with `dueBy`).
   */
  async completeInactive(now: Date): Promise<void> {
    const due = await this.transactions.find({
      where: { status: In(['waiting', 'assigned']), inactivityCheckAt: LessThanOrEqual(now) },
      order: { inactivityCheckAt: 'ASC' },
      take: 200,
    });
    for (const txn of due) {
      await this.end(txn.id, txn.status === 'waiting' ? 'waiting_inactivity' : 'assigned_inactivity', SYSTEM, undefined, now);
    }
  }

  /** Typing indicators are relayed to the other side, not stored. */
  async typing(caller: Principal, id: string, typing: boolean): Promise<void> {
    const txn = await this.chatAccess.visibleTransaction(caller, id);
    if (caller.kind === 'user') this.chatAccess.assertCanWrite(caller, txn);
    else if (!OPEN_STATUSES.includes(txn.status)) throw new ChatError('transaction_ended', 'This chat has ended');
    this.events.emit('typing', { transaction: await this.views.transaction(txn), from: caller.kind === 'visitor' ? 'visitor' : 'agent', typing });
  }
}
