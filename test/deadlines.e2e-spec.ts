import { beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Message } from '../src/modules/message/entities/message.entity.js';
import { TransactionEvent } from '../src/modules/chat/entities/transaction-event.entity.js';
import { ChatTransaction } from '../src/modules/chat/entities/transaction.entity.js';
import { api, startApp, useApp } from './support/app.js';
import { goOnline, newFloor, startChat } from './support/chat.js';
import { auth } from './support/factories.js';

describe('durable deadlines: inactivity completion', () => {
  const t = useApp();
  let db: DataSource;

  beforeAll(async () => {
    db = t.app.get(DataSource);
  });

  const txn = (id: string) => db.getRepository(ChatTransaction).findOneByOrFail({ id });

  it('ends an Assigned chat after the configured seconds without activity, with a system message saying why', async () => {
    const floor = await newFloor(t, 1, { assignedInactivitySeconds: 120 });
    const socket = await goOnline(t, floor.agents[0]);
    const chat = await startChat(t, floor.inbox.id);
    await t.http().post(api(`/transactions/${chat.transaction.id}/accept`)).set(auth(floor.agents[0])).expect(200);

    const acceptedAt = t.clock.now().getTime();
    // a visitor message 100 s in resets the clock: the deadline moves, the sweeper's check time stays (its index is not rewritten)
    t.clock.advanceSeconds(100);
    await t.http().post(api(`/visitor/chats/${chat.transaction.id}/messages`)).set(auth(chat.visitorToken)).send({ body: 'still here' }).expect(201);
    const pushed = await txn(chat.transaction.id);
    expect(pushed.inactivityDeadline!.getTime()).toBe(acceptedAt + 220_000);
    expect(pushed.inactivityCheckAt!.getTime()).toBe(acceptedAt + 120_000);
    // at the check time the sweeper finds the deadline moved: the chat stays, checked again at its deadline
    t.clock.advanceSeconds(100);
    await t.sweep();
    const checked = await txn(chat.transaction.id);
    expect(checked.status).toBe('assigned');
    expect(checked.inactivityCheckAt!.getTime()).toBe(acceptedAt + 220_000);

    t.clock.advanceSeconds(21);
    await t.sweep();
    const ended = await txn(chat.transaction.id);
    expect(ended).toMatchObject({ status: 'ended', endReason: 'assigned_inactivity', endedByType: 'system' });
    const last = await db.getRepository(Message).findOneOrFail({ where: { transactionId: chat.transaction.id }, order: { seq: 'DESC' } });
    expect(last).toMatchObject({ senderType: 'system', body: expect.stringMatching(/no activity/) });
    socket.close();
  });

  it('applies a shorter timeout set while a chat is open from its next message, even before the check time set earlier', async () => {
    const floor = await newFloor(t, 1, { assignedInactivitySeconds: 3600 });
    const socket = await goOnline(t, floor.agents[0]);
    const chat = await startChat(t, floor.inbox.id);
    await t.http().post(api(`/transactions/${chat.transaction.id}/accept`)).set(auth(floor.agents[0])).expect(200);
    await t.http().patch(api('/organization')).set(auth(floor.org.owner)).send({ assignedInactivitySeconds: 120 }).expect(200);

    // the deadline set before the change holds until the next message
    t.clock.advanceSeconds(200);
    await t.sweep();
    expect((await txn(chat.transaction.id)).status).toBe('assigned');

    await t.http().post(api(`/visitor/chats/${chat.transaction.id}/messages`)).set(auth(chat.visitorToken)).send({ body: 'hello?' }).expect(201);
    const moved = await txn(chat.transaction.id);
    expect(moved.inactivityCheckAt!.getTime()).toBe(moved.inactivityDeadline!.getTime());
    t.clock.advanceSeconds(121);
    await t.sweep();
    expect(await txn(chat.transaction.id)).toMatchObject({ status: 'ended', endReason: 'assigned_inactivity' });
    socket.close();
  });

  it('ends a Waiting chat that no agent ever accepted as Failed', async () => {
    const floor = await newFloor(t, 0, { waitingInactivitySeconds: 600 });
    const chat = await startChat(t, floor.inbox.id);
    t.clock.advanceSeconds(599);
    await t.sweep();
    expect((await txn(chat.transaction.id)).status).toBe('waiting');
    t.clock.advanceSeconds(2);
    await t.sweep();
    expect(await txn(chat.transaction.id)).toMatchObject({ status: 'failed', endReason: 'waiting_inactivity' });
  });

  it('ends a chat never accepted as Failed and one that was accepted as Ended when the visitor leaves', async () => {
    const floor = await newFloor(t, 1);
    const waiting = await startChat(t, floor.inbox.id);
    const left = await t.http().post(api(`/visitor/chats/${waiting.transaction.id}/leave`)).set(auth(waiting.visitorToken)).expect(200);
    expect(left.body).toMatchObject({ status: 'failed', endReason: 'visitor_left', endedBy: { type: 'visitor' } });
    const again = await t.http().post(api(`/visitor/chats/${waiting.transaction.id}/leave`)).set(auth(waiting.visitorToken)).expect(409);
    expect(again.body.code).toBe('transaction_ended');
  });

  it('fires a deadline set before a restart after it, once, also with two instances sweeping', async () => {
    const floor = await newFloor(t, 0, { waitingInactivitySeconds: 60 });
    const chat = await startChat(t, floor.inbox.id);

    // restart: a new app on the same database and clock; then a second instance beside it
    await t.app.close();
    const restarted = await startApp({ database: t.database, clock: t.clock });
    const other = await startApp({ database: t.database, clock: t.clock });
    try {
      t.clock.advanceSeconds(61);
      await Promise.all([restarted.sweep(), other.sweep(), restarted.sweep(), other.sweep()]);
      const rdb = restarted.app.get(DataSource);
      expect((await rdb.getRepository(ChatTransaction).findOneByOrFail({ id: chat.transaction.id })).status).toBe('failed');
      const events = await rdb.getRepository(TransactionEvent).find({ where: { transactionId: chat.transaction.id, type: 'failed' } });
      expect(events).toHaveLength(1);
      const notes = await rdb.getRepository(Message).find({ where: { transactionId: chat.transaction.id, senderType: 'system' } });
      expect(notes).toHaveLength(1);
    } finally {
      await other.close();
      // the fixture closes the restarted app (and drops the database) after the file
      t.replace(restarted);
    }
  });
});
