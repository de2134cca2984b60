import type { EntityManager } from 'typeorm';
import type { Db } from '../../common/database/db.service.js';
import { ChatError } from './chat.errors.js';
import { ChatTransaction } from './entities/transaction.entity.js';

/** Reads a TXN row under a write lock (inside `db.transaction`): every change to one TXN goes through here. */
export async function lockTransaction(db: Db, em: EntityManager, id: string): Promise<ChatTransaction> {
  const txn = await db.lockRows(em.getRepository(ChatTransaction).createQueryBuilder('t').where('t.id = :id', { id })).getOne();
  if (!txn) throw new ChatError('transaction_not_found', 'Transaction not found');
  return txn;
}
