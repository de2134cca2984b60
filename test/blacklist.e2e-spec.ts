import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ChatTransaction } from '../src/modules/chat/entities/transaction.entity.js';
import { Message } from '../src/modules/message/entities/message.entity.js';
import { TransactionEvent } from '../src/modules/chat/entities/transaction-event.entity.js';
import { Customer } from '../src/modules/customer/entities/customer.entity.js';
import { FileAttachment } from '../src/modules/upload/entities/file-attachment.entity.js';
import { api, ask, connectSocket, useApp, socketTracker } from './support/app.js';
import { getTxn, goOnline, newFloor, startChat, type Floor } from './support/chat.js';
import { auth, newInbox, newUser, type Session } from './support/factories.js';
import { samples } from './support/files.js';

describe('blacklist', () => {
  const t = useApp();
  const track = socketTracker();

  /** Rows of everything a chat start creates, counted in the database itself. */
  const counts = async () => {
    const ds = t.app.get(DataSource);
    return {
      customers: await ds.getRepository(Customer).count(),
      transactions: await ds.getRepository(ChatTransaction).count(),
      messages: await ds.getRepository(Message).count(),
      events: await ds.getRepository(TransactionEvent).count(),
    };
  };
  const start = (inboxId: string, body: Record<string, unknown>, token?: string) => {
    const req = t.http().post(api(`/visitor/inboxes/${inboxId}/chats`));
    return (token ? req.set(auth(token)) : req).send(body);
  };
  /** Asserts a refused start: 403 `blocked` and not one row more. */
  const expectBlocked = async (inboxId: string, body: Record<string, unknown>, token?: string) => {
    const before = await counts();
    const res = await start(inboxId, body, token).expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, code: 'blocked' });
    expect(await counts()).toEqual(before);
  };
  /** A chat the agent has accepted. */
  const acceptedChat = async (floor: Floor, agent: Session, body: Record<string, unknown>) => {
    const chat = await startChat(t, floor.inbox.id, body);
    await t.http().post(api(`/transactions/${chat.transaction.id}/accept`)).set(auth(agent)).expect(200);
    return chat;
  };

  it('blocks a chat contact by email from the chat: variants are refused with nothing created, the ongoing chat goes on', async () => {
    const floor = await newFloor(t, 1);
    const [agent] = floor.agents;
    const agentSocket = track(await goOnline(t, agent));
    const chat = await acceptedChat(floor, agent, { name: 'Mallory', email: 'Mallory.Block@Example.com', message: 'hi' });

    const blocked = await t.http().post(api(`/transactions/${chat.transaction.id}/block`)).set(auth(agent)).send({ type: 'email', reason: '  abusive language ' }).expect(201);
    expect(blocked.body).toMatchObject({
      type: 'email', value: 'mallory.block@example.com', reason: 'abusive language', createdById: agent.user.id,
      createdBy: { id: agent.user.id, name: agent.user.name }, sourceTransactionId: chat.transaction.id,
    });
    const again = await t.http().post(api(`/transactions/${chat.transaction.id}/block`)).set(auth(agent)).send({ type: 'email' }).expect(409);
    expect(again.body.code).toBe('already_blocked');
    const status = await t.http().get(api(`/transactions/${chat.transaction.id}/contact-status`)).set(auth(agent)).expect(200);
    expect(status.body).toMatchObject({ blocked: true, email: { value: 'mallory.block@example.com', blocked: true }, phone: null });

    // future conversations are refused, whatever the spelling, and nothing is stored
    await expectBlocked(floor.inbox.id, { name: 'M', email: 'mallory.block@example.com', message: 'let me in' });
    await expectBlocked(floor.inbox.id, { email: '  MALLORY.BLOCK@example.COM ', message: 'let me in' });
    // the same person with a new email but the existing visitor token
    await expectBlocked(floor.inbox.id, { email: 'someone.else@example.com' }, chat.visitorToken);
    await expectBlocked(floor.inbox.id, {}, chat.visitorToken);
    // and the existing token can no longer upload into the ongoing chat
    const upload = await t.http().post(api(`/visitor/chats/${chat.transaction.id}/files`)).set(auth(chat.visitorToken)).attach('file', samples.png, 'proof.png').expect(403);
    expect(upload.body.code).toBe('blocked');
    expect(await t.app.get(DataSource).getRepository(FileAttachment).countBy({ transactionId: chat.transaction.id })).toBe(0);

    // the ongoing chat is not ended: both sides keep writing, no system message told the visitor
    const visitor = track(await connectSocket(t.url, '/visitor', chat.visitorToken));
    expect(await ask(visitor, 'message.send', { transactionId: chat.transaction.id, body: 'still here' })).toMatchObject({ ok: true });
    expect(await ask(agentSocket, 'message.send', { transactionId: chat.transaction.id, body: 'closing soon' })).toMatchObject({ ok: true });
    const detail = await getTxn(t, agent, chat.transaction.id);
    expect(detail.status).toBe('assigned');
    const entry = detail.timeline.find((e: { type: string }) => e.type === 'contact_blocked');
    expect(entry).toMatchObject({ actor: { type: 'agent', id: agent.user.id }, data: { type: 'email', value: 'mallory.block@example.com', reason: 'abusive language', entryId: blocked.body.id } });
    const messages = (await t.http().get(api(`/transactions/${chat.transaction.id}/messages`)).set(auth(agent)).expect(200)).body.items;
    expect(messages.map((m: { sender: { type: string }; body: string }) => `${m.sender.type}:${m.body}`)).toEqual(['visitor:hi', 'visitor:still here', 'agent:closing soon']);

    // the agent ends it when ready
    await t.http().post(api(`/transactions/${chat.transaction.id}/complete`)).set(auth(agent)).expect(200);
  });

  it('blocks a phone by value with variant spellings, also through the customer record, and only future chats', async () => {
    const floor = await newFloor(t, 1);
    const [agent] = floor.agents;
    track(await goOnline(t, agent));
    const ongoing = await acceptedChat(floor, agent, { email: 'paul@example.com', phone: '+1 (555) 010-9999' });

    const entry = await t.http().post(api('/blacklist')).set(auth(floor.org.owner)).send({ type: 'phone', value: '+1 555.010.9999' }).expect(201);
    expect(entry.body).toMatchObject({ type: 'phone', value: '+15550109999', reason: null, createdById: floor.org.owner.user.id, sourceTransactionId: null });
    expect((await t.http().post(api('/blacklist')).set(auth(floor.org.owner)).send({ type: 'phone', value: '+15550109999' }).expect(409)).body.code).toBe('already_blocked');

    for (const phone of ['+15550109999', '+1-555-010-9999', ' +1 (555) 010 9999 ']) await expectBlocked(floor.inbox.id, { phone });
    // a known email whose customer has the blocked phone
    await expectBlocked(floor.inbox.id, { email: 'PAUL@example.com' });
    // a different number (no leading +: other digits) is not blocked
    await start(floor.inbox.id, { phone: '5550109998' }).expect(201);

    // the open chat of that customer records the block and goes on
    const detail = await getTxn(t, agent, ongoing.transaction.id);
    expect(detail.status).toBe('assigned');
    expect(detail.timeline.find((e: { type: string }) => e.type === 'contact_blocked')).toMatchObject({ actor: { type: 'agent', id: floor.org.owner.user.id }, data: { type: 'phone', value: '+15550109999' } });
    await t.http().post(api(`/transactions/${ongoing.transaction.id}/messages`)).set(auth(agent)).send({ body: 'still serving you' }).expect(201);
    expect((await t.http().get(api(`/transactions/${ongoing.transaction.id}/contact-status`)).set(auth(agent)).expect(200)).body).toMatchObject({
      blocked: true, email: { value: 'paul@example.com', blocked: false }, phone: { value: '+15550109999', blocked: true },
    });
  });

  it('lets any agent who may see a chat block its contact, and nobody else', async () => {
    const floor = await newFloor(t, 1);
    const [agent] = floor.agents;
    const outsider = await newUser(t, floor.org, 'member');
    const elsewhere = await newInbox(t, floor.org, [outsider]);
    const chat = await startChat(t, floor.inbox.id, { email: 'seen@example.com', phone: '+4930123456' });
    await startChat(t, elsewhere.id, { email: 'other@example.com' });

    // the outsider cannot see the chat: 404 as for any unknown chat, and cannot block its contact by value
    expect((await t.http().post(api(`/transactions/${chat.transaction.id}/block`)).set(auth(outsider)).send({ type: 'email' }).expect(404)).body.code).toBe('transaction_not_found');
    await t.http().get(api(`/transactions/${chat.transaction.id}/contact-status`)).set(auth(outsider)).expect(404);
    expect((await t.http().post(api('/blacklist')).set(auth(outsider)).send({ type: 'email', value: 'seen@example.com' }).expect(403)).body.code).toBe('contact_not_visible');
    expect((await t.http().post(api('/blacklist')).set(auth(agent)).send({ type: 'email', value: 'nobody@example.com' }).expect(403)).body.code).toBe('contact_not_visible');
    expect((await t.http().post(api('/blacklist')).set(auth(agent)).send({ type: 'email', value: 'other@example.com' }).expect(403)).body.code).toBe('contact_not_visible');

    // a member of the chat's inbox may, the chat being waiting and not theirs
    await t.http().post(api('/blacklist')).set(auth(agent)).send({ type: 'email', value: ' Seen@Example.com', reason: 'spam' }).expect(201);
    await t.http().post(api(`/transactions/${chat.transaction.id}/block`)).set(auth(agent)).send({ type: 'phone' }).expect(201);
    const noPhone = await startChat(t, floor.inbox.id, { email: 'nophone@example.com' });
    expect((await t.http().post(api(`/transactions/${noPhone.transaction.id}/block`)).set(auth(agent)).send({ type: 'phone' }).expect(409)).body.code).toBe('contact_missing');

    // another organization cannot reach the chat
    const stranger = await newFloor(t, 0);
    await t.http().post(api(`/transactions/${chat.transaction.id}/block`)).set(auth(stranger.org.owner)).send({ type: 'email' }).expect(404);
  });

  it('refuses bad input with 400 and stores nothing: a 251-character reason, wrong values, unknown fields', async () => {
    const floor = await newFloor(t, 0);
    const owner = floor.org.owner;
    const chat = await startChat(t, floor.inbox.id, { email: 'long@example.com' });
    for (const body of [
      { type: 'email', value: 'long@example.com', reason: 'x'.repeat(251) },
      { type: 'email', value: 'not-an-email' },
      { type: 'phone', value: 'call me' },
      { type: 'phone', value: '+--' },
      { type: 'fax', value: '12345' },
      { type: 'email' },
      { type: 'email', value: 'long@example.com', extra: true },
    ]) {
      const res = await t.http().post(api('/blacklist')).set(auth(owner)).send(body).expect(400);
      expect(res.body.code).toBe('validation_failed');
    }
    const long = await t.http().post(api(`/transactions/${chat.transaction.id}/block`)).set(auth(owner)).send({ type: 'email', reason: 'y'.repeat(251) }).expect(400);
    expect(long.body.code).toBe('validation_failed');
    expect((await t.http().get(api('/blacklist')).set(auth(owner)).expect(200)).body.items).toEqual([]);

    const ok = await t.http().post(api('/blacklist')).set(auth(owner)).send({ type: 'email', value: 'long@example.com', reason: 'z'.repeat(250) }).expect(201);
    expect(ok.body.reason).toHaveLength(250);
  });

  it('lets owners/admins list and lift blocks; lifting lets the visitor start again; another organization is never affected', async () => {
    const floor = await newFloor(t, 1);
    const [agent] = floor.agents;
    const admin = await newUser(t, floor.org, 'admin');
    track(await goOnline(t, agent));
    const chat = await acceptedChat(floor, agent, { email: 'lift@example.com', phone: '+3312345678' });
    const byEmail = (await t.http().post(api(`/transactions/${chat.transaction.id}/block`)).set(auth(agent)).send({ type: 'email', reason: 'threats' }).expect(201)).body;
    const byPhone = (await t.http().post(api('/blacklist')).set(auth(admin)).send({ type: 'phone', value: '+33 1 23 45 67 8' }).expect(201)).body;

    // another organization: same email and phone start normally, its lists are empty, our ids are unknown
    const other = await newFloor(t, 0);
    await start(other.inbox.id, { email: 'lift@example.com', phone: '+3312345678' }).expect(201);
    expect((await t.http().get(api('/blacklist')).set(auth(other.org.owner)).expect(200)).body.items).toEqual([]);
    expect((await t.http().delete(api(`/blacklist/${byEmail.id}`)).set(auth(other.org.owner)).expect(404)).body.code).toBe('blacklist_entry_not_found');

    // members may not list or lift
    expect((await t.http().get(api('/blacklist')).set(auth(agent)).expect(403)).body.code).toBe('admin_only');
    expect((await t.http().delete(api(`/blacklist/${byEmail.id}`)).set(auth(agent)).expect(403)).body.code).toBe('admin_only');

    const all = (await t.http().get(api('/blacklist')).set(auth(admin)).expect(200)).body;
    expect(all.items.map((e: { id: string }) => e.id)).toEqual([byPhone.id, byEmail.id]);
    expect(all.items[1]).toMatchObject({ type: 'email', value: 'lift@example.com', reason: 'threats', createdById: agent.user.id, createdBy: { name: agent.user.name }, createdAt: expect.any(String) });
    const first = (await t.http().get(api('/blacklist?limit=1')).set(auth(admin)).expect(200)).body;
    expect(first.items.map((e: { id: string }) => e.id)).toEqual([byPhone.id]);
    const second = (await t.http().get(api(`/blacklist?limit=1&cursor=${first.nextCursor}`)).set(auth(admin)).expect(200)).body;
    expect(second).toEqual({ items: [expect.objectContaining({ id: byEmail.id })], nextCursor: null });
    expect((await t.http().get(api('/blacklist?value=LIFT@example.com')).set(auth(admin)).expect(200)).body.items.map((e: { id: string }) => e.id)).toEqual([byEmail.id]);
    expect((await t.http().get(api('/blacklist?type=phone&value=%2B33-1-2345-678')).set(auth(admin)).expect(200)).body.items.map((e: { id: string }) => e.id)).toEqual([byPhone.id]);

    await expectBlocked(floor.inbox.id, { email: 'lift@example.com' });
    await t.http().delete(api(`/blacklist/${byEmail.id}`)).set(auth(admin)).expect(204);
    await t.http().delete(api(`/blacklist/${byEmail.id}`)).set(auth(admin)).expect(404);
    // the phone is still blocked, and it belongs to the same customer
    await expectBlocked(floor.inbox.id, { email: 'lift@example.com' });
    await t.http().delete(api(`/blacklist/${byPhone.id}`)).set(auth(floor.org.owner)).expect(204);

    await start(floor.inbox.id, { email: 'lift@example.com' }).expect(201);
    await start(floor.inbox.id, {}, chat.visitorToken).expect(201);
    const detail = await getTxn(t, agent, chat.transaction.id);
    expect(detail.timeline.filter((e: { type: string }) => e.type.startsWith('contact_')).map((e: { type: string; data: { type: string } }) => `${e.type}:${e.data.type}`))
      .toEqual(['contact_blocked:email', 'contact_blocked:phone', 'contact_unblocked:email', 'contact_unblocked:phone']);
    expect((await t.http().get(api(`/transactions/${chat.transaction.id}/contact-status`)).set(auth(agent)).expect(200)).body.blocked).toBe(false);
    // a lifted value can be blocked again
    await t.http().post(api('/blacklist')).set(auth(admin)).send({ type: 'email', value: 'lift@example.com' }).expect(201);
  });

  it('settles two agents blocking the same value at once: one entry, the other 409', async () => {
    const floor = await newFloor(t, 2);
    const chat = await startChat(t, floor.inbox.id, { email: 'race@example.com' });
    const results = await Promise.all(floor.agents.map((a) => t.http().post(api(`/transactions/${chat.transaction.id}/block`)).set(auth(a)).send({ type: 'email' })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await t.http().get(api('/blacklist')).set(auth(floor.org.owner)).expect(200)).body.items).toHaveLength(1);
    const detail = await getTxn(t, floor.agents[0], chat.transaction.id);
    expect(detail.timeline.filter((e: { type: string }) => e.type === 'contact_blocked')).toHaveLength(1);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/blacklist', '/api/v1/blacklist/{id}', '/api/v1/transactions/{id}/block', '/api/v1/transactions/{id}/contact-status']));
    expect(Object.keys(doc.components.schemas.BlockContactDto.properties).sort()).toEqual(['reason', 'type', 'value']);
  });
});
