import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Db } from '../../common/database/db.service.js';
import { ChatTransaction } from './entities/transaction.entity.js';
import type { TransactionRow } from './transaction.types.js';

/** The columns a stored message moves on its TXN. */
export type MessageCounters = Partial<Pick<TransactionRow, 'messageSeq' | 'lastActivityAt' | 'inactivityDeadline' | 'updatedAt'>>;

/**
 * The writes to `transactions` rows that the message and routing modules make
 * inside their own database transactions (the caller's `EntityManager`): the
 * table stays the chat's, these are the only ways others change it besides the
 * chat's own services. Lock first (`lockTransaction`, `lockMany`), then write.
 */
@Injectable()
export class TransactionStore {
  constructor(private readonly db: Db) {}

  /** Reads TXN rows under write locks, in id order (so that two batches cannot deadlock on each other). */
  lockMany(em: EntityManager, ids: string[]): Promise<TransactionRow[]> {
    return this.db
      .lockRows(em.getRepository(ChatTransaction).createQueryBuilder('t').where('t.id IN (:...ids)', { ids }).orderBy('t.id', 'ASC'))
      .getMany();
  }

  /** A message was stored in a TXN whose row the caller locked: sequence, activity, deadline. */
  async recordMessage(em: EntityManager, id: string, changes: MessageCounters): Promise<void> {
    await em.getRepository(ChatTransaction).update({ id }, changes);
  }

  /** The same for the TXNs of a batch of messages, in one UPDATE (sequence, activity and deadline per row: CASE on the id). */
  async recordMessages(em: EntityManager, txns: TransactionRow[]): Promise<void> {
    const meta = em.connection.getMetadata(ChatTransaction);
    const driver = em.connection.driver;
    const q = (name: string) => driver.escape(name);
    const params: unknown[] = [];
    const columns = ['messageSeq', 'lastActivityAt', 'inactivityDeadline', 'updatedAt'] as const;
    const sets = columns.map((property) => {
      const column = meta.findColumnWithPropertyName(property)!;
      const whens = txns.map((t) => {
        params.push(t.id, driver.preparePersistentValue(t[property], column));
        return 'WHEN ? THEN ?';
      });
      return `${q(column.databaseName)} = CASE ${q('id')} ${whens.join(' ')} ELSE ${q(column.databaseName)} END`;
    });
    params.push(...txns.map((t) => t.id));
    await em.query(`UPDATE ${q(meta.tableName)} SET ${sets.join(', ')} WHERE ${q('id')} IN (${txns.map(() => '?').join(', ')})`, params);
  }
}
