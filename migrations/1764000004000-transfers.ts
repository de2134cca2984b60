import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from './columns.js';

export class Transfers1764000004000 implements MigrationInterface {
  name = 'Transfers1764000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'transfers',
      columns: [
        col.id(), col.ref('organizationId'), col.ref('transactionId'), col.ref('fromInboxId'), col.ref('fromAgentId'),
        col.ref('requestedById'), col.ref('toAgentId', true), col.ref('toInboxId', true), col.str('status', 10),
        col.str('reason', 500, true), col.date('expiresAt', true), col.date('createdAt'), col.date('answeredAt', true),
        col.str('answeredByType', 16, true), col.ref('answeredById', true),
      ],
      indices: [index(['status', 'expiresAt']), index(['transactionId', 'status'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('transfers');
  }
}
