import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { col, index } from './columns.js';

/**
 * The sweeper finds chats to end for inactivity by a check time of their own
 * (`inactivityCheckAt`, never after the deadline) instead of by the deadline,
 * which every message moves: the index is then rewritten about once per
 * timeout instead of at every message (docs/performance.md, change 17).
 */
export class InactivityCheck1764000021000 implements MigrationInterface {
  name = 'InactivityCheck1764000021000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('transactions', new TableColumn(col.date('inactivityCheckAt', true)));
    await q.query('UPDATE transactions SET inactivityCheckAt = inactivityDeadline');
    await this.dropIndexOn(q, 'status,inactivityDeadline');
    await q.createIndex('transactions', new TableIndex(index(['status', 'inactivityCheckAt'])));
  }

  async down(q: QueryRunner): Promise<void> {
    await this.dropIndexOn(q, 'status,inactivityCheckAt');
    await q.createIndex('transactions', new TableIndex(index(['status', 'inactivityDeadline'])));
    await q.dropColumn('transactions', 'inactivityCheckAt');
  }

  private async dropIndexOn(q: QueryRunner, columns: string) {
    const table = await q.getTable('transactions');
    const found = table?.indices.find((i) => i.columnNames.join(',') === columns);
    if (found) await q.dropIndex('transactions', found);
  }
}
