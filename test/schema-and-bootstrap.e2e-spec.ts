import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { migrations } from '../migrations/index.js';
import { api, startApp } from './support/app.js';
import { auth } from './support/factories.js';
import { createTestDatabase } from './support/database.js';

const TABLES = ['organizations', 'users', 'agent_connections', 'inboxes', 'inbox_agents', 'customers', 'transactions', 'messages', 'transaction_events', 'chat_offers'];

describe('schema from migrations, bootstrap owner, health', () => {
  it('creates the whole schema from an empty database at start, and the migrations also run down and up again', async () => {
    const database = await createTestDatabase();
    const t = await startApp({ database });
    try {
      const ds = t.app.get(DataSource);
      const applied = await ds.query('SELECT name FROM migrations ORDER BY id');
      expect(applied.map((r: { name: string }) => r.name)).toEqual(migrations.map((m) => new m().name));
      const runner = ds.createQueryRunner();
      for (const table of TABLES) expect(await runner.hasTable(table)).toBe(true);
      for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration();
      for (const table of TABLES) expect(await runner.hasTable(table)).toBe(false);
      await ds.runMigrations();
      for (const table of TABLES) expect(await runner.hasTable(table)).toBe(true);
      await runner.release();
    } finally {
      await t.close();
      await database.drop();
    }
  });

  it('creates the bootstrap owner on an empty database, once', async () => {
    const env = { BOOTSTRAP_OWNER_EMAIL: 'Boss@Example.test', BOOTSTRAP_OWNER_PASSWORD: 'bootstrap-secret', BOOTSTRAP_ORGANIZATION_NAME: 'Boot Co' };
    const database = await createTestDatabase();
    const first = await startApp({ database, env });
    const login = await first.http().post(api('/auth/login')).send({ email: 'boss@example.test', password: 'bootstrap-secret' }).expect(200);
    expect(login.body.user.role).toBe('owner');
    const org = await first.http().get(api('/organization')).set(auth(login.body.accessToken)).expect(200);
    expect(org.body.name).toBe('Boot Co');
    await first.close();
    const second = await startApp({ database, env });
    try {
      expect(await second.app.get(DataSource).query('SELECT id FROM organizations')).toHaveLength(1);
    } finally {
      await second.close();
      await database.drop();
    }
  });

  it('answers /health 503 when the database does not answer', async () => {
    const t = await startApp();
    try {
      await t.http().get('/health').expect(200);
      await t.app.get(DataSource).destroy();
      const res = await t.http().get('/health').expect(503);
      expect(res.body.code).toBe('database_unavailable');
    } finally {
      await t.close().catch(() => undefined);
      await t.database.drop();
    }
  });
});
