import { describe, expect, it } from '@jest/globals';
import { api, ask, collect, connectSocket, nextEvent, useApp, until, socketTracker } from './support/app.js';
import { goOnline, newFloor, startChat, getTxn } from './support/chat.js';
import { auth } from './support/factories.js';

describe('live chat lifecycle', () => {
  const t = useApp();
  const track = socketTracker();

  it('runs the happy path over real sockets: start, chat.new, offer, accept, messages in order, complete', async () => {
    const { agents: [agent], inbox } = await newFloor(t, 1);
    const agentSocket = track(await goOnline(t, agent));
    const chatNew = nextEvent(agentSocket, 'chat.new');
    const offered = nextEvent(agentSocket, 'chat.offered');

    const started = await startChat(t, inbox.id, { name: 'Vera Visitor', email: 'vera@example.test', message: 'Hello, anyone there?' });
    expect(started.visitorToken).toEqual(expect.any(String));
    expect((await chatNew).transaction.id).toBe(started.transaction.id);
    const offer = await offered;
    expect(offer.transaction).toMatchObject({ id: started.transaction.id, status: 'assigning', assigneeId: agent.user.id });
    expect(new Date(offer.expiresAt).getTime()).toBeGreaterThan(Date.now() - 1000);

    const visitor = track(await connectSocket(t.url, '/visitor', started.visitorToken));
    const visitorUpdated = nextEvent(visitor, 'chat.updated', 5000, (p) => p.transaction.status === 'assigned');
    const agentUpdated = nextEvent(agentSocket, 'chat.updated', 5000, (p) => p.transaction.status === 'assigned');
    const accepted = await ask(agentSocket, 'chat.accept', { transactionId: started.transaction.id });
    expect(accepted).toMatchObject({ ok: true, transaction: { status: 'assigned', assigneeId: agent.user.id } });
    expect((await visitorUpdated).transaction.assignee).toEqual({ id: agent.user.id, name: agent.user.name });
    await agentUpdated;

    const agentInbox = collect(agentSocket, 'message.new');
    const visitorInbox = collect(visitor, 'message.new');
    const sends = [
      ask(visitor, 'message.send', { transactionId: started.transaction.id, clientMessageId: 'v1', body: 'first' }),
      ask(visitor, 'message.send', { transactionId: started.transaction.id, clientMessageId: 'v2', body: 'second' }),
      ask(visitor, 'message.send', { transactionId: started.transaction.id, clientMessageId: 'v3', body: 'third' }),
    ];
    const acks = await Promise.all(sends);
    expect(acks.map((a) => a.ok)).toEqual([true, true, true]);
    const reply = await ask(agentSocket, 'message.send', { transactionId: started.transaction.id, clientMessageId: 'a1', body: 'Hi Vera!' });
    expect(reply).toMatchObject({ ok: true, message: { body: 'Hi Vera!', sender: { type: 'agent', id: agent.user.id } } });
    await until(() => agentInbox.length >= 4 && visitorInbox.length >= 4);
    expect(agentInbox.map((m) => m.message.body)).toEqual(['first', 'second', 'third', 'Hi Vera!']);
    expect(visitorInbox.map((m) => m.message.body)).toEqual(['first', 'second', 'third', 'Hi Vera!']);

    const stored = await t.http().get(api(`/transactions/${started.transaction.id}/messages`)).set(auth(agent)).expect(200);
    expect(stored.body.items.map((m: { body: string }) => m.body)).toEqual(['Hello, anyone there?', 'first', 'second', 'third', 'Hi Vera!']);
    expect(stored.body.items.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3, 4, 5]);

    const visitorEnded = nextEvent(visitor, 'chat.updated', 5000, (p) => p.transaction.status === 'ended');
    const agentEnded = nextEvent(agentSocket, 'chat.updated', 5000, (p) => p.transaction.status === 'ended');
    const done = await ask(agentSocket, 'chat.complete', { transactionId: started.transaction.id });
    expect(done).toMatchObject({ ok: true, transaction: { status: 'ended' } });
    await Promise.all([visitorEnded, agentEnded]);

    const detail = await getTxn(t, agent, started.transaction.id);
    expect(detail).toMatchObject({ status: 'ended', endReason: 'agent_completed', endedBy: { type: 'agent', id: agent.user.id } });
    // the timeline also carries the chat's messages (journey module); the status changes are these
    const changes = detail.timeline.filter((e: { type: string }) => e.type !== 'message');
    expect(changes.map((e: { type: string }) => e.type)).toEqual(['created', 'offered', 'accepted', 'ended']);
    expect(changes[2].actor).toMatchObject({ type: 'agent', id: agent.user.id });
    const last = await t.http().get(api(`/transactions/${started.transaction.id}/messages`)).set(auth(agent)).expect(200);
    expect(last.body.items.at(-1)).toMatchObject({ sender: { type: 'system' }, body: expect.stringMatching(/completed/) });

    const late = await ask(visitor, 'message.send', { transactionId: started.transaction.id, body: 'hello?' });
    expect(late).toMatchObject({ ok: false, code: 'transaction_ended' });
    const lateRest = await t.http().post(api(`/visitor/chats/${started.transaction.id}/messages`)).set(auth(started.visitorToken)).send({ body: 'hello?' }).expect(409);
    expect(lateRest.body.code).toBe('transaction_ended');
  });

  it('stores a resend with the same clientMessageId once', async () => {
    const { inbox } = await newFloor(t, 0);
    const chat = await startChat(t, inbox.id);
    const send = () => t.http().post(api(`/visitor/chats/${chat.transaction.id}/messages`)).set(auth(chat.visitorToken)).send({ clientMessageId: 'c-1', body: 'only once' });
    const [a, b] = await Promise.all([send(), send()]);
    const c = await send();
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(1);
    const list = await t.http().get(api(`/visitor/chats/${chat.transaction.id}/messages`)).set(auth(chat.visitorToken)).expect(200);
    expect(list.body.items.filter((m: { body: string }) => m.body === 'only once')).toHaveLength(1);
  });

  it('gives a reconnecting client exactly the messages it missed', async () => {
    const { agents: [agent], inbox } = await newFloor(t, 1);
    const agentSocket = track(await goOnline(t, agent));
    const chat = await startChat(t, inbox.id, { message: 'm0' });
    await ask(agentSocket, 'chat.accept', { transactionId: chat.transaction.id });

    const visitor = track(await connectSocket(t.url, '/visitor', chat.visitorToken));
    const seen = collect(visitor, 'message.new');
    await ask(agentSocket, 'message.send', { transactionId: chat.transaction.id, body: 'seen-1' });
    await until(() => seen.length === 1);
    const lastSeen = seen[0].message.id;
    visitor.close();

    for (const body of ['missed-1', 'missed-2', 'missed-3']) await ask(agentSocket, 'message.send', { transactionId: chat.transaction.id, body });

    const again = track(await connectSocket(t.url, '/visitor', chat.visitorToken));
    const synced = await ask(again, 'sync', { transactionId: chat.transaction.id, afterMessageId: lastSeen });
    expect(synced.ok).toBe(true);
    expect(synced.messages.map((m: { body: string }) => m.body)).toEqual(['missed-1', 'missed-2', 'missed-3']);
    const rest = await t.http().get(api(`/visitor/chats/${chat.transaction.id}/messages?after=${lastSeen}`)).set(auth(chat.visitorToken)).expect(200);
    expect(rest.body.items.map((m: { body: string }) => m.body)).toEqual(['missed-1', 'missed-2', 'missed-3']);
  });

  it('refuses bad input with coded errors: long bodies, unknown fields, unknown inbox', async () => {
    const { inbox } = await newFloor(t, 0);
    const chat = await startChat(t, inbox.id);
    const long = await t.http().post(api(`/visitor/chats/${chat.transaction.id}/messages`)).set(auth(chat.visitorToken)).send({ body: 'x'.repeat(5001) }).expect(400);
    expect(long.body.code).toBe('validation_failed');
    await t.http().post(api(`/visitor/inboxes/${inbox.id}/chats`)).send({ email: 'not-an-email' }).expect(400);
    await t.http().post(api(`/visitor/inboxes/${inbox.id}/chats`)).send({ hack: 1 }).expect(400);
    const missing = await t.http().post(api('/visitor/inboxes/00000000-0000-0000-0000-000000000000/chats')).send({}).expect(404);
    expect(missing.body.code).toBe('inbox_not_found');
    const visitor = track(await connectSocket(t.url, '/visitor', chat.visitorToken));
    expect(await ask(visitor, 'message.send', { transactionId: chat.transaction.id })).toMatchObject({ ok: false, code: 'validation_failed' });
  });

  it('queues visitors with their 1-based position and tells them when it moves', async () => {
    const { inbox, agents: [agent] } = await newFloor(t, 1, { maxActiveChatsPerAgent: 1 });
    const first = await startChat(t, inbox.id);
    const second = await startChat(t, inbox.id);
    expect([first.queuePosition, second.queuePosition]).toEqual([1, 2]);
    const visitor2 = track(await connectSocket(t.url, '/visitor', second.visitorToken));
    const moved = nextEvent(visitor2, 'queue.position', 5000, (p) => p.position === 1);
    const agentSocket = track(await goOnline(t, agent));
    expect((await moved).position).toBe(1);
    await until(async () => (await getTxn(t, agent, first.transaction.id)).status === 'assigning');
    const v = await t.http().get(api(`/visitor/chats/${second.transaction.id}`)).set(auth(second.visitorToken)).expect(200);
    expect(v.body).toMatchObject({ queuePosition: 1, transaction: { status: 'waiting' } });
    agentSocket.close();
  });
});
