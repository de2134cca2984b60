import { describe, expect, it } from '@jest/globals';
import { api, until, socketTracker, useApp } from './support/app.js';
import { getTxn, goOnline, newFloor, startChat } from './support/chat.js';
import { auth, newInbox, newUser } from './support/factories.js';

/** What the agent workspace needs from the server beyond the public API names. */
describe('server paths for the workspace', () => {
  const t = useApp();
  const track = socketTracker();

  it('lists the transfer targets: agents of the inbox with presence and free capacity, and the other inboxes', async () => {
    const floor = await newFloor(t, 3, { maxActiveChatsPerAgent: 2 });
    const [a, b, c] = floor.agents;
    const other = await newInbox(t, floor.org, [], { name: 'Billing' });
    const outsider = await newUser(t, floor.org, 'member');
    track(await goOnline(t, a));
    const chat = await startChat(t, floor.inbox.id, { name: 'Ann' });
    await until(async () => (await getTxn(t, a, chat.transaction.id)).assigneeId === a.user.id);
    await t.http().post(api(`/transactions/${chat.transaction.id}/accept`)).set(auth(a)).expect(200);
    track(await goOnline(t, b));
    track(await goOnline(t, c));
    await t.http().put(api('/me/presence')).set(auth(c)).send({ status: 'away' }).expect(200);

    const res = await t.http().get(api(`/transactions/${chat.transaction.id}/transfer-targets`)).set(auth(a)).expect(200);
    // the assignee and agents outside the inbox are not offered; online first
    expect(res.body.agents.map((x: { id: string }) => x.id)).toEqual([b.user.id, c.user.id]);
    expect(res.body.agents[0]).toEqual({ id: b.user.id, name: b.user.name, presence: 'online', activeChats: 0, maxActiveChats: 2, freeCapacity: 2 });
    expect(res.body.agents[1]).toMatchObject({ presence: 'away', freeCapacity: 2 });
    expect(res.body.agents.some((x: { id: string }) => x.id === outsider.user.id)).toBe(false);
    expect(res.body.inboxes).toEqual([{ id: other.id, name: 'Billing' }]);

    // B takes a chat: one slot less
    await t.http().put(api('/me/presence')).set(auth(a)).send({ status: 'away' }).expect(200);
    const second = await startChat(t, floor.inbox.id, { name: 'Ben' });
    await until(async () => (await getTxn(t, b, second.transaction.id)).assigneeId === b.user.id);
    await t.http().post(api(`/transactions/${second.transaction.id}/accept`)).set(auth(b)).expect(200);
    const after = await t.http().get(api(`/transactions/${chat.transaction.id}/transfer-targets`)).set(auth(a)).expect(200);
    expect(after.body.agents.find((x: { id: string }) => x.id === b.user.id)).toMatchObject({ activeChats: 1, freeCapacity: 1 });

    // someone who may not see the chat gets a 404, as for the chat itself
    await t.http().get(api(`/transactions/${chat.transaction.id}/transfer-targets`)).set(auth(outsider)).expect(404);
    await t.http().get(api(`/transactions/${chat.transaction.id}/transfer-targets`)).expect(401);
  });

  it('pages messages backwards (order=desc) to open a long chat at its end', async () => {
    const floor = await newFloor(t, 1);
    const [a] = floor.agents;
    const chat = await startChat(t, floor.inbox.id, { name: 'Long', message: 'm0' });
    for (let i = 1; i < 7; i++) {
      await t.http().post(api(`/visitor/chats/${chat.transaction.id}/messages`)).set(auth(chat.visitorToken)).send({ body: `m${i}` }).expect(201);
    }
    const path = (q: string) => api(`/transactions/${chat.transaction.id}/messages?${q}`);
    const first = await t.http().get(path('order=desc&limit=3')).set(auth(a)).expect(200);
    expect(first.body.items.map((m: { body: string }) => m.body)).toEqual(['m6', 'm5', 'm4']);
    const second = await t.http().get(path(`order=desc&limit=3&cursor=${first.body.nextCursor}`)).set(auth(a)).expect(200);
    expect(second.body.items.map((m: { body: string }) => m.body)).toEqual(['m3', 'm2', 'm1']);
    const last = await t.http().get(path(`order=desc&limit=3&cursor=${second.body.nextCursor}`)).set(auth(a)).expect(200);
    expect(last.body).toEqual({ items: [expect.objectContaining({ body: 'm0' })], nextCursor: null });
    // the default order is unchanged
    const asc = await t.http().get(path('limit=2')).set(auth(a)).expect(200);
    expect(asc.body.items.map((m: { body: string }) => m.body)).toEqual(['m0', 'm1']);
    const bad = await t.http().get(path('order=sideways')).set(auth(a)).expect(400);
    expect(bad.body.message).toMatch(/order must be asc or desc/);
  });
});
