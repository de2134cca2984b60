import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from './columns.js';

/** Internal discussion per TXN, organization API keys, calls and linked tickets. */
export class DiscussionIntegrations1764000008000 implements MigrationInterface {
  name = 'DiscussionIntegrations1764000008000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'discussion_messages',
      columns: [
        col.id(), col.ref('organizationId'), col.ref('transactionId'), col.str('authorType', 10), col.ref('authorId', true),
        col.str('kind', 20), col.text('body'), col.text('mentions', true), col.text('data', true), col.date('createdAt'),
      ],
      indices: [index(['transactionId', 'id'])],
    }));
    await q.createTable(new Table({
      name: 'discussion_participants',
      columns: [
        { ...col.ref('transactionId'), isPrimary: true }, { ...col.ref('userId'), isPrimary: true },
        col.str('reason', 10), col.date('createdAt'),
      ],
      indices: [index(['userId'])],
    }));
    await q.createTable(new Table({
      name: 'api_keys',
      columns: [
        col.id(), col.ref('organizationId'), col.str('name', 100), col.str('prefix', 16), col.str('keyHash', 64),
        col.ref('createdById'), col.date('createdAt'), col.date('revokedAt', true), col.ref('revokedById', true),
      ],
      indices: [index(['keyHash'], true), index(['organizationId', 'id'])],
    }));
    await q.createTable(new Table({
      name: 'calls',
      columns: [
        col.id(), col.ref('organizationId'), col.ref('transactionId'), col.ref('customerId'), col.ref('agentId', true),
        col.str('direction', 10), col.str('status', 10), col.date('startedAt'), col.date('endedAt', true),
        col.int('durationSeconds', undefined, true), col.str('outcome', 40, true), col.str('externalId', 100, true),
        col.str('createdByType', 16), col.ref('createdById', true), col.date('createdAt'), col.date('updatedAt'),
      ],
      indices: [index(['transactionId']), index(['customerId', 'status', 'startedAt']), index(['organizationId', 'externalId'], true)],
    }));
    await q.createTable(new Table({
      name: 'tickets',
      columns: [
        col.id(), col.ref('organizationId'), col.ref('transactionId'), col.ref('customerId'), col.str('subject', 200),
        col.str('status', 16), col.str('customerName', 200, true), col.str('customerEmail', 254, true), col.str('customerPhone', 32, true),
        col.str('externalId', 100, true), col.str('createdByType', 16), col.ref('createdById', true), col.date('createdAt'), col.date('updatedAt'),
      ],
      indices: [index(['transactionId']), index(['organizationId', 'externalId'], true)],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['tickets', 'calls', 'api_keys', 'discussion_participants', 'discussion_messages']) await q.dropTable(t);
  }
}
