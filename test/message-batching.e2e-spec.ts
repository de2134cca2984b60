import { beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource, In, type BeforeQueryEvent, type EntityManager, type EntitySubscriberInterface } from 'typeorm';
import { Db } from '../src/common/database/db.service.js';
import { insertStatement, rowsByIdStatement, run, updateStatement } from '../src/common/database/rows.js';
import { testDb } from './support/database.js';
import { Message } from '../src/modules/message/entities/message.entity.js';
import { ChatTransaction } from '../src/modules/chat/entities/transaction.entity.js';
import { MessageWriter } from '../src/modules/message/message-writer.js';
import { assignedChat } from './support/assigned-chat.js';
import { api, ask, collect, connectSocket, socketTracker, startApp, until, useApp } from './support/app.js';
import { goOnline, newFloor, type StartedChat } from './support/chat.js';
import { auth } from './support/factories.js';

type Ack = { ok: true; message: { id: string; seq: number; body: string; clientMessageId: string | null } } | { ok: false; code: string };

/**
 * The group-commit path (`MessageWriter`): many TXNs written at once, so that
 * one database transaction carries the messages of many of them. Per TXN the
 * guarantees of a single write must hold: order, ids, one row per resent
 * `clientMessageId`, no message into an ended TXN, the inactivity deadline.
 */
describe('messages of many TXNs stored together (group commit)', () => {
  const t = useApp();
  let db: DataSource;
  const track = socketTracker();

  beforeAll(async () => {
    db = t.app.get(DataSource);
  });

  const stored = async (transactionId: string) => db.getRepository(Message).find({ where: { transactionId }, order: { seq: 'ASC' } });

  it('keeps order, sequence numbers and idempotence per TXN while batches carry many TXNs; refuses an ended TXN inside a batch', async () => {
    const floor = await newFloor(t, 1, { maxActiveChatsPerAgent: 20 });
    const [agent] = floor.agents;
    const agentSocket = track(await goOnline(t, agent));
    const chats: StartedChat[] = [];
    for (let i = 0; i < 13; i++) chats.push(await assignedChat(t, floor.inbox.id, agent));
    const ended = chats.pop()!;
    const endedVisitor = track(await connectSocket(t.url, '/visitor', ended.visitorToken));
    const before = (await ask<Ack>(endedVisitor, 'message.send', { transactionId: ended.transaction.id, body: 'before the end', clientMessageId: 'e-0' })) as Extract<Ack, { ok: true }>;
    await t.http().post(api(`/transactions/${ended.transaction.id}/complete`)).set(auth(agent)).expect(200);
    const visitors = await Promise.all(chats.map(async (c) => track(await connectSocket(t.url, '/visitor', c.visitorToken))));
    const delivered = collect<{ message: { id: string; transactionId: string; seq: number } }>(agentSocket, 'message.new');
    t.clock.advance(60_000);
    const writer = t.app.get(MessageWriter);
    const batchesBefore = { ...writer.stats };

    // every visitor and the agent write to every chat at once, without waiting for acks;
    // some client ids are sent twice, one of them while the first is still in flight
    const sends: Array<Promise<{ chat: number; from: 'visitor' | 'agent'; cid: string; ack: Ack }>> = [];
    const send = (chat: number, from: 'visitor' | 'agent', cid: string, body: string) =>
      sends.push(
        ask<Ack>(from === 'visitor' ? visitors[chat] : agentSocket, 'message.send', { transactionId: chats[chat].transaction.id, body, clientMessageId: cid }, 20_000).then((ack) => ({ chat, from, cid, ack })),
      );
    const endedSends = [
      ask<Ack>(endedVisitor, 'message.send', { transactionId: ended.transaction.id, body: 'after the end', clientMessageId: 'e-1' }, 20_000),
      ask<Ack>(endedVisitor, 'message.send', { transactionId: ended.transaction.id, body: 'before the end', clientMessageId: 'e-0' }, 20_000),
    ];
    for (let k = 0; k < 10; k++) {
      for (let c = 0; c < chats.length; c++) {
        send(c, 'visitor', `v-${k}`, `visitor ${k}`);
        if (k % 2 === 0) send(c, 'agent', `a-${k}`, `agent ${k}`);
        if (k === 4) send(c, 'visitor', 'v-2', 'visitor 2 (resent)');
      }
    }
    for (let c = 0; c < chats.length; c++) send(c, 'visitor', 'v-0', 'visitor 0 (resent late)');
    const results = await Promise.all(sends);

    expect(results.filter((r) => !r.ack.ok)).toEqual([]);
    const [afterEnd, resentIntoEnded] = await Promise.all(endedSends);
    expect(afterEnd).toMatchObject({ ok: false, code: 'transaction_ended' });
    expect(resentIntoEnded).toMatchObject({ ok: true, message: { id: before.message.id } });
    expect((await stored(ended.transaction.id)).map((m) => m.body)).toEqual(['before the end', expect.stringMatching(/^Chat completed/)]);

    // the batched path ran: fewer database transactions than messages
    const batches = writer.stats.batches - batchesBefore.batches;
    const rows = writer.stats.rows - batchesBefore.rows;
    expect(rows).toBe(results.length + endedSends.length);
    expect(batches).toBeLessThan(rows);
    expect(writer.stats.maxRows).toBeGreaterThan(1);

    const all = await db.getRepository(Message).count({ where: { transactionId: In(chats.map((c) => c.transaction.id)) } });
    await until(() => delivered.filter((d) => chats.some((c) => c.transaction.id === d.message.transactionId)).length >= all);
    for (let c = 0; c < chats.length; c++) {
      const id = chats[c].transaction.id;
      const rowsOf = await stored(id);
      // numbered 1..n without gaps, each client id once per sender
      expect(rowsOf.map((m) => m.seq)).toEqual(rowsOf.map((_, i) => i + 1));
      const visitorRows = rowsOf.filter((m) => m.senderType === 'visitor');
      const agentRows = rowsOf.filter((m) => m.senderType === 'agent');
      expect(visitorRows.map((m) => m.body)).toEqual(Array.from({ length: 10 }, (_, k) => `visitor ${k}`));
      expect(agentRows.map((m) => m.body)).toEqual([0, 2, 4, 6, 8].map((k) => `agent ${k}`));
      // a resend answers with the stored message
      const mine = results.filter((r) => r.chat === c);
      for (const r of mine) {
        const row = rowsOf.find((m) => m.clientMessageId === r.cid && m.senderType === r.from)!;
        expect(r.ack).toMatchObject({ ok: true, message: { id: row.id, seq: row.seq, body: row.body } });
      }
      // delivered to the agent once each, in stored order
      const seen = delivered.filter((d) => d.message.transactionId === id).map((d) => d.message.seq);
      expect(seen).toEqual(rowsOf.map((m) => m.seq));
      // the deadline moved with the messages
      const txn = await db.getRepository(ChatTransaction).findOneByOrFail({ id });
      expect(txn.messageSeq).toBe(rowsOf.length);
      expect(txn.lastActivityAt.getTime()).toBe(t.clock.now().getTime());
      expect(txn.inactivityDeadline!.getTime()).toBe(t.clock.now().getTime() + 3600 * 1000);
    }
  });

  it('two instances write the same TXNs at once: one sequence per TXN, each socket in order, a client id stored once', async () => {
    const floor = await newFloor(t, 1, { maxActiveChatsPerAgent: 20 });
    const [agent] = floor.agents;
    track(await goOnline(t, agent));
    const chats: StartedChat[] = [];
    for (let i = 0; i < 8; i++) chats.push(await assignedChat(t, floor.inbox.id, agent));
    const second = await startApp({ database: t.database, clock: t.clock });
    try {
      const onA = await Promise.all(chats.map(async (c) => track(await connectSocket(t.url, '/visitor', c.visitorToken))));
      const onB = await Promise.all(chats.map(async (c) => track(await connectSocket(second.url, '/visitor', c.visitorToken))));
      const sends: Array<Promise<{ chat: number; cid: string; ack: Ack }>> = [];
      for (let k = 0; k < 8; k++) {
        for (let c = 0; c < chats.length; c++) {
          for (const [name, socket] of [['a', onA[c]], ['b', onB[c]]] as const) {
            const cid = `${name}-${k}`;
            sends.push(ask<Ack>(socket, 'message.send', { transactionId: chats[c].transaction.id, body: `${name} ${k}`, clientMessageId: cid }, 20_000).then((ack) => ({ chat: c, cid, ack })));
          }
          if (k === 3) {
            // the same message sent to both instances at once
            for (const socket of [onA[c], onB[c]]) {
              sends.push(ask<Ack>(socket, 'message.send', { transactionId: chats[c].transaction.id, body: 'both', clientMessageId: 'both' }, 20_000).then((ack) => ({ chat: c, cid: 'both', ack })));
            }
          }
        }
      }
      const results = await Promise.all(sends);
      expect(results.filter((r) => !r.ack.ok)).toEqual([]);

      const rows = await db.getRepository(Message).find({ where: { transactionId: In(chats.map((c) => c.transaction.id)) }, order: { seq: 'ASC' } });
      for (let c = 0; c < chats.length; c++) {
        const id = chats[c].transaction.id;
        const rowsOf = rows.filter((m) => m.transactionId === id);
        expect(rowsOf).toHaveLength(17);
        expect(rowsOf.map((m) => m.seq)).toEqual(rowsOf.map((_, i) => i + 1));
        expect(rowsOf.filter((m) => m.body.startsWith('a ')).map((m) => m.body)).toEqual(Array.from({ length: 8 }, (_, k) => `a ${k}`));
        expect(rowsOf.filter((m) => m.body.startsWith('b ')).map((m) => m.body)).toEqual(Array.from({ length: 8 }, (_, k) => `b ${k}`));
        const both = rowsOf.filter((m) => m.clientMessageId === 'both');
        expect(both).toHaveLength(1);
        for (const r of results.filter((x) => x.chat === c)) {
          const row = rowsOf.find((m) => m.clientMessageId === r.cid)!;
          expect(r.ack).toMatchObject({ ok: true, message: { id: row.id, seq: row.seq } });
        }
        const txn = await db.getRepository(ChatTransaction).findOneByOrFail({ id });
        expect(txn.messageSeq).toBe(17);
      }
      expect(t.app.get(MessageWriter).stats.maxRows + second.app.get(MessageWriter).stats.maxRows).toBeGreaterThan(2);
    } finally {
      await second.close();
    }
  });

  /** The SQL the app sends while `work` runs (TypeORM's BeforeQuery, as the driver gets it). */
  async function sqlDuring(work: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    const listener: EntitySubscriberInterface = { beforeQuery: (event: BeforeQueryEvent<unknown>) => void seen.push(event.query) };
    db.subscribers.push(listener);
    try {
      await work();
    } finally {
      db.subscribers.splice(db.subscribers.indexOf(listener), 1);
    }
    return seen;
  }

  it('sends a batch to MySQL in two round trips: START TRANSACTION with the lock, the INSERT and UPDATE with COMMIT', async () => {
    const floor = await newFloor(t, 1);
    const [agent] = floor.agents;
    track(await goOnline(t, agent));
    const chat = await assignedChat(t, floor.inbox.id, agent);
    const visitor = track(await connectSocket(t.url, '/visitor', chat.visitorToken));
    const txns = t.app.get(Db).manager.getRepository(ChatTransaction);
    const before = await txns.findOneByOrFail({ id: chat.transaction.id });
    const sql = await sqlDuring(() => ask(visitor, 'message.send', { transactionId: chat.transaction.id, body: 'hello', clientMessageId: 'rt-1' }));
    const batch = sql.filter((q) => /transactions|messages|START|BEGIN|COMMIT/.test(q)).map((q) => q.replace(/[`"]/g, '').replace(/\s+/g, ' '));
    // the TXN rows by their primary key, never a scan (MySQL: `FORCE INDEX`); the lock reads the columns the
    // message path reads and writes back, not the whole row
    const txnsById = testDb === 'mysql' ? 'transactions FORCE INDEX \\(PRIMARY\\)' : 'transactions';
    const read = `SELECT id, organizationId, status, assigneeId, messageSeq, lastActivityAt, inactivityDeadline, inactivityCheckAt, updatedAt FROM ${txnsById} WHERE id IN \\(\\?\\) ORDER BY id`;
    if (testDb === 'mysql') {
      expect(batch).toEqual([
        expect.stringMatching(new RegExp(`^(SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED; )?START TRANSACTION; ${read} FOR UPDATE$`)),
        expect.stringMatching(new RegExp(`^INSERT INTO messages .*; UPDATE ${txnsById} SET .*; COMMIT$`)),
      ]);
    } else {
      // SQLite runs in process: the same statements one by one, in its exclusive write transaction
      expect(batch).toEqual([
        'BEGIN IMMEDIATE',
        expect.stringMatching(new RegExp(`^${read}$`)),
        expect.stringMatching(/^INSERT INTO messages/),
        expect.stringMatching(/^UPDATE transactions SET/),
        'COMMIT',
      ]);
    }
    // the sequence grows by the TXN's one message, without its id in a CASE
    expect(batch.find((q) => q.includes('UPDATE transactions'))).toMatch(
      new RegExp(`UPDATE ${txnsById} SET lastActivityAt = \\?, inactivityDeadline = \\?, updatedAt = \\?(, inactivityCheckAt = \\?)?, messageSeq = messageSeq \\+ \\? WHERE id IN \\(\\?\\)`),
    );
    // written back: the sequence, activity and deadline; every other column as it was
    const after = await txns.findOneByOrFail({ id: chat.transaction.id });
    expect(after.messageSeq).toBe(before.messageSeq + 1);
    const moved = ['messageSeq', 'lastActivityAt', 'inactivityDeadline', 'inactivityCheckAt', 'updatedAt'];
    const rest = (row: ChatTransaction) => Object.fromEntries(Object.entries(row).filter(([k]) => !moved.includes(k)));
    expect(rest(after)).toEqual(rest(before));
  });

  it('updates many rows in one statement with one branch per distinct value, and one `= ?` for a value they share', async () => {
    const floor = await newFloor(t, 1, { maxActiveChatsPerAgent: 5 });
    const [agent] = floor.agents;
    track(await goOnline(t, agent));
    const chats = [];
    for (let i = 0; i < 3; i++) chats.push(await assignedChat(t, floor.inbox.id, agent));
    const em = t.app.get(Db).manager;
    const repo = em.getRepository(ChatTransaction);
    const ids = chats.map((c) => c.transaction.id).sort();
    const rows = await repo.findBy({ id: In(ids) });
    const at = new Date('2031-01-02T03:04:05.678Z');
    const later = new Date('2031-01-02T04:04:05.678Z');
    const changed = rows.map((r, i) => Object.assign(new ChatTransaction(), r, { messageSeq: 100 + i, updatedAt: at, inactivityDeadline: i === 0 ? later : at }));
    const statement = updateStatement(em, ChatTransaction, changed, ['messageSeq', 'updatedAt', 'inactivityDeadline']);
    const sql = statement.sql.replace(/[`"]/g, '');
    expect(sql).toMatch(/messageSeq = CASE id WHEN \? THEN \? WHEN \? THEN \? WHEN \? THEN \? ELSE messageSeq END/);
    expect(sql).toMatch(/updatedAt = \?,/);
    expect(sql).toMatch(/inactivityDeadline = CASE WHEN id IN \(\?\) THEN \? WHEN id IN \(\?, \?\) THEN \? ELSE inactivityDeadline END WHERE/);
    await run(em, statement);
    const after = new Map((await repo.findBy({ id: In(ids) })).map((r) => [r.id, r]));
    changed.forEach((want, i) => {
      const got = after.get(want.id)!;
      expect([got.messageSeq, got.updatedAt.toISOString(), got.inactivityDeadline?.toISOString()]).toEqual([100 + i, at.toISOString(), (i === 0 ? later : at).toISOString()]);
      // the columns not named are left alone
      expect(got.lastActivityAt.toISOString()).toBe(rows[i].lastActivityAt.toISOString());
    });

    // a column grown by an amount per row: `col = col + ?` when they share it, else one branch per amount
    const grow = (by: number[]) => updateStatement(em, ChatTransaction, rows, [], {}, { messageSeq: (r) => by[rows.indexOf(r)] });
    const once = grow([1, 1, 1]);
    expect(once.sql.replace(/[`"]/g, '')).toMatch(/SET messageSeq = messageSeq \+ \? WHERE id IN \(\?, \?, \?\)$/);
    await run(em, once);
    const mixed = grow([2, 1, 2]);
    expect(mixed.sql.replace(/[`"]/g, '')).toMatch(/SET messageSeq = messageSeq \+ CASE WHEN id IN \(\?, \?\) THEN \? WHEN id IN \(\?\) THEN \? ELSE 0 END WHERE/);
    await run(em, mixed);
    const grown = new Map((await repo.findBy({ id: In(ids) })).map((r) => [r.id, r.messageSeq]));
    expect(rows.map((r) => grown.get(r.id))).toEqual([100 + 3, 101 + 2, 102 + 3]);
  });

  it('a fused transaction rolls back when its work throws, and stays open after a failing last statement', async () => {
    const floor = await newFloor(t, 1);
    const [agent] = floor.agents;
    track(await goOnline(t, agent));
    const chat = await assignedChat(t, floor.inbox.id, agent);
    const dbs = t.app.get(Db);
    const em = dbs.manager;
    const id = chat.transaction.id;
    const lock = rowsByIdStatement(em, ChatTransaction, [id], { lock: true });
    // read inside a transaction on its own connection (SQLite's one connection is the transaction's while it runs)
    const seqOf = async (on: EntityManager = em) => (await on.getRepository(ChatTransaction).findOneByOrFail({ id })).messageSeq;
    const seq = await seqOf();
    const bump = (rows: ChatTransaction[], by: number) => updateStatement(em, ChatTransaction, rows.map((r) => ({ ...r, messageSeq: r.messageSeq + by })), ['messageSeq']);

    // a throw after the writes undoes them
    await expect(
      dbs.fusedTransaction(lock, async (tx, rows) => {
        await run(tx.em, bump(rows, 5));
        throw new Error('spoiled');
      }),
    ).rejects.toThrow('spoiled');
    expect(await seqOf()).toBe(seq);

    // the last statements fail at the INSERT (a message id stored before): the UPDATE after it did not run, nothing
    // is committed, and the work goes on in the same transaction, under the same lock
    const [first] = await stored(id);
    const again = insertStatement(em, Message, [Object.assign(new Message(), first, { seq: 999, clientMessageId: null })]);
    await dbs.fusedTransaction(lock, async (tx, rows) => {
      expect(rows.map((r) => r.id)).toEqual([id]);
      await expect(tx.commit([again, bump(rows, 1)])).rejects.toThrow();
      expect(await seqOf(tx.em)).toBe(seq);
      await tx.commit([bump(rows, 2)]);
    });
    expect(await seqOf()).toBe(seq + 2);
  });
});
