import { Injectable } from '@nestjs/common';
import { ChatViews } from '../chat/chat.views.js';
import type { MessageRow, SenderType } from './message.types.js';
import { iso } from '../../common/views/format.js';

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

/** Turns message rows into the public shape of API.md, with the agents' names and the registered decorations. */
@Injectable()
export class MessageViews {
  private readonly decorators: MessageDecorator[] = [];

  constructor(private readonly chatViews: ChatViews) {}

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

  async messages(rows: MessageRow[], options: { attachments?: boolean; names?: Map<string, string> } = {}): Promise<MessageView[]> {
    const names = options.names ?? (await this.chatViews.names(rows.filter((m) => m.senderType === 'agent').map((m) => m.senderId)));
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

  async message(row: MessageRow): Promise<MessageView> {
    return (await this.messages([row]))[0];
  }
}
