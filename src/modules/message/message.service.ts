import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, LessThan, MoreThan, Repository } from 'typeorm';
import type { Principal, UserPrincipal, VisitorPrincipal } from '../../common/auth/principal.js';
import { Clock } from '../../common/clock/clock.js';
import { KeyedQueue } from '../../common/concurrency/keyed-queue.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { newId } from '../../common/ids/ids.js';
import { toPage, type Page } from '../../common/pagination/pagination.js';
import { ChatAccess } from '../chat/chat-access.service.js';
import { ChatError } from '../chat/chat.errors.js';
import { TransactionStore, type MessageCounters } from '../chat/transaction-store.js';
import { deadlinePushed, type TransactionRow } from '../chat/transaction.types.js';
import { OrganizationSettingsService } from '../organization/organization-settings.service.js';
import { SendMessageDto } from './dto/message.dto.js';
import { Message } from './entities/message.entity.js';
import type { MessageRow } from './message.types.js';
import { MessageViews, type MessageView } from './message.views.js';
import { MessageWriter, type AfterStore, type AppendOptions, type NewMessage } from './message-writer.js';
import './message.events.js';

export type { AfterStore, AppendOptions, NewMessage } from './message-writer.js';

/** How a message arrives: `afterStore` runs in its database transaction (attachments). */
export interface SendVia {
  afterStore?: AfterStore;
}

/**
 * Rewrites an agent's message body before it is stored (canned responses expand `/shortcut` here).
 * Runs after the write checks; a resend with a known `clientMessageId` still returns the stored message.
 */
export type AgentMessageTransform = (caller: UserPrincipal, txn: TransactionRow, body: string) => Promise<string>;

/**
 * Messages: sent by agents and visitors, numbered within their TXN, stored
 * before they are acknowledged, once per `clientMessageId`, refused into ended
 * TXNs; read back in pages and after a reconnect (sync).
 */
@Injectable()
export class MessageService {
  private readonly perTransaction = new KeyedQueue();
  private readonly agentMessageTransforms: AgentMessageTransform[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly views: MessageViews,
    private readonly writer: MessageWriter,
    private readonly chatAccess: ChatAccess,
    private readonly store: TransactionStore,
    private readonly settings: OrganizationSettingsService,
    @InjectRepository(Message) private readonly messages: Repository<Message>,
  ) {}

  addAgentMessageTransform(transform: AgentMessageTransform) {
    this.agentMessageTransforms.push(transform);
  }

  /** An agent message: only from the agent holding the chat, after accepting it. */
  async sendAsAgent(caller: UserPrincipal, id: string, dto: SendMessageDto, via: SendVia = {}): Promise<MessageView> {
    const txn = await this.chatAccess.visibleTransaction(caller, id);
    this.chatAccess.assertCanWrite(caller, txn);
    let body = dto.body;
    for (const transform of this.agentMessageTransforms) body = await transform(caller, txn, body);
    const { message } = await this.append(
      id,
      { senderType: 'agent', senderId: caller.userId, body, clientMessageId: dto.clientMessageId },
      // checked again on the locked row: the chat may have been transferred or ended meanwhile
      { afterStore: via.afterStore, guard: (locked) => this.chatAccess.assertCanWrite(caller, locked) },
    );
    return message;
  }

  /** A visitor message into their own chat; the token names the chat, the locked row confirms it. */
  async sendAsVisitor(visitor: VisitorPrincipal, id: string, dto: SendMessageDto, via: SendVia = {}): Promise<MessageView> {
    const notFound = () => new ChatError('transaction_not_found', 'Transaction not found');
    if (visitor.transactionId !== id) throw notFound();
    const { message } = await this.append(
      id,
      { senderType: 'visitor', senderId: visitor.customerId, body: dto.body, clientMessageId: dto.clientMessageId },
      { afterStore: via.afterStore, guard: (locked) => { if (locked.organizationId !== visitor.organizationId) throw notFound(); } },
    );
    return message;
  }

  async listMessages(caller: Principal, id: string, query: { after?: string; cursor?: string; limit?: number; order?: 'asc' | 'desc' }) {
    await this.chatAccess.visibleTransaction(caller, id);
    return this.list(id, query);
  }

  /** Everything a reconnecting client missed after the last message it saw. */
  async sync(caller: Principal, id: string, afterMessageId?: string | null): Promise<MessageView[]> {
    await this.chatAccess.visibleTransaction(caller, id);
    const all: MessageView[] = [];
    let after = afterMessageId ?? null;
    for (;;) {
      const page = await this.list(id, { after, limit: 200 });
      all.push(...page.items);
      if (!page.nextCursor) return all;
      after = page.nextCursor;
    }
  }

  /**
   * Appends a message. Writes of one TXN are serialized twice over: in this
   * process by arrival order, across instances by a row lock on the TXN, which
   * also hands out the next sequence number. `guard` checks the locked row
   * (who may write to it now), so a check cannot go stale before the write.
   *
   * Kept lean on purpose (it is the hot path): `MessageWriter` stores the
   * messages of many TXNs in one database transaction, and the announcement is
   * built from the rows in hand instead of reading them again.
   */
  async append(transactionId: string, input: NewMessage, options: AppendOptions = {}): Promise<{ message: MessageView; duplicate: boolean }> {
    // the announcement stays inside the queue too, so that realtime delivery keeps the stored order
    return this.perTransaction.run(transactionId, async () => {
      // stored with the messages of other TXNs that arrive meanwhile (group commit), acked after the COMMIT
      const stored = await this.writer.write(transactionId, input, options);
      const [message] = await this.views.messages([stored.row], { attachments: !!options.afterStore || stored.duplicate, names: stored.names });
      if (!stored.duplicate) this.events.emit('message.created', { message, transaction: stored.txn });
      return { message, duplicate: stored.duplicate };
    });
  }

  /**
   * Inserts a message into a TXN whose row the caller has locked (the chat's
   * start and end, transfers). Visitor and agent messages are activity: they
   * push the inactivity deadline back.
   */
  async insert(em: EntityManager, txn: TransactionRow, input: NewMessage): Promise<MessageRow> {
    const now = this.clock.now();
    const seq = txn.messageSeq + 1;
    const row = em.getRepository(Message).create({
      id: newId(), transactionId: txn.id, seq, senderType: input.senderType, senderId: input.senderId,
      body: input.body, clientMessageId: input.clientMessageId ?? null, createdAt: now,
    });
    await em.getRepository(Message).insert(row);
    const changes: MessageCounters = { messageSeq: seq, updatedAt: now };
    if (input.senderType !== 'system') {
      changes.lastActivityAt = now;
      if (txn.status === 'waiting' || txn.status === 'assigned') {
        // a cache miss is read on this transaction's connection: never a second pooled one while holding locks
        const org = await this.settings.get(txn.organizationId, em);
        const seconds = txn.status === 'waiting' ? org.waitingInactivitySeconds : org.assignedInactivitySeconds;
        const deadline = new Date(now.getTime() + seconds * 1000);
        changes.inactivityDeadline = deadline;
        if (deadlinePushed({ ...txn }, deadline)) changes.inactivityCheckAt = deadline;
      }
    }
    await this.store.recordMessage(em, txn.id, changes);
    Object.assign(txn, changes);
    return row;
  }

  /** In order (`asc`, after the anchor) or newest first (`desc`, before the anchor). */
  async list(transactionId: string, opts: { after?: string | null; cursor?: string; limit?: number; order?: 'asc' | 'desc' }): Promise<Page<MessageView>> {
    const limit = opts.limit ?? 50;
    const fromId = opts.cursor ?? opts.after ?? null;
    let anchorSeq: number | null = null;
    if (fromId) {
      const anchor = await this.messages.findOne({ where: { id: fromId, transactionId }, select: ['id', 'seq'] });
      if (!anchor) throw new ChatError('unknown_message', 'No such message in this transaction');
      anchorSeq = anchor.seq;
    }
    const desc = opts.order === 'desc';
    const seq = desc ? (anchorSeq === null ? undefined : LessThan(anchorSeq)) : MoreThan(anchorSeq ?? 0);
    const rows = await this.messages.find({ where: { transactionId, ...(seq ? { seq } : {}) }, order: { seq: desc ? 'DESC' : 'ASC' }, take: limit + 1 });
    const page = toPage(rows, limit, (m) => m.id, (m) => m);
    return { items: await this.views.messages(page.items), nextCursor: page.nextCursor };
  }

  async count(transactionId: string): Promise<number> {
    return this.messages.countBy({ transactionId });
  }
}
