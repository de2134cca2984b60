import { afterEach, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { api, useApp } from './support/app.js';
import { getTxn, goOnline, startChat } from './support/chat.js';
import { auth, newInbox, newOrganization, newUser, type Session } from './support/factories.js';
import { assignedChat } from './support/assigned-chat.js';

interface Item { type: 'chat' | 'call'; id: string; at: string; transactionId: string; inbox: { id: string; name: string }; status?: string; statusLabel?: string; agent: { id: string; name: string } | null; durationSeconds?: number; direction?: string; endedAt: string | null }

describe('customer journey', () => {
  const t = useApp();
  const sockets: Socket[] = [];
  const track = (s: Socket) => (sockets.push(s), s);
  const journey = async (who: Session, customerId: string, query = '') =>
    (await t.http().get(api(`/customers/${customerId}/journey${query}`)).set(auth(who)).expect(200)).body as { items: Item[]; nextCursor: string | null };
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.close());
  });

  it('shows chats in two inboxes and calls, newest first: whole to a licensed owner, partly to a member of one inbox', async () => {
    const org = await newOrganization(t, { contactCenterLicense: true });
    const ana = await newUser(t, org, 'member');
    const ben = await newUser(t, org, 'member');
    const stranger = await newUser(t, org, 'member');
    const sales = await newInbox(t, org, [ana]);
    const support = await newInbox(t, org, [ben]);
    await newInbox(t, org, [stranger]);
    const customer = { name: 'Jo Journey', email: 'jo@example.test' };
    const call = (who: Session, txnId: string, body: Record<string, unknown>) => t.http().post(api(`/transactions/${txnId}/calls`)).set(auth(who)).send(body).expect(201);

    // 1. a chat in sales, handled by Ana and ended, with a 60 s call
    const anaSocket = track(await goOnline(t, ana));
    const first = await assignedChat(t, sales.id, ana, customer);
    t.clock.advanceSeconds(60);
    const firstCall = await call(ana, first.transaction.id, { direction: 'outbound', startedAt: t.clock.now().toISOString(), durationSeconds: 60 });
    t.clock.advanceSeconds(120);
    await t.http().post(api(`/transactions/${first.transaction.id}/complete`)).set(auth(ana)).expect(200);
    anaSocket.close();

    // 2. a chat in support, held by Ben (live: Assigned), with an ended 30 s call and a call still going on
    t.clock.advanceSeconds(600);
    track(await goOnline(t, ben));
    const second = await assignedChat(t, support.id, ben, customer);
    expect(second.transaction.customerId).toBe(first.transaction.customerId);
    t.clock.advanceSeconds(30);
    const secondCall = await call(ben, second.transaction.id, { direction: 'inbound', startedAt: t.clock.now().toISOString(), endedAt: new Date(t.clock.now().getTime() + 30_000).toISOString() });
    t.clock.advanceSeconds(60);
    await call(ben, second.transaction.id, { direction: 'outbound', startedAt: t.clock.now().toISOString() });

    // 3. a chat in sales nobody took: the visitor left, so it Failed
    t.clock.advanceSeconds(600);
    const third = await startChat(t, sales.id, customer);
    await t.http().post(api(`/visitor/chats/${third.transaction.id}/leave`)).set(auth(third.visitorToken)).expect(200);
    const customerId = first.transaction.customerId;

    const whole = await journey(org.owner, customerId);
    expect(whole.nextCursor).toBeNull();
    expect(whole.items.map((i) => [i.type, i.type === 'chat' ? i.transactionId : i.id])).toEqual([
      ['chat', third.transaction.id],
      ['call', secondCall.body.id],
      ['chat', second.transaction.id],
      ['call', firstCall.body.id],
      ['chat', first.transaction.id],
    ]);
    const [c3, k2, c2, k1, c1] = whole.items;
    expect(c3).toMatchObject({ status: 'failed', statusLabel: 'Failed', agent: null, inbox: { id: sales.id }, endedAt: expect.any(String) });
    expect(c2).toMatchObject({ status: 'assigned', statusLabel: 'Assigned', agent: { id: ben.user.id, name: ben.user.name }, inbox: { id: support.id }, endedAt: null });
    expect(c1).toMatchObject({ status: 'ended', statusLabel: 'Ended', agent: { id: ana.user.id, name: ana.user.name }, inbox: { id: sales.id }, endedAt: expect.any(String) });
    expect(k2).toMatchObject({ direction: 'inbound', durationSeconds: 30, agent: { id: ben.user.id }, inbox: { id: support.id }, transactionId: second.transaction.id });
    expect(k1).toMatchObject({ direction: 'outbound', durationSeconds: 60, agent: { id: ana.user.id }, inbox: { id: sales.id } });
    const times = whole.items.map((i) => i.at);
    expect([...times].sort().reverse()).toEqual(times);

    // Ana works sales only: her chats and their calls, nothing of support
    const partial = await journey(ana, customerId);
    expect(partial.items.map((i) => i.id)).toEqual([third.transaction.id, firstCall.body.id, first.transaction.id]);

    // an agent of none of the customer's inboxes, and another organization: 404
    expect((await t.http().get(api(`/customers/${customerId}/journey`)).set(auth(stranger)).expect(404)).body.code).toBe('customer_not_found');
    const other = await newOrganization(t, { contactCenterLicense: true });
    await t.http().get(api(`/customers/${customerId}/journey`)).set(auth(other.owner)).expect(404);

    // paging with the time+id cursor gives the same list, without gaps or repeats
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await journey(org.owner, customerId, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(whole.items.map((i) => i.id));
    expect((await t.http().get(api(`/customers/${customerId}/journey?cursor=bogus`)).set(auth(org.owner)).expect(400)).body.code).toBe('invalid_cursor');
    expect((await t.http().get(api(`/customers/${customerId}/journey?limit=500`)).set(auth(org.owner)).expect(400)).body.code).toBe('validation_failed');
  });

  it('pages through items that share the same instant without gaps or repeats', async () => {
    const org = await newOrganization(t, { contactCenterLicense: true });
    const inbox = await newInbox(t, org);
    // the fake clock stands still: every chat starts at the same millisecond
    const chats = [];
    for (let i = 0; i < 3; i++) chats.push(await startChat(t, inbox.id, { email: 'same@example.test' }));
    const customerId = chats[0].transaction.customerId;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await journey(org.owner, customerId, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(chats.map((c) => c.transaction.id).reverse());
  });

  it('shows every live status by its exact name', async () => {
    const org = await newOrganization(t, { contactCenterLicense: true });
    const agent = await newUser(t, org, 'member');
    const inbox = await newInbox(t, org, [agent]);
    const waiting = await startChat(t, inbox.id, { email: 'live@example.test' });
    expect((await journey(org.owner, waiting.transaction.customerId)).items[0]).toMatchObject({ status: 'waiting', statusLabel: 'Waiting', agent: null });
    track(await goOnline(t, agent));
    const offered = await startChat(t, inbox.id, { email: 'offered@example.test' });
    const offeredItem = (await journey(org.owner, offered.transaction.customerId)).items[0];
    expect(offeredItem).toMatchObject({ status: 'assigning', statusLabel: 'Assigning', agent: null });
  });

  it('opens a chat with its whole story in one ordered timeline: status changes, offers, messages, calls, tickets, system posts', async () => {
    const org = await newOrganization(t);
    const agent = await newUser(t, org, 'member');
    const inbox = await newInbox(t, org, [agent]);
    track(await goOnline(t, agent));
    const chat = await assignedChat(t, inbox.id, agent, { name: 'Tim', email: 'tim@example.test', message: 'my order is late' });
    await t.http().post(api(`/transactions/${chat.transaction.id}/messages`)).set(auth(agent)).send({ body: 'let me call you' }).expect(201);
    t.clock.advanceSeconds(5);
    const call = await t.http().post(api(`/transactions/${chat.transaction.id}/calls`)).set(auth(agent)).send({ direction: 'outbound', startedAt: t.clock.now().toISOString(), durationSeconds: 90 }).expect(201);
    t.clock.advanceSeconds(100);
    await t.http().post(api(`/transactions/${chat.transaction.id}/tickets`)).set(auth(agent)).send({ subject: 'Late order' }).expect(201);
    t.clock.advanceSeconds(5);
    await t.http().post(api(`/transactions/${chat.transaction.id}/complete`)).set(auth(agent)).expect(200);

    const detail = await getTxn(t, agent, chat.transaction.id);
    const types = detail.timeline.map((e: { type: string }) => e.type);
    expect(types).toEqual(['created', 'message', 'offered', 'accepted', 'message', 'call', 'discussion.system', 'ticket.created', 'discussion.system', 'ended', 'message']);
    const stamps = detail.timeline.map((e: { createdAt: string }) => e.createdAt);
    expect([...stamps].sort()).toEqual(stamps);
    const entry = (type: string) => detail.timeline.filter((e: { type: string }) => e.type === type);
    expect(entry('message').map((e: { data: { body: string } }) => e.data.body)).toEqual(['my order is late', 'let me call you', expect.stringMatching(/completed/)]);
    expect(entry('message')[1].actor).toMatchObject({ type: 'agent', id: agent.user.id, name: agent.user.name });
    expect(entry('call')[0]).toMatchObject({ id: call.body.id, actor: { type: 'agent', id: agent.user.id }, data: { direction: 'outbound', durationSeconds: 90, status: 'ended' } });
    expect(entry('ticket.created')[0].data).toMatchObject({ subject: 'Late order', status: 'open' });
    expect(entry('discussion.system').map((e: { data: { kind: string } }) => e.data.kind)).toEqual(['call', 'ticket']);
  });
});
