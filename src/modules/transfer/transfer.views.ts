import { Injectable } from '@nestjs/common';
import type { ActorType } from '../chat/transaction.types.js';
import { UserDirectoryService } from '../user/user-directory.service.js';
import { TransferRequest, type TransferStatus } from './entities/transfer-request.entity.js';
import { iso } from '../../common/views/format.js';

export interface TransferView {
  id: string;
  transactionId: string;
  fromInboxId: string;
  fromAgentId: string;
  fromAgent: { id: string; name: string };
  requestedById: string;
  toAgentId: string | null;
  toAgent: { id: string; name: string } | null;
  toInboxId: string | null;
  status: TransferStatus;
  reason: string | null;
  expiresAt: string | null;
  createdAt: string;
  answeredAt: string | null;
  answeredBy: { type: ActorType; id: string | null } | null;
}


/** The public shape of a transfer (API.md: id, transactionId, fromAgentId, toAgentId | toInboxId, status, expiresAt). */
@Injectable()
export class TransferViews {
  constructor(private readonly users: UserDirectoryService) {}

  async transfer(row: TransferRequest): Promise<TransferView> {
    const names = await this.users.namesById([row.fromAgentId, row.toAgentId].filter((x): x is string => !!x));
    return {
      id: row.id,
      transactionId: row.transactionId,
      fromInboxId: row.fromInboxId,
      fromAgentId: row.fromAgentId,
      fromAgent: { id: row.fromAgentId, name: names.get(row.fromAgentId) ?? '' },
      requestedById: row.requestedById,
      toAgentId: row.toAgentId,
      toAgent: row.toAgentId ? { id: row.toAgentId, name: names.get(row.toAgentId) ?? '' } : null,
      toInboxId: row.toInboxId,
      status: row.status,
      reason: row.reason,
      expiresAt: iso(row.expiresAt),
      createdAt: iso(row.createdAt)!,
      answeredAt: iso(row.answeredAt),
      answeredBy: row.answeredByType ? { type: row.answeredByType, id: row.answeredById } : null,
    };
  }
}
