import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { col, index } from './columns.js';

/** A chat start sent again (a retry after a lost answer) is stored once: the client's own id, unique per inbox. */
export class ClientChatId1764000020500 implements MigrationInterface {
  name = 'ClientChatId1764000020500';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('transactions', new TableColumn(col.str('clientChatId', 100, true)));
    await q.createIndex('transactions', new TableIndex(index(['inboxId', 'clientChatId'], true)));
  }

  async down(q: QueryRunner): Promise<void> {
    const table = await q.getTable('transactions');
    const idx = table?.indices.find((i) => i.columnNames.length === 2 && i.columnNames.includes('clientChatId'));
    if (idx) await q.dropIndex('transactions', idx);
    await q.dropColumn('transactions', 'clientChatId');
  }
}
