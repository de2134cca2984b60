import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { User } from '../user/entities/user.entity.js';
import { Message, type SenderType } from './entities/message.entity.js';
import { ChatTransaction, type ActorType, type TransactionStatus } from './entities/transaction.entity.js';
import { iso, namesById } from '../../common/views/format.js';

export interface TransactionView {
  id: string;
  organizationId: string;
  inboxId: string;
  customerId: string;
  status: TransactionStatus;
  assigneeId: string | null;
  assignee: { id: string; name: string } | null;
  offerExpiresAt: string | null;
  lastActivityAt: string;
  firstAssignedAt: string | null;
  assignedAt: string | null;
  endedAt: string | null;
  endedBy: { type: ActorType; id: string | null } | null;
  endReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface AttachmentView {
  id: string;
  name: string;
  size: number;
  contentType: string;
}

export interface MessageView {
  id: string;
  transactionId: string;
  seq: number;
  sender: { type: SenderType; id?: string; name?: string };
  body: string;
  clientMessageId: string | null;
  attachments: AttachmentView[];
  createdAt: string;
}


/** Extra data a message view may carry (attachments come from the upload module). */
export abstract class MessageDecorator {
  abstract attachments(messageIds: string[]): Promise<Map<string, AttachmentView[]>>;
}

/** Turns rows into the public shapes of API.md, with the names of the people involved. */
@Injectable()
export class ChatViews {
  private readonly decorators: MessageDecorator[] = [];

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(ChatTransaction) private readonly transactionRows: Repository<ChatTransaction>,
  ) {}

  /** Modules that add to message views register here (the upload module: attachments); each one's entries are appended in order. */
  useDecorator(decorator: MessageDecorator) {
    if (!this.decorators.includes(decorator)) this.decorators.push(decorator);
  }

  private async attachmentsOf(messageIds: string[]): Promise<Map<string, AttachmentView[]>> {
    const merged = new Map<string, AttachmentView[]>();
    for (const decorator of this.decorators) {
      for (const [id, list] of await decorator.attachments(messageIds)) merged.set(id, [...(merged.get(id) ?? []), ...list]);
    }
    return merged;
  }

  private names(ids: Array<string | null | undefined>): Promise<Map<string, string>> {
    return namesById(this.users, ids);
  }

  async transactions(rows: ChatTransaction[], knownNames?: Map<string, string>): Promise<TransactionView[]> {
    const names = knownNames ?? (await this.names(rows.map((t) => t.assigneeId)));
    return rows.map((t) => ({
      id: t.id,
      organizationId: t.organizationId,
      inboxId: t.inboxId,
      customerId: t.customerId,
      status: t.status,
      assigneeId: t.assigneeId,
      assignee: t.assigneeId ? { id: t.assigneeId, name: names.get(t.assigneeId) ?? '' } : null,
      offerExpiresAt: iso(t.offerExpiresAt),
      lastActivityAt: iso(t.lastActivityAt)!,
      firstAssignedAt: iso(t.firstAssignedAt),
      assignedAt: iso(t.assignedAt),
      endedAt: iso(t.endedAt),
      endedBy: t.endedByType ? { type: t.endedByType, id: t.endedById } : null,
      endReason: t.endReason,
      createdAt: iso(t.createdAt)!,
      updatedAt: iso(t.updatedAt)!,
    }));
  }

  async transaction(row: ChatTransaction): Promise<TransactionView> {
    return (await this.transactions([row]))[0];
  }

  /** Reads the committed row again (after a change) and renders it. */
  async transactionById(id: string): Promise<TransactionView> {
    return this.transaction(await this.transactionRows.findOneByOrFail({ id }));
  }

  async messages(rows: Message[], options: { attachments?: boolean; names?: Map<string, string> } = {}): Promise<MessageView[]> {
    const names = options.names ?? (await this.names(rows.filter((m) => m.senderType === 'agent').map((m) => m.senderId)));
    const attachments =
      rows.length && options.attachments !== false ? await this.attachmentsOf(rows.map((m) => m.id)) : new Map<string, AttachmentView[]>();
    return rows.map((m) => ({
      id: m.id,
      transactionId: m.transactionId,
      seq: m.seq,
      sender:
        m.senderType === 'agent' ? { type: 'agent', id: m.senderId ?? undefined, name: names.get(m.senderId ?? '') }
        : m.senderType === 'visitor' ? { type: 'visitor', ...(m.senderId ? { id: m.senderId } : {}) }
        : { type: 'system' },
      body: m.body,
      clientMessageId: m.clientMessageId,
      attachments: attachments.get(m.id) ?? [],
      createdAt: iso(m.createdAt)!,
    }));
  }

  async message(row: Message): Promise<MessageView> {
    return (await this.messages([row]))[0];
  }

  /**
   * A new message and its TXN as they are after the write, with one lookup of
   * names for both; `attachments: false` when the message cannot have any.
   */
  async messageAndTransaction(row: Message, txn: ChatTransaction, options: { attachments: boolean }) {
    const names = await this.names([txn.assigneeId, row.senderType === 'agent' ? row.senderId : null]);
    const [message] = await this.messages([row], { attachments: options.attachments, names });
    const [transaction] = await this.transactions([txn], names);
    return { message, transaction };
  }
}
