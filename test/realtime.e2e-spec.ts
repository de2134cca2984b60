import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { api, ask, collect, connectSocket, nextEvent, startApp, useApp, until } from './support/app.js';
import { goOnline, newFloor, startChat } from './support/chat.js';
import { auth, newInbox, newOrganization, newUser } from './support/factories.js';

describe('realtime gateway: handshake, presence, rooms and access', () => {
  const t = useApp();
  const sockets: Socket[] = [];
  const keep = (s: Socket) => (sockets.push(s), s);
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.close());
  });

  /** An agent online who accepted a new chat, and its visitor connected. */
  async function acceptedChat() {
    const floor = await newFloor(t, 1);
    const agentSocket = keep(await goOnline(t, floor.agents[0]));
    const chat = await startChat(t, floor.inbox.id);
    await ask(agentSocket, 'chat.accept', { transactionId: chat.transaction.id });
    const visitor = keep(await connectSocket(t.url, '/visitor', chat.visitorToken));
    return { floor, agentSocket, chat, visitor };
  }

  it('connects an agent with a good token and refuses a bad or missing one with connect_error', async () => {
    const org = await newOrganization(t);
    keep(await connectSocket(t.url, '/agent', org.owner.token));
    await expect(connectSocket(t.url, '/agent', 'garbage')).rejects.toMatchObject({ data: { code: 'invalid_token' } });
    await expect(connectSocket(t.url, '/agent')).rejects.toMatchObject({ data: { code: 'unauthorized' } });
    // a visitor token is not an agent token, and the other way round
    const inbox = await newInbox(t, org);
    const chat = await startChat(t, inbox.id);
    await expect(connectSocket(t.url, '/agent', chat.visitorToken)).rejects.toMatchObject({ data: { code: 'invalid_token' } });
    await expect(connectSocket(t.url, '/visitor', org.owner.token)).rejects.toMatchObject({ data: { code: 'invalid_token' } });
    keep(await connectSocket(t.url, '/visitor', chat.visitorToken));
  });

  it('shows an agent online while connected (any of several sockets), away when chosen, offline when gone', async () => {
    const org = await newOrganization(t);
    const agent = await newUser(t, org);
    const presence = async () => (await t.http().get(api('/me')).set(auth(agent)).expect(200)).body.presence;
    expect(await presence()).toBe('offline');
    const one = await connectSocket(t.url, '/agent', agent.token);
    const two = await connectSocket(t.url, '/agent', agent.token);
    await until(async () => (await presence()) === 'online');
    one.close();
    await new Promise((r) => setTimeout(r, 150));
    expect(await presence()).toBe('online');
    await t.http().put(api('/me/presence')).set(auth(agent)).send({ status: 'away' }).expect(200);
    expect(await presence()).toBe('away');
    two.close();
    await until(async () => (await presence()) === 'offline');
    const three = keep(await connectSocket(t.url, '/agent', agent.token));
    void three;
    await until(async () => (await presence()) === 'away'); // the choice is remembered
    await t.http().put(api('/me/presence')).set(auth(agent)).send({ status: 'online' }).expect(200);
    expect(await presence()).toBe('online');
    await t.http().put(api('/me/presence')).set(auth(agent)).send({ status: 'busy' }).expect(400);
  });

  it('keeps members of other inboxes and other organizations out of a chat: no read, no room, no events', async () => {
    const floor = await newFloor(t, 1);
    const [agent] = floor.agents;
    const agentSocket = keep(await goOnline(t, agent));
    const outsider = await newUser(t, floor.org, 'member');
    await newInbox(t, floor.org, [outsider]);
    const admin = await newUser(t, floor.org, 'admin');
    const stranger = await newOrganization(t);

    const chat = await startChat(t, floor.inbox.id, { message: 'secret' });
    await ask(agentSocket, 'chat.accept', { transactionId: chat.transaction.id });

    for (const who of [outsider, admin, stranger.owner]) {
      const read = await t.http().get(api(`/transactions/${chat.transaction.id}`)).set(auth(who)).expect(404);
      expect(read.body.code).toBe('transaction_not_found');
      await t.http().get(api(`/transactions/${chat.transaction.id}/messages`)).set(auth(who)).expect(404);
      await t.http().post(api(`/transactions/${chat.transaction.id}/messages`)).set(auth(who)).send({ body: 'x' }).expect(404);
      const s = keep(await connectSocket(t.url, '/agent', who.token));
      const heard = collect(s, 'message.new');
      expect(await ask(s, 'transaction.join', { transactionId: chat.transaction.id })).toMatchObject({ ok: false, code: 'transaction_not_found' });
      expect(await ask(s, 'sync', { transactionId: chat.transaction.id })).toMatchObject({ ok: false, code: 'transaction_not_found' });
      await ask(agentSocket, 'message.send', { transactionId: chat.transaction.id, body: 'for the visitor only' });
      await new Promise((r) => setTimeout(r, 100));
      expect(heard).toEqual([]);
    }

    // with the license the admin may follow it
    await t.http().patch(api('/organization')).set(auth(floor.org.owner)).send({ contactCenterLicense: true }).expect(200);
    const adminSocket = keep(await connectSocket(t.url, '/agent', admin.token));
    expect(await ask(adminSocket, 'transaction.join', { transactionId: chat.transaction.id })).toEqual({ ok: true });
    const next = nextEvent(adminSocket, 'message.new');
    await ask(agentSocket, 'message.send', { transactionId: chat.transaction.id, body: 'supervised' });
    expect((await next).message.body).toBe('supervised');

    // a visitor token reads only its own chat
    const otherChat = await startChat(t, floor.inbox.id);
    await t.http().get(api(`/visitor/chats/${chat.transaction.id}/messages`)).set(auth(otherChat.visitorToken)).expect(404);
    await t.http().get(api(`/transactions/${chat.transaction.id}`)).set(auth(chat.visitorToken)).expect(403);
  });

  it('relays typing indicators without storing them', async () => {
    const { floor, agentSocket, chat, visitor } = await acceptedChat();
    const seen = nextEvent(agentSocket, 'typing');
    expect(await ask(visitor, 'typing', { transactionId: chat.transaction.id, typing: true })).toEqual({ ok: true });
    expect(await seen).toEqual({ transactionId: chat.transaction.id, typing: true, from: 'visitor' });
    const back = nextEvent(visitor, 'typing');
    await ask(agentSocket, 'typing', { transactionId: chat.transaction.id, typing: true });
    expect((await back).from).toBe('agent');
    const messages = await t.http().get(api(`/transactions/${chat.transaction.id}/messages`)).set(auth(floor.agents[0])).expect(200);
    expect(messages.body.items).toEqual([]);
  });

  it('turns a message into JSON once for the ack and the message.new of both namespaces (shared-encoding.ts)', async () => {
    const { floor, agentSocket, chat, visitor } = await acceptedChat();
    // the server's texts of a stored message with this body (they have a `seq`; the client's own send does not)
    const stringify = JSON.stringify;
    const textsOf = async (body: string, send: () => Promise<unknown>) => {
      let texts = 0;
      const spy = jest.spyOn(JSON, 'stringify').mockImplementation((...args: Parameters<typeof JSON.stringify>) => {
        const text = stringify(...args);
        if (typeof text === 'string' && text.includes(body) && text.includes('"seq":')) texts++;
        return text;
      });
      try {
        await send();
      } finally {
        spy.mockRestore();
      }
      return texts;
    };

    // sent on the socket: the ack, the agent's and the visitor's message.new share one text (the gateway marks it)
    const body = `encoded once ${chat.transaction.id}`;
    const texts = await textsOf(body, async () => {
      const toAgent = nextEvent(agentSocket, 'message.new');
      const toVisitor = nextEvent(visitor, 'message.new');
      const acked = await ask(visitor, 'message.send', { transactionId: chat.transaction.id, body });
      expect((await toAgent).message).toEqual(acked.message);
      expect((await toVisitor).message).toEqual(acked.message);
    });
    expect(texts).toBe(1);

    // sent over REST: its JSON answer is Express's, the two message.new share one text (the relay marks it)
    const viaRest = `encoded once over REST ${chat.transaction.id}`;
    const restTexts = await textsOf(viaRest, async () => {
      const toAgent = nextEvent(agentSocket, 'message.new');
      const toVisitor = nextEvent(visitor, 'message.new');
      await t.http().post(api(`/transactions/${chat.transaction.id}/messages`)).set(auth(floor.agents[0])).send({ body: viaRest }).expect(201);
      expect((await toVisitor).message).toEqual((await toAgent).message);
    });
    expect(restTexts).toBe(2);
  });

  it('delivers across two instances through the Redis adapter', async () => {
    const redis = { REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' };
    const a = await startApp({ env: redis });
    const b = await startApp({ env: redis, database: a.database, clock: a.clock });
    try {
      const floor = await newFloor(a, 1);
      const agentOnB = keep(await goOnline(b, floor.agents[0]));
      const offered = nextEvent(agentOnB, 'chat.offered');
      const chat = await startChat(a, floor.inbox.id);
      expect((await offered).transaction.id).toBe(chat.transaction.id);
      const visitorOnA = keep(await connectSocket(a.url, '/visitor', chat.visitorToken));
      const accepted = nextEvent(visitorOnA, 'chat.updated', 5000, (p) => p.transaction.status === 'assigned');
      await ask(agentOnB, 'chat.accept', { transactionId: chat.transaction.id });
      await accepted;
      const heard = nextEvent(agentOnB, 'message.new');
      await ask(visitorOnA, 'message.send', { transactionId: chat.transaction.id, body: 'across instances' });
      expect((await heard).message.body).toBe('across instances');
    } finally {
      sockets.splice(0).forEach((s) => s.close());
      await b.close();
      await a.close();
    }
  });
});
