import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, LessThan, MoreThan, Repository } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { KeyedQueue } from '../../common/concurrency/keyed-queue.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { newId } from '../../common/ids/ids.js';
import { toPage, type Page } from '../../common/pagination/pagination.js';
import { Organization } from '../organization/entities/organization.entity.js';
import { ChatError } from './chat.errors.js';
import { ChatViews, type MessageView } from './chat.views.js';
import { MessageWriter, type AppendOptions, type NewMessage } from './message-writer.js';
import { Message } from './entities/message.entity.js';
import { ChatTransaction } from './entities/transaction.entity.js';
import './chat.events.js';

export type { AfterStore, AppendOptions, NewMessage } from './message-writer.js';

/**
 * Stores messages: numbered within their TXN, stored before they are
 * acknowledged, once per `clientMessageId`, refused into ended TXNs.
 */
@Injectable()
export class MessageService {
  private readonly perTransaction = new KeyedQueue();

  constructor(
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly views: ChatViews,
    private readonly writer: MessageWriter,
    @InjectRepository(Message) private readonly messages: Repository<Message>,
  ) {}

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
      const { message, transaction } = await this.views.messageAndTransaction(stored.row, stored.txn, { attachments: !!options.afterStore || stored.duplicate, names: stored.names });
      if (!stored.duplicate) this.events.emit('message.created', { message, transaction });
      return { message, duplicate: stored.duplicate };
    });
  }

  /**
   * Inserts a message into a TXN whose row the caller has locked. Visitor and
   * agent messages are activity: they push the inactivity deadline back.
   */
  async insert(em: EntityManager, txn: ChatTransaction, input: NewMessage): Promise<Message> {
    const now = this.clock.now();
    const seq = txn.messageSeq + 1;
    const row = em.getRepository(Message).create({
      id: newId(), transactionId: txn.id, seq, senderType: input.senderType, senderId: input.senderId,
      body: input.body, clientMessageId: input.clientMessageId ?? null, createdAt: now,
    });
    await em.getRepository(Message).insert(row);
    const changes: Partial<ChatTransaction> = { messageSeq: seq, updatedAt: now };
    if (input.senderType !== 'system') {
      changes.lastActivityAt = now;
      if (txn.status === 'waiting' || txn.status === 'assigned') {
        const org = await em.getRepository(Organization).findOneByOrFail({ id: txn.organizationId });
        const seconds = txn.status === 'waiting' ? org.waitingInactivitySeconds : org.assignedInactivitySeconds;
        changes.inactivityDeadline = new Date(now.getTime() + seconds * 1000);
      }
    }
    await em.getRepository(ChatTransaction).update({ id: txn.id }, changes);
    Object.assign(txn, changes);
    return row;
  }

  /** Messages in order, after a given message (resume after a reconnect) or from the start. */
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
