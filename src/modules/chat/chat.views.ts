import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { UserDirectoryService } from '../user/user-directory.service.js';
import { ChatTransaction } from './entities/transaction.entity.js';
import type { ActorType, TransactionRow, TransactionStatus } from './transaction.types.js';
import { iso } from '../../common/views/format.js';

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

/** Turns TXN rows into the public shape of API.md, with the names of the people involved. */
@Injectable()
export class ChatViews {
  constructor(
    private readonly directory: UserDirectoryService,
    @InjectRepository(ChatTransaction) private readonly transactionRows: Repository<ChatTransaction>,
  ) {}

  names(ids: Array<string | null | undefined>): Promise<Map<string, string>> {
    return this.directory.namesById(ids.filter((id): id is string => !!id));
  }

  async transactions(rows: TransactionRow[], knownNames?: Map<string, string>): Promise<TransactionView[]> {
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

  async transaction(row: TransactionRow): Promise<TransactionView> {
    return (await this.transactions([row]))[0];
  }

  /** Reads the committed row again (after a change) and renders it. */
  async transactionById(id: string): Promise<TransactionView> {
    return this.transaction(await this.transactionRows.findOneByOrFail({ id }));
  }
}
