import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from './columns.js';

export class Files1764000005000 implements MigrationInterface {
  name = 'Files1764000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'files',
      columns: [
        col.id(), col.ref('organizationId'), col.ref('transactionId'), col.ref('messageId'),
        col.str('originalName', 255), col.str('storageKey', 200), col.int('size'), col.str('sha256', 64), col.str('contentType', 100),
        col.str('uploaderType', 10), col.ref('uploaderId'), col.date('createdAt'),
      ],
      indices: [index(['messageId']), index(['transactionId', 'id'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('files');
  }
}
