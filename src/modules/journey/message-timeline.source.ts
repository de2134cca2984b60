import { Injectable, OnModuleInit } from '@nestjs/common';
import { MessageService } from '../message/message.service.js';
import { TransactionReadService, type TimelineEntry } from '../chat/transaction-read.service.js';

/**
 * Opening a chat from the journey shows its whole story in one ordered
 * timeline: this adds the chat's messages (visitor, agent, system) to it.
 */
@Injectable()
export class MessageTimelineSource implements OnModuleInit {
  constructor(
    private readonly reads: TransactionReadService,
    private readonly messages: MessageService,
  ) {}

  onModuleInit() {
    this.reads.addTimelineSource({ entries: (id) => this.entries(id), messages: true });
  }

  async entries(transactionId: string): Promise<TimelineEntry[]> {
    const out: TimelineEntry[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await this.messages.list(transactionId, { after, limit: 200 });
      for (const m of page.items) {
        out.push({
          id: m.id,
          type: 'message',
          actor: { type: m.sender.type, id: m.sender.id ?? null, ...(m.sender.name !== undefined ? { name: m.sender.name } : {}) },
          data: { messageId: m.id, seq: m.seq, body: m.body, attachments: m.attachments },
          createdAt: m.createdAt,
        });
      }
      if (!page.nextCursor) return out;
      after = page.nextCursor;
    }
  }
}
