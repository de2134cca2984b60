import { afterEach, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { api, ask, collect, connectSocket, nextEvent, useApp, until } from './support/app.js';
import { goOnline, newFloor, startChat } from './support/chat.js';
import { auth, newInbox, newOrganization, newUser } from './support/factories.js';
import { assignedChat } from './support/assigned-chat.js';

describe('internal discussion per transaction', () => {
  const t = useApp();
  const sockets: Socket[] = [];
  const track = (s: Socket) => (sockets.push(s), s);
  const discussion = (id: string) => api(`/transactions/${id}/discussion`);
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.close());
  });

  it('is delivered in realtime between two agents of the inbox, and never to the visitor (socket or REST)', async () => {
    const { agents: [a, b], inbox } = await newFloor(t, 2);
    const aSocket = track(await goOnline(t, a));
    const chat = await assignedChat(t, inbox.id, a, { name: 'Vera', message: 'hello' });
    const bSocket = track(await goOnline(t, b));
    const visitor = track(await connectSocket(t.url, '/visitor', chat.visitorToken));
    const visitorSaw: Array<{ event: string; payload: unknown }> = [];
    visitor.onAny((event, payload) => visitorSaw.push({ event, payload }));

    const bMention = nextEvent(bSocket, 'discussion.mention');
    const bMessage = nextEvent(bSocket, 'discussion.message');
    const aOwn = nextEvent(aSocket, 'discussion.message');
    const posted = await t.http().post(discussion(chat.transaction.id)).set(auth(a)).send({ body: 'SECRET-1 can you check the refund?', mentions: [b.user.id] }).expect(201);
    expect(posted.body).toMatchObject({ transactionId: chat.transaction.id, kind: 'message', author: { type: 'agent', id: a.user.id, name: a.user.name }, body: 'SECRET-1 can you check the refund?', mentions: [b.user.id] });
    expect((await bMention)).toMatchObject({ transactionId: chat.transaction.id, message: { id: posted.body.id } });
    expect((await bMessage).message.id).toBe(posted.body.id);
    expect((await aOwn).message.id).toBe(posted.body.id);

    const aReply = nextEvent(aSocket, 'discussion.message', 5000, (p) => p.message.author.id === b.user.id);
    const reply = await t.http().post(discussion(chat.transaction.id)).set(auth(b)).send({ body: 'SECRET-2 on it' }).expect(201);
    expect((await aReply).message).toMatchObject({ id: reply.body.id, body: 'SECRET-2 on it' });

    const list = await t.http().get(discussion(chat.transaction.id)).set(auth(b)).expect(200);
    expect(list.body.items.map((m: { body: string }) => m.body)).toEqual(['SECRET-1 can you check the refund?', 'SECRET-2 on it']);
    expect(list.body.nextCursor).toBeNull();

    // a chat message sent afterwards reaches the visitor: by then any discussion emit would have too
    const sentinel = nextEvent(visitor, 'message.new', 5000, (p) => p.message.body === 'after the discussion');
    await ask(aSocket, 'message.send', { transactionId: chat.transaction.id, body: 'after the discussion' });
    await sentinel;
    expect(visitorSaw.map((e) => e.event)).not.toContain('discussion.message');
    expect(JSON.stringify(visitorSaw)).not.toMatch(/SECRET-/);

    const asVisitor = await t.http().get(discussion(chat.transaction.id)).set(auth(chat.visitorToken));
    expect([401, 403]).toContain(asVisitor.status);
    await t.http().post(discussion(chat.transaction.id)).set(auth(chat.visitorToken)).send({ body: 'let me in' }).expect(403);
    const visitorMessages = await t.http().get(api(`/visitor/chats/${chat.transaction.id}/messages`)).set(auth(chat.visitorToken)).expect(200);
    expect(JSON.stringify(visitorMessages.body)).not.toMatch(/SECRET-/);
    const visitorSync = await ask(visitor, 'sync', { transactionId: chat.transaction.id });
    expect(JSON.stringify(visitorSync)).not.toMatch(/SECRET-/);
  });

  it('is open from the moment the chat is created, before any agent took it', async () => {
    const { agents: [a], inbox } = await newFloor(t, 1);
    const chat = await startChat(t, inbox.id);
    expect(chat.transaction.status).toBe('waiting');
    await t.http().post(discussion(chat.transaction.id)).set(auth(a)).send({ body: 'I will take this one after lunch' }).expect(201);
    expect((await t.http().get(discussion(chat.transaction.id)).set(auth(a)).expect(200)).body.items).toHaveLength(1);
  });

  it('cannot be read or written by an agent of another inbox or another organization; a licensed owner reads it', async () => {
    const { org, agents: [a], inbox } = await newFloor(t, 1);
    const outsider = await newUser(t, org, 'member');
    await newInbox(t, org, [outsider]);
    const otherOrg = await newOrganization(t, { contactCenterLicense: true });
    const chat = await startChat(t, inbox.id);
    await t.http().post(discussion(chat.transaction.id)).set(auth(a)).send({ body: 'internal only' }).expect(201);

    for (const who of [outsider, otherOrg.owner]) {
      const read = await t.http().get(discussion(chat.transaction.id)).set(auth(who)).expect(404);
      expect(read.body.code).toBe('transaction_not_found');
      await t.http().post(discussion(chat.transaction.id)).set(auth(who)).send({ body: 'sneaking in' }).expect(404);
    }
    // without the license an owner who is not an agent of the inbox sees nothing either
    await t.http().get(discussion(chat.transaction.id)).set(auth(org.owner)).expect(404);
    await t.http().patch(api('/organization')).set(auth(org.owner)).send({ contactCenterLicense: true }).expect(200);
    const supervisor = await t.http().get(discussion(chat.transaction.id)).set(auth(org.owner)).expect(200);
    expect(supervisor.body.items.map((m: { body: string }) => m.body)).toEqual(['internal only']);
  });

  it('refuses a mention of an agent outside the inbox, and @everyone notifies nobody', async () => {
    const { org, agents: [a, b, c], inbox } = await newFloor(t, 3);
    const outsider = await newUser(t, org, 'member');
    await newInbox(t, org, [outsider]);
    const aSocket = track(await goOnline(t, a));
    const chat = await assignedChat(t, inbox.id, a);
    const bSocket = track(await goOnline(t, b));
    const cSocket = track(await goOnline(t, c));
    const outsiderSocket = track(await goOnline(t, outsider));
    const bHeard = collect(bSocket, 'discussion.message');
    const cHeard = collect(cSocket, 'discussion.message');
    const outsiderHeard = collect(outsiderSocket, 'discussion.message');
    const mentionsHeard = [bSocket, cSocket, outsiderSocket].map((s) => collect(s, 'discussion.mention'));

    const refused = await t.http().post(discussion(chat.transaction.id)).set(auth(a)).send({ body: 'ask them', mentions: [outsider.user.id] }).expect(400);
    expect(refused.body.code).toBe('invalid_mention');
    for (const word of ['everyone', 'all', 'here', '@everyone']) {
      const res = await t.http().post(discussion(chat.transaction.id)).set(auth(a)).send({ body: 'ask all', mentions: [word] }).expect(400);
      expect(res.body.code).toBe('invalid_mention');
    }
    expect((await t.http().get(discussion(chat.transaction.id)).set(auth(a)).expect(200)).body.items).toHaveLength(0);

    const aHeard = nextEvent(aSocket, 'discussion.message', 5000, (p) => p.message.body.startsWith('@everyone'));
    const plain = await t.http().post(discussion(chat.transaction.id)).set(auth(a)).send({ body: '@everyone @all @here anyone free?' }).expect(201);
    expect(plain.body.mentions).toEqual([]);
    await aHeard;
    await new Promise((r) => setTimeout(r, 300));
    expect(bHeard).toHaveLength(0);
    expect(cHeard).toHaveLength(0);
    expect(outsiderHeard).toHaveLength(0);
    expect(mentionsHeard.flat()).toHaveLength(0);

    // control: an explicit mention does reach C, so C's silence above was not a deaf socket
    const cMention = nextEvent(cSocket, 'discussion.mention');
    await t.http().post(discussion(chat.transaction.id)).set(auth(a)).send({ body: 'C, please', mentions: [c.user.id] }).expect(201);
    expect((await cMention).message.body).toBe('C, please');
    await until(() => cHeard.length === 1);
    expect(bHeard).toHaveLength(0);
  });

  it('is read-only once the chat ended (409 discussion_closed) and keeps its history', async () => {
    const { agents: [a], inbox } = await newFloor(t, 1);
    track(await goOnline(t, a));
    const chat = await assignedChat(t, inbox.id, a);
    await t.http().post(discussion(chat.transaction.id)).set(auth(a)).send({ body: 'before the end' }).expect(201);
    await t.http().post(api(`/transactions/${chat.transaction.id}/complete`)).set(auth(a)).expect(200);

    const closed = await t.http().post(discussion(chat.transaction.id)).set(auth(a)).send({ body: 'after the end' }).expect(409);
    expect(closed.body).toEqual({ statusCode: 409, code: 'discussion_closed', message: expect.any(String) });
    const history = await t.http().get(discussion(chat.transaction.id)).set(auth(a)).expect(200);
    expect(history.body.items.map((m: { body: string }) => m.body)).toEqual(['before the end']);
  });

  it('refuses bad input with 400 and stores nothing', async () => {
    const { agents: [a], inbox } = await newFloor(t, 1);
    const chat = await startChat(t, inbox.id);
    for (const body of [{}, { body: '' }, { body: '   ' }, { body: 'x'.repeat(5001) }, { body: 'ok', extra: 1 }, { body: 'ok', mentions: 'nope' }, { body: 'ok', mentions: [a.user.id, a.user.id] }]) {
      const res = await t.http().post(discussion(chat.transaction.id)).set(auth(a)).send(body).expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
    await t.http().get(`${discussion(chat.transaction.id)}?limit=0`).set(auth(a)).expect(400);
    expect((await t.http().get(discussion(chat.transaction.id)).set(auth(a)).expect(200)).body.items).toHaveLength(0);
  });

  it('pages the history oldest first', async () => {
    const { agents: [a], inbox } = await newFloor(t, 1);
    const chat = await startChat(t, inbox.id);
    for (let i = 1; i <= 5; i++) await t.http().post(discussion(chat.transaction.id)).set(auth(a)).send({ body: `note ${i}` }).expect(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ body: string }>; nextCursor: string | null } } = await t.http().get(`${discussion(chat.transaction.id)}?limit=2${cursor ? `&cursor=${cursor}` : ''}`).set(auth(a)).expect(200);
      seen.push(...page.body.items.map((m) => m.body));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['note 1', 'note 2', 'note 3', 'note 4', 'note 5']);
  });
});
