import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from './columns.js';

export class CannedResponses1764000006000 implements MigrationInterface {
  name = 'CannedResponses1764000006000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'canned_responses',
      columns: [
        col.id(), col.ref('organizationId'), col.ref('ownerId', true), col.str('scope', 16), col.ref('scopeKey'),
        col.str('shortcut', 50), col.str('shortcutKey', 50), col.text('content'), col.date('createdAt'), col.date('updatedAt'),
      ],
      // scopeKey is 'org' or the owner's id, never NULL, so the index really is unique on both drivers
      indices: [index(['organizationId', 'scopeKey', 'shortcutKey'], true)],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('canned_responses');
  }
}
