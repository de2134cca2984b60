import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { api, useApp, until } from './support/app.js';
import { getTxn, goOnline, startChat } from './support/chat.js';
import { auth, newInbox, newOrganization, newUser, type Org, type Session } from './support/factories.js';
import { endedChat, failedChat, listIds } from './support/views.js';

const DAY = 24 * 3600 * 1000;

/**
 * A seeded organization (licensed) with two inboxes, one member each:
 *   c1 inbox1 Alice, ended by m1          (day 0)
 *   c2 inbox1 Bob (phone), failed         (day 1)
 *   c3 inbox2 Alice again, ended by m2    (day 2)
 *   c4 inbox1 Carol, waiting; m1 was offered it and declined (day 3)
 *   c5 inbox2 Dan, failed                 (day 4)
 */
describe('transaction views: list, filters, paging, detail, customer history', () => {
  const t = useApp();
  let org: Org;
  let m1: Session;
  let m2: Session;
  let inbox1: { id: string };
  let inbox2: { id: string };
  const c: Record<string, { id: string; customerId: string; createdAt: string }> = {};
  const sockets: Socket[] = [];
  let start: number;

  beforeAll(async () => {
    org = await newOrganization(t, { contactCenterLicense: true });
    m1 = await newUser(t, org, 'member', { name: 'Mia One' });
    m2 = await newUser(t, org, 'member', { name: 'Max Two' });
    inbox1 = await newInbox(t, org, [m1], { name: 'Sales' });
    inbox2 = await newInbox(t, org, [m2], { name: 'Support' });
    sockets.push(await goOnline(t, m1), await goOnline(t, m2));
    start = t.clock.now().getTime();
    const keep = async (key: string, chat: { transaction: { id: string; customerId: string } }) => {
      c[key] = { id: chat.transaction.id, customerId: chat.transaction.customerId, createdAt: (await getTxn(t, org.owner, chat.transaction.id)).createdAt };
      t.clock.advance(DAY);
    };
    await keep('c1', await endedChat(t, m1, inbox1.id, { name: 'Alice Apple', email: 'alice@example.test', message: 'hi' }));
    await keep('c2', await failedChat(t, inbox1.id, { name: 'Bob Banana', phone: '+1 (555) 0100' }));
    await keep('c3', await endedChat(t, m2, inbox2.id, { name: 'Alice Apple', email: 'ALICE@example.test' }));
    const c4 = await startChat(t, inbox1.id, { name: 'Carol_Cherry', email: 'carol@example.test' });
    await until(async () => (await getTxn(t, m1, c4.transaction.id)).status === 'assigning');
    await t.http().post(api(`/transactions/${c4.transaction.id}/reject`)).set(auth(m1)).expect(200);
    await keep('c4', c4);
    await keep('c5', await failedChat(t, inbox2.id, { name: 'Dan Date' }));
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
  });

  const ids = (...keys: string[]) => keys.map((k) => c[k].id);
  const iso = (offsetDays: number) => new Date(start + offsetDays * DAY).toISOString();

  it('lists newest first with customer, inbox and handling agents; members see only their inboxes', async () => {
    expect(await listIds(t, org.owner)).toEqual(ids('c5', 'c4', 'c3', 'c2', 'c1'));
    expect(await listIds(t, m1)).toEqual(ids('c4', 'c2', 'c1'));
    expect(await listIds(t, m2)).toEqual(ids('c5', 'c3'));

    const res = await t.http().get(api('/transactions')).set(auth(org.owner)).expect(200);
    const c1 = res.body.items.find((i: { id: string }) => i.id === c[`c1`].id);
    expect(c1).toMatchObject({
      status: 'ended',
      inboxId: inbox1.id,
      inbox: { id: inbox1.id, name: 'Sales' },
      customer: { id: c.c1.customerId, name: 'Alice Apple', email: 'alice@example.test' },
      agents: [{ id: m1.user.id, name: 'Mia One' }],
      assignee: { id: m1.user.id, name: 'Mia One' },
    });
    const c4 = res.body.items.find((i: { id: string }) => i.id === c.c4.id);
    expect(c4).toMatchObject({ status: 'waiting', agents: [] });
    expect(res.body.nextCursor).toBeNull();
  });

  it('filters by inbox, status (several), handling agent, customer, start and end time, free text', async () => {
    const owner = org.owner;
    expect(await listIds(t, owner, { inboxId: inbox2.id })).toEqual(ids('c5', 'c3'));
    expect(await listIds(t, owner, { status: 'ended,failed' })).toEqual(ids('c5', 'c3', 'c2', 'c1'));
    expect(await listIds(t, owner, { status: 'waiting' })).toEqual(ids('c4'));
    expect(await listIds(t, owner, { status: 'failed', inboxId: inbox1.id })).toEqual(ids('c2'));
    // m1 was offered c4 and declined it: offered is not handled
    expect(await listIds(t, owner, { agentId: m1.user.id })).toEqual(ids('c1'));
    expect(await listIds(t, owner, { agentId: m2.user.id })).toEqual(ids('c3'));
    expect(c.c1.customerId).toBe(c.c3.customerId);
    expect(await listIds(t, owner, { customerId: c.c1.customerId })).toEqual(ids('c3', 'c1'));
    expect(await listIds(t, m1, { customerId: c.c1.customerId })).toEqual(ids('c1'));
    expect(await listIds(t, owner, { from: c.c2.createdAt, to: c.c4.createdAt })).toEqual(ids('c4', 'c3', 'c2'));
    expect(await listIds(t, owner, { from: iso(2.5) })).toEqual(ids('c5', 'c4'));
    expect(await listIds(t, owner, { to: iso(0.5) })).toEqual(ids('c1'));
    expect(await listIds(t, owner, { endedFrom: iso(0.5), endedTo: iso(2.5) })).toEqual(ids('c3', 'c2'));
    expect(await listIds(t, owner, { q: 'apple' })).toEqual(ids('c3', 'c1'));
    expect(await listIds(t, owner, { q: 'ALICE@EXAMPLE' })).toEqual(ids('c3', 'c1'));
    expect(await listIds(t, owner, { q: '555 01' })).toEqual(ids('c2'));
    // LIKE wildcards are literal text
    expect(await listIds(t, owner, { q: 'e_a' })).toEqual([]); // unescaped, '_' would match the space of 'Alice Apple'
    expect(await listIds(t, owner, { q: 'Carol_' })).toEqual(ids('c4'));
    expect(await listIds(t, owner, { q: '%' })).toEqual([]);
    expect(await listIds(t, owner, { q: 'apple', inboxId: inbox2.id, status: 'ended' })).toEqual(ids('c3'));
  });

  it('refuses bad filters with coded 4xx answers', async () => {
    const bad = async (query: Record<string, string>, status: number, code: string) => {
      const res = await t.http().get(api('/transactions')).query(query).set(auth(org.owner)).expect(status);
      expect(res.body.code).toBe(code);
    };
    await bad({ status: 'ended,bogus' }, 400, 'validation_failed');
    await bad({ status: '' }, 400, 'validation_failed');
    await bad({ from: 'yesterday' }, 400, 'validation_failed');
    await bad({ from: iso(3), to: iso(1) }, 400, 'invalid_range');
    await bad({ limit: '201' }, 400, 'validation_failed');
    await bad({ limit: '0' }, 400, 'validation_failed');
    await bad({ cursor: 'not-a-cursor' }, 400, 'invalid_cursor');
    await bad({ sort: 'asc' }, 400, 'validation_failed');
    await bad({ q: 'x'.repeat(201) }, 400, 'validation_failed');
    // an inbox the member may not see is not found, like one that does not exist
    const res = await t.http().get(api('/transactions')).query({ inboxId: inbox2.id }).set(auth(m1)).expect(404);
    expect(res.body.code).toBe('inbox_not_found');
  });

  it('pages with a cursor without skipping or repeating while new chats arrive', async () => {
    const seen: string[] = [];
    let page = await t.http().get(api('/transactions')).query({ limit: 2 }).set(auth(org.owner)).expect(200);
    seen.push(...page.body.items.map((i: { id: string }) => i.id));
    const arrived: string[] = [];
    while (page.body.nextCursor) {
      // new chats arrive between pages: they sort before the cursor, never into the rest
      arrived.push((await startChat(t, inbox1.id, { name: 'Newcomer' })).transaction.id);
      page = await t.http().get(api('/transactions')).query({ limit: 2, cursor: page.body.nextCursor }).set(auth(org.owner)).expect(200);
      seen.push(...page.body.items.map((i: { id: string }) => i.id));
    }
    expect(seen).toEqual(ids('c5', 'c4', 'c3', 'c2', 'c1'));
    expect(arrived).toHaveLength(2);
    const fresh = await listIds(t, org.owner, { limit: 2 });
    expect(fresh).toEqual([...arrived].reverse());
    // leave the seeded set as it was for the other tests
    for (const id of arrived) await t.http().post(api(`/transactions/${id}/complete`)).set(auth(org.owner)).expect(200);
  });

  it('shows one TXN with customer, inbox, agents, full timeline and message count; pages its messages', async () => {
    const detail = (await t.http().get(api(`/transactions/${c.c1.id}`)).set(auth(m1)).expect(200)).body;
    expect(detail).toMatchObject({
      id: c.c1.id,
      status: 'ended',
      customer: { name: 'Alice Apple' },
      inbox: { id: inbox1.id, name: 'Sales' },
      agents: [{ id: m1.user.id, name: 'Mia One' }],
      messageCount: 2,
    });
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'message', 'offered', 'accepted', 'ended', 'message']);
    const first = await t.http().get(api(`/transactions/${c.c1.id}/messages`)).query({ limit: 1 }).set(auth(m1)).expect(200);
    expect(first.body.items.map((m: { body: string }) => m.body)).toEqual(['hi']);
    const second = await t.http().get(api(`/transactions/${c.c1.id}/messages`)).query({ limit: 1, cursor: first.body.nextCursor }).set(auth(m1)).expect(200);
    expect(second.body.items[0].sender).toEqual({ type: 'system' });
    expect(second.body.nextCursor).toBeNull();
    // another inbox's TXN: 404 for the member
    await t.http().get(api(`/transactions/${c.c3.id}`)).set(auth(m1)).expect(404);
    await t.http().get(api(`/transactions/${c.c3.id}/messages`)).set(auth(m1)).expect(404);
  });

  it('shows all transactions of a customer, grouped by customer, in the inboxes the caller may see', async () => {
    const alice = c.c1.customerId;
    const all = (await t.http().get(api(`/customers/${alice}/transactions`)).set(auth(org.owner)).expect(200)).body;
    expect(all.customer).toEqual({ id: alice, name: 'Alice Apple', email: 'alice@example.test', phone: null });
    expect(all.items.map((i: { id: string }) => i.id)).toEqual(ids('c3', 'c1'));
    expect(all.items.map((i: { status: string; agents: { name: string }[] }) => [i.status, i.agents.map((a) => a.name)])).toEqual([
      ['ended', ['Max Two']],
      ['ended', ['Mia One']],
    ]);
    expect(all.nextCursor).toBeNull();
    const mine = (await t.http().get(api(`/customers/${alice}/transactions`)).set(auth(m1)).expect(200)).body;
    expect(mine.items.map((i: { id: string }) => i.id)).toEqual(ids('c1'));
    const paged = (await t.http().get(api(`/customers/${alice}/transactions`)).query({ limit: 1 }).set(auth(org.owner)).expect(200)).body;
    expect(paged.items.map((i: { id: string }) => i.id)).toEqual(ids('c3'));
    const rest = (await t.http().get(api(`/customers/${alice}/transactions`)).query({ limit: 1, cursor: paged.nextCursor }).set(auth(org.owner)).expect(200)).body;
    expect(rest.items.map((i: { id: string }) => i.id)).toEqual(ids('c1'));
    const filtered = (await t.http().get(api(`/customers/${alice}/transactions`)).query({ inboxId: inbox2.id }).set(auth(org.owner)).expect(200)).body;
    expect(filtered.items.map((i: { id: string }) => i.id)).toEqual(ids('c3'));
    // Bob only wrote to inbox1: m2 does not learn he exists
    const bob = await t.http().get(api(`/customers/${c.c2.customerId}/transactions`)).set(auth(m2)).expect(404);
    expect(bob.body.code).toBe('customer_not_found');
    await t.http().get(api(`/customers/${alice}/transactions`)).query({ customerId: 'x' }).set(auth(org.owner)).expect(400);
  });

  it("shows a customer's details and a summary over the visible TXNs", async () => {
    const alice = c.c1.customerId;
    const owner = (await t.http().get(api(`/customers/${alice}`)).set(auth(org.owner)).expect(200)).body;
    expect(owner).toMatchObject({
      id: alice,
      name: 'Alice Apple',
      email: 'alice@example.test',
      summary: { transactionCount: 2, openTransactionCount: 0, firstContactAt: c.c1.createdAt, lastContactAt: c.c3.createdAt, lastTransactionId: c.c3.id, lastStatus: 'ended' },
    });
    const member = (await t.http().get(api(`/customers/${alice}`)).set(auth(m1)).expect(200)).body;
    expect(member.summary).toMatchObject({ transactionCount: 1, firstContactAt: c.c1.createdAt, lastTransactionId: c.c1.id, lastStatus: 'ended' });
    const carol = (await t.http().get(api(`/customers/${c.c4.customerId}`)).set(auth(m1)).expect(200)).body;
    expect(carol.summary).toMatchObject({ transactionCount: 1, openTransactionCount: 1, lastStatus: 'waiting' });
    expect((await t.http().get(api(`/customers/${c.c2.customerId}`)).set(auth(m2)).expect(404)).body.code).toBe('customer_not_found');
    await t.http().get(api('/customers/00000000-0000-7000-8000-000000000000')).set(auth(org.owner)).expect(404);
  });

  it('describes the new paths and their filters in the OpenAPI document', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    const params = (p: string) => doc.paths[p].get.parameters.map((x: { name: string }) => x.name).sort();
    expect(params('/api/v1/transactions')).toEqual(['agentId', 'customerId', 'cursor', 'endedFrom', 'endedTo', 'from', 'inboxId', 'limit', 'q', 'status', 'to'].sort());
    expect(params('/api/v1/exports/transactions.csv')).toEqual(['agentId', 'customerId', 'endedFrom', 'endedTo', 'from', 'inboxId', 'q', 'status', 'to'].sort());
    expect(params('/api/v1/customers/{id}/transactions')).toEqual(['agentId', 'cursor', 'endedFrom', 'endedTo', 'from', 'id', 'inboxId', 'limit', 'q', 'status', 'to'].sort());
    expect(params('/api/v1/transactions/{id}/transcript')).toEqual(['format', 'id']);
    expect(doc.paths['/api/v1/customers/{id}'].get.tags).toEqual(['customers']);
  });

  it('limits an admin without the license to their own inboxes, and hides everything from another organization', async () => {
    const unlicensed = await newOrganization(t);
    const admin = await newUser(t, unlicensed, 'admin');
    const own = await newInbox(t, unlicensed, [admin]);
    const other = await newInbox(t, unlicensed);
    const sockets2 = [await goOnline(t, admin)];
    const mine = await endedChat(t, admin, own.id, { name: 'Own Customer' });
    const theirs = await failedChat(t, other.id, { name: 'Other Customer' });
    sockets.push(...sockets2);
    expect(await listIds(t, admin)).toEqual([mine.transaction.id]);
    await t.http().get(api('/transactions')).query({ inboxId: other.id }).set(auth(admin)).expect(404);
    await t.http().get(api(`/transactions/${theirs.transaction.id}`)).set(auth(admin)).expect(404);
    await t.http().get(api(`/customers/${theirs.transaction.customerId}`)).set(auth(admin)).expect(404);
    await t.http().get(api(`/customers/${theirs.transaction.customerId}/transactions`)).set(auth(admin)).expect(404);
    // with the license, the same admin sees the whole organization
    await t.http().patch(api('/organization')).set(auth(unlicensed.owner)).send({ contactCenterLicense: true }).expect(200);
    expect(await listIds(t, admin)).toEqual([theirs.transaction.id, mine.transaction.id]);
    await t.http().get(api(`/customers/${theirs.transaction.customerId}`)).set(auth(admin)).expect(200);

    // another organization: nothing of org's, and 404 by id
    expect(await listIds(t, unlicensed.owner, { customerId: c.c1.customerId })).toEqual([]);
    expect(await listIds(t, unlicensed.owner, { q: 'Alice' })).toEqual([]);
    await t.http().get(api('/transactions')).query({ inboxId: inbox1.id }).set(auth(unlicensed.owner)).expect(404);
    await t.http().get(api(`/transactions/${c.c1.id}`)).set(auth(unlicensed.owner)).expect(404);
    await t.http().get(api(`/customers/${c.c1.customerId}`)).set(auth(unlicensed.owner)).expect(404);
    await t.http().get(api(`/customers/${c.c1.customerId}/transactions`)).set(auth(unlicensed.owner)).expect(404);
  });
});
