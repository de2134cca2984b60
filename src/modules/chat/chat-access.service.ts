import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AccessService } from '../inbox/access.service.js';
import type { Principal, UserPrincipal } from '../../common/auth/principal.js';
import { ChatError } from './chat.errors.js';
import { ChatTransaction } from './entities/transaction.entity.js';
import type { TransactionRow } from './transaction.types.js';

/**
 * "May this caller see this TXN": its visitor (by token), or anyone who may see
 * its inbox (AccessService). Everything else gets the same 404 as a TXN that does
 * not exist. Other modules (files, transfers, discussion, exports) use this too.
 */
@Injectable()
export class ChatAccess {
  constructor(
    @InjectRepository(ChatTransaction) private readonly transactions: Repository<ChatTransaction>,
    private readonly access: AccessService,
  ) {}

  async visibleTransaction(caller: Principal, id: string): Promise<ChatTransaction> {
    const notFound = () => new ChatError('transaction_not_found', 'Transaction not found');
    if (caller.kind === 'visitor' && caller.transactionId !== id) throw notFound();
    const txn = await this.transactions.findOneBy({ id, organizationId: caller.organizationId });
    if (!txn) throw notFound();
    if (caller.kind !== 'visitor' && !(await this.access.maySeeInbox(caller, { id: txn.inboxId, organizationId: txn.organizationId }))) throw notFound();
    return txn;
  }

  /** May this agent write into the TXN now: it holds it, has accepted it, and the chat is open. */
  assertCanWrite(caller: UserPrincipal, txn: Pick<TransactionRow, 'status' | 'assigneeId'>) {
    if (txn.status === 'ended' || txn.status === 'failed') throw new ChatError('transaction_ended', 'This chat has ended');
    if (txn.assigneeId !== caller.userId) throw new ChatError('not_assignee', 'Only the agent handling this chat can write to the visitor');
    if (txn.status === 'assigning') throw new ChatError('not_accepted', 'Accept the chat before writing');
  }
}
