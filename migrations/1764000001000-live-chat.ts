import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from './columns.js';

export class LiveChat1764000001000 implements MigrationInterface {
  name = 'LiveChat1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'customers',
      columns: [col.id(), col.ref('organizationId'), col.str('name', 200, true), col.str('email', 254, true), col.str('phone', 32, true), col.date('createdAt')],
      indices: [index(['organizationId', 'email'], true), index(['organizationId', 'phone'], true)],
    }));
    await q.createTable(new Table({
      name: 'transactions',
      columns: [
        col.id(), col.ref('organizationId'), col.ref('inboxId'), col.ref('customerId'), col.str('status', 16),
        col.ref('assigneeId', true), col.ref('offerId', true), col.date('offerExpiresAt', true), col.date('inactivityDeadline', true),
        col.date('lastActivityAt'), col.date('queuedAt'), col.date('firstAssignedAt', true), col.date('assignedAt', true),
        col.date('endedAt', true), col.str('endedByType', 16, true), col.ref('endedById', true), col.str('endReason', 40, true),
        col.int('messageSeq', 0), col.date('createdAt'), col.date('updatedAt'),
      ],
      indices: [
        index(['inboxId', 'status', 'queuedAt']), index(['assigneeId', 'status']), index(['status', 'offerExpiresAt']),
        index(['status', 'inactivityDeadline']), index(['organizationId', 'id']), index(['customerId']),
      ],
    }));
    await q.createTable(new Table({
      name: 'messages',
      columns: [
        col.id(), col.ref('transactionId'), col.int('seq'), col.str('senderType', 10), col.ref('senderId', true),
        col.text('body'), col.str('clientMessageId', 100, true), col.date('createdAt'),
      ],
      indices: [index(['transactionId', 'seq'], true), index(['transactionId', 'senderType', 'clientMessageId'], true)],
    }));
    await q.createTable(new Table({
      name: 'transaction_events',
      columns: [col.id(), col.ref('transactionId'), col.str('type', 40), col.str('actorType', 16), col.ref('actorId', true), col.text('data', true), col.date('createdAt')],
      indices: [index(['transactionId', 'id'])],
    }));
    await q.createTable(new Table({
      name: 'chat_offers',
      columns: [
        col.id(), col.ref('transactionId'), col.ref('agentId'), col.str('status', 10),
        col.date('offeredAt'), col.date('expiresAt'), col.date('answeredAt', true),
      ],
      indices: [index(['transactionId', 'agentId'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['chat_offers', 'transaction_events', 'messages', 'transactions', 'customers']) await q.dropTable(t);
  }
}
