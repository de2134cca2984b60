import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { OrganizationSettingsService } from '../src/modules/organization/organization-settings.service.js';
import { api, ask, connectSocket, socketTracker, useApp } from './support/app.js';
import { goOnline, newFloor, startChat } from './support/chat.js';
import { testDb } from './support/database.js';
import { auth, newInbox, newOrganization } from './support/factories.js';

type PoolConnection = { release(): void };
type Pool = { config: { connectionLimit: number }; getConnection(cb: (err: Error | null, conn: PoolConnection) => void): void };

/**
 * A database transaction holds one pooled connection and, while it runs, row
 * locks that others wait for. If it asked the pool for a second connection
 * (a read through a repository instead of its own EntityManager), a busy pool
 * would never give one back: the transactions holding the other connections
 * wait for its locks, and it waits for their connections. That stalled a
 * whole instance in the cluster test (docs/operations.md). So the work inside
 * a transaction must get by with the one connection it has.
 */
describe('a database transaction needs no second pooled connection', () => {
  const t = useApp();
  const track = socketTracker();

  /** MySQL: takes every connection of the pool but `free`, until `release` (SQLite has one connection, no pool). */
  async function leaveFree(free: number): Promise<() => void> {
    if (testDb !== 'mysql') return () => undefined;
    const pool = (t.app.get(DataSource).driver as unknown as { pool: Pool }).pool;
    const held: PoolConnection[] = [];
    for (let i = 0; i < pool.config.connectionLimit - free; i++) {
      held.push(await new Promise<PoolConnection>((resolve, reject) => pool.getConnection((err, conn) => (err ? reject(err) : resolve(conn)))));
    }
    return () => held.splice(0).forEach((c) => c.release());
  }

  /** Every settings read misses the cache (as right after a start, a change or a Redis reconnect), until `restore`. */
  function settingsNeverCached(): () => void {
    const settings = t.app.get(OrganizationSettingsService);
    const cache = (settings as unknown as { cache: Map<string, unknown> }).cache;
    const get = settings.get;
    settings.get = function (this: OrganizationSettingsService, ...args: Parameters<OrganizationSettingsService['get']>) {
      cache.delete(args[0]);
      return get.apply(this, args);
    };
    return () => {
      settings.get = get;
    };
  }

  it('stores a message with one free connection while the organization settings are not cached', async () => {
    const org = await newOrganization(t, { waitingInactivitySeconds: 600 });
    const inbox = await newInbox(t, org, []);
    const chat = await startChat(t, inbox.id, { name: 'Vera' });
    const visitor = track(await connectSocket(t.url, '/visitor', chat.visitorToken));
    // the settings cache of this organization is dropped (a change, a Redis reconnect or a fresh instance)
    await t.app.get(OrganizationSettingsService).changed(org.organizationId);

    const release = await leaveFree(1);
    let ack: { ok: boolean; message?: { body: string } };
    try {
      ack = await ask(visitor, 'message.send', { transactionId: chat.transaction.id, body: 'hello', clientMessageId: 'c-1' }, 10_000);
    } finally {
      release();
    }
    expect(ack).toMatchObject({ ok: true, message: { body: 'hello' } });
    // the inactivity deadline was moved with the organization's setting, read inside the transaction
    const [row] = await t.app.get(DataSource).query('SELECT inactivityDeadline, lastActivityAt FROM transactions WHERE id = ?', [chat.transaction.id]);
    expect(new Date(row.inactivityDeadline).getTime() - new Date(row.lastActivityAt).getTime()).toBe(600_000);
    // and the message is there for everyone
    const stored = await t.http().get(api(`/visitor/chats/${chat.transaction.id}/messages`)).set({ Authorization: `Bearer ${chat.visitorToken}` });
    expect(stored.status).toBe(200);
    expect(stored.body.items.map((m: { body: string }) => m.body)).toContain('hello');
  });

  it('offers a chat to an online agent with one free connection while the settings are never cached', async () => {
    const floor = await newFloor(t, 1);
    const agentSocket = track(await goOnline(t, floor.agents[0]));
    const restore = settingsNeverCached();
    const release = await leaveFree(1);
    let started: Awaited<ReturnType<typeof startChat>>;
    try {
      // the start stores the chat, then routing locks the agent's row and reads the settings in its transaction
      started = await Promise.race([
        startChat(t, floor.inbox.id, { name: 'Quinn' }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the chat start did not answer within 10 s')), 10_000)),
      ]);
    } finally {
      release();
      restore();
    }
    expect(started.transaction).toMatchObject({ status: 'assigning', assigneeId: floor.agents[0].user.id });
    expect(agentSocket.connected).toBe(true);
  });

  /** Answers with `work`'s result, or fails when it takes more than 10 s (a transaction waiting for a second connection never answers). */
  const within10s = <T>(work: Promise<T>, what: string) =>
    Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within 10 s`)), 10_000))]);

  it('starts a chat with a first message with one free connection while the settings are never cached', async () => {
    const org = await newOrganization(t, { waitingInactivitySeconds: 600 });
    const inbox = await newInbox(t, org, []);
    const restore = settingsNeverCached();
    const release = await leaveFree(1);
    let started: Awaited<ReturnType<typeof startChat>>;
    try {
      // the start stores the chat and its first message in one transaction, which moves the inactivity deadline by the settings
      started = await within10s(startChat(t, inbox.id, { name: 'Una', message: 'hello' }), 'the chat start');
    } finally {
      release();
      restore();
    }
    const [row] = await t.app.get(DataSource).query('SELECT inactivityDeadline, lastActivityAt FROM transactions WHERE id = ?', [started.transaction.id]);
    expect(new Date(row.inactivityDeadline).getTime() - new Date(row.lastActivityAt).getTime()).toBe(600_000);
  });

  it('settles a transfer with one free connection while the settings are never cached', async () => {
    const floor = await newFloor(t, 2, { assignedInactivitySeconds: 900 });
    const [a, b] = floor.agents;
    track(await goOnline(t, a));
    const chat = await startChat(t, floor.inbox.id, { name: 'Tom' });
    await t.http().post(api(`/transactions/${chat.transaction.id}/accept`)).set(auth(a)).expect(200);
    track(await goOnline(t, b));
    const transfer = (await t.http().post(api(`/transactions/${chat.transaction.id}/transfers`)).set(auth(a)).send({ toAgentId: b.user.id }).expect(201)).body;
    const restore = settingsNeverCached();
    const release = await leaveFree(1);
    let status: number;
    try {
      // the settlement locks the TXN, then moves it to B with B's inactivity deadline from the settings
      status = (await within10s(Promise.resolve(t.http().post(api(`/transfers/${transfer.id}/accept`)).set(auth(b))), 'the transfer answer')).status;
    } finally {
      release();
      restore();
    }
    expect(status).toBe(200);
    const [row] = await t.app.get(DataSource).query('SELECT assigneeId, inactivityDeadline, assignedAt FROM transactions WHERE id = ?', [chat.transaction.id]);
    expect(row.assigneeId).toBe(b.user.id);
    expect(new Date(row.inactivityDeadline).getTime() - new Date(row.assignedAt).getTime()).toBe(900_000);
  });
});
