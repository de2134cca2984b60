import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { CustomerDirectoryService } from '../customer/customer-directory.service.js';
import { InboxDirectoryService } from '../inbox/inbox-directory.service.js';
import { UserDirectoryService } from '../user/user-directory.service.js';
import { ChatAccess } from './chat-access.service.js';
import { ChatViews } from './chat.views.js';
import { TransactionEvent } from './entities/transaction-event.entity.js';
import type { ChatTransaction } from './entities/transaction.entity.js';
import { MessageService } from '../message/message.service.js';

export interface TimelineEntry {
  id: string;
  type: string;
  actor: { type: string; id: string | null; name?: string };
  data: Record<string, unknown> | null;
  createdAt: string;
}

/** Extra timeline entries other modules contribute (transfers, files, calls, tickets). */
export abstract class TimelineSource {
  abstract entries(transactionId: string): Promise<TimelineEntry[]>;
  /** True for the source of the chat's messages, which transcripts stream on their own. */
  readonly messages?: boolean;
}

/** Extra top-level fields other modules add to the detail (e.g. the pending transfer). */
export type DetailExtension = (transaction: ChatTransaction) => Promise<Record<string, unknown>>;

/** One TXN with its customer, inbox, agents involved, timeline and message count. */
@Injectable()
export class TransactionReadService {
  private readonly sources: TimelineSource[] = [];
  private readonly extensions: DetailExtension[] = [];

  constructor(
    private readonly chatAccess: ChatAccess,
    private readonly views: ChatViews,
    private readonly messages: MessageService,
    @InjectRepository(TransactionEvent) private readonly events: Repository<TransactionEvent>,
    private readonly customers: CustomerDirectoryService,
    private readonly inboxes: InboxDirectoryService,
    private readonly users: UserDirectoryService,
  ) {}

  addTimelineSource(source: TimelineSource) {
    this.sources.push(source);
  }

  addDetailExtension(extension: DetailExtension) {
    this.extensions.push(extension);
  }

  /** `withMessages: false` leaves the messages out of the timeline (for callers that page through them). */
  async detail(caller: Principal, id: string, { withMessages = true }: { withMessages?: boolean } = {}) {
    const txn = await this.chatAccess.visibleTransaction(caller, id);
    const [view, customer, inbox, rows, messageCount] = await Promise.all([
      this.views.transaction(txn),
      this.customers.contact(txn.customerId),
      this.inboxes.find(txn.inboxId),
      this.events.find({ where: { transactionId: id }, order: { id: 'ASC' } }),
      this.messages.count(id),
    ]);
    const sources = this.sources.filter((s) => withMessages || !s.messages);
    const extra = (await Promise.all(sources.map((s) => s.entries(id)))).flat();
    const extended: Record<string, unknown> = Object.assign({}, ...(await Promise.all(this.extensions.map((x) => x(txn)))));
    const agentIds = new Set<string>();
    for (const e of rows) {
      if (e.actorType === 'agent' && e.actorId) agentIds.add(e.actorId);
      for (const key of ['agentId', 'toAgentId', 'fromAgentId']) {
        const v = e.data?.[key];
        if (typeof v === 'string') agentIds.add(v);
      }
    }
    if (txn.assigneeId) agentIds.add(txn.assigneeId);
    const names = await this.users.namesById([...agentIds]);
    const agents = [...names].map(([id, name]) => ({ id, name }));
    const timeline: TimelineEntry[] = [
      ...rows.map((e) => ({
        id: e.id,
        type: e.type,
        actor: { type: e.actorType, id: e.actorId, ...(e.actorType === 'agent' && e.actorId ? { name: names.get(e.actorId) } : {}) },
        data: e.data,
        createdAt: e.createdAt.toISOString(),
      })),
      ...extra,
    ].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    return {
      ...view,
      customer: customer && { id: customer.id, name: customer.name, email: customer.email, phone: customer.phone },
      inbox: inbox && { id: inbox.id, name: inbox.name },
      agents: agents.map((a) => ({ id: a.id, name: a.name })),
      messageCount,
      timeline,
      ...extended,
    };
  }
}
