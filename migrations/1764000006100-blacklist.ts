import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from './columns.js';

export class Blacklist1764000006100 implements MigrationInterface {
  name = 'Blacklist1764000006100';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'blacklist',
      columns: [
        col.id(), col.ref('organizationId'), col.str('type', 8), col.str('value', 254), col.str('reason', 250, true),
        col.ref('createdById'), col.ref('sourceTransactionId', true), col.date('createdAt'),
      ],
      indices: [index(['organizationId', 'type', 'value'], true)],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('blacklist');
  }
}
