import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from './columns.js';

export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'organizations',
      columns: [
        col.id(), col.str('name', 200),
        col.bool('contactCenterLicense', false),
        col.int('maxActiveChatsPerAgent', 3), col.int('offerTimeoutSeconds', 60), col.int('transferTimeoutSeconds', 120),
        col.int('assignedInactivitySeconds', 3600), col.int('waitingInactivitySeconds', 21600), col.int('maxUploadBytes', 26214400),
        col.date('createdAt'), col.date('updatedAt'),
      ],
    }));
    await q.createTable(new Table({
      name: 'users',
      columns: [
        col.id(), col.ref('organizationId'), col.str('name', 200), col.str('email', 254), col.str('passwordHash', 100),
        col.str('role', 10), col.int('maxActiveChats', undefined, true),
        col.str('presenceChoice', 10, false, 'online'), col.str('presence', 10, false, 'offline'),
        col.date('lastOfferedAt', true), col.date('createdAt'), col.date('updatedAt'),
      ],
      indices: [index(['organizationId']), index(['email'], true)],
    }));
    await q.createTable(new Table({
      name: 'agent_connections',
      columns: [
        { name: 'socketId', type: 'varchar', length: '64', isPrimary: true }, col.ref('userId'), col.str('instanceId', 64),
        col.date('connectedAt'), col.date('seenAt'),
      ],
      indices: [index(['userId']), index(['instanceId'])],
    }));
    await q.createTable(new Table({
      name: 'inboxes',
      columns: [col.id(), col.ref('organizationId'), col.str('name', 200), col.bool('autoAssign', true), col.date('createdAt'), col.date('updatedAt')],
      indices: [index(['organizationId'])],
    }));
    await q.createTable(new Table({
      name: 'inbox_agents',
      columns: [{ ...col.ref('inboxId'), isPrimary: true }, { ...col.ref('userId'), isPrimary: true }, col.date('createdAt')],
      indices: [index(['userId'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['inbox_agents', 'inboxes', 'agent_connections', 'users', 'organizations']) await q.dropTable(t);
  }
}
