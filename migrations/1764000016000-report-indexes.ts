import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { index } from './columns.js';

/** Reports read the chats of an organization started in a period (`ReportReadModel`). */
export class ReportIndexes1764000016000 implements MigrationInterface {
  name = 'ReportIndexes1764000016000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('transactions', new TableIndex(index(['organizationId', 'createdAt'])));
  }

  async down(q: QueryRunner): Promise<void> {
    const table = await q.getTable('transactions');
    const found = table?.indices.find((i) => i.columnNames.join(',') === 'organizationId,createdAt');
    if (found) await q.dropIndex('transactions', found);
  }
}
