import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { api, until, useApp } from './support/app.js';
import { getTxn, goOnline, startChat, type StartedChat } from './support/chat.js';
import { auth, newInbox, newOrganization, newUser, type Org, type Session } from './support/factories.js';

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A scripted day of chats with known waits, then the figures of
 * `GET /reports/summary` (and `/reports/live`) must be exactly what the script did.
 */
describe('reports', () => {
  const t = useApp();
  let org: Org;
  let a: Session;
  let b: Session;
  let other: Session;
  let inbox: { id: string };
  let inbox2: { id: string };
  let day1: number;
  const sockets: Socket[] = [];

  /** The clock to `at` (ms since the epoch), which must not be in the past. */
  const moveTo = (at: number) => t.clock.advance(at - t.clock.now().getTime());

  async function offeredTo(agent: Session, chat: StartedChat) {
    await until(async () => {
      const txn = await getTxn(t, agent, chat.transaction.id);
      return txn.status === 'assigning' && txn.assigneeId === agent.user.id;
    });
  }
  const accept = (agent: Session, chat: StartedChat) => t.http().post(api(`/transactions/${chat.transaction.id}/accept`)).set(auth(agent)).expect(200);
  const complete = (agent: Session, chat: StartedChat) => t.http().post(api(`/transactions/${chat.transaction.id}/complete`)).set(auth(agent)).expect(200);

  beforeAll(async () => {
    org = await newOrganization(t, { contactCenterLicense: true, maxActiveChatsPerAgent: 10 });
    a = await newUser(t, org, 'member');
    b = await newUser(t, org, 'member');
    other = await newUser(t, org, 'member');
    inbox = await newInbox(t, org, [a, b]);
    inbox2 = await newInbox(t, org, [other]);
    // day 1 is tomorrow (UTC), so that the whole script happens on known days
    day1 = Math.ceil(t.clock.now().getTime() / DAY) * DAY + DAY;

    // day 1, 23:00: P waits 50 s, handled 100 s
    moveTo(day1 + 23 * 3600_000);
    sockets.push(await goOnline(t, a));
    const p = await startChat(t, inbox.id);
    await offeredTo(a, p);
    t.clock.advanceSeconds(50);
    await accept(a, p);
    t.clock.advanceSeconds(100);
    await complete(a, p);

    // day 2, 08:00: A, B, C, D start together and are accepted after 10, 20, 30, 40 s; E is left unanswered
    const t0 = day1 + DAY + 8 * 3600_000;
    moveTo(t0);
    const [chatA, chatB, chatC, chatD] = [await startChat(t, inbox.id), await startChat(t, inbox.id), await startChat(t, inbox.id), await startChat(t, inbox.id)];
    for (const chat of [chatA, chatB, chatC, chatD]) await offeredTo(a, chat);
    const e = await startChat(t, inbox.id);
    await t.http().post(api(`/visitor/chats/${e.transaction.id}/leave`)).set(auth(e.visitorToken)).expect((res) => expect(res.status).toBeLessThan(300));
    expect((await getTxn(t, org.owner, e.transaction.id)).status).toBe('failed');
    for (const [i, chat] of [chatA, chatB, chatC, chatD].entries()) {
      moveTo(t0 + (i + 1) * 10_000);
      await accept(a, chat);
    }
    // C goes to B at +100 s, B completes it at +150 s: handled 120 s from its first acceptance
    sockets.push(await goOnline(t, b));
    moveTo(t0 + 100_000);
    const transfer = await t.http().post(api(`/transactions/${chatC.transaction.id}/transfers`)).set(auth(a)).send({ toAgentId: b.user.id }).expect(201);
    await t.http().post(api(`/transfers/${transfer.body.id}/accept`)).set(auth(b)).expect(200);
    moveTo(t0 + 150_000);
    await complete(b, chatC);
    moveTo(t0 + 310_000);
    await complete(a, chatA); // handled 300 s
    moveTo(t0 + 620_000);
    await complete(a, chatB); // handled 600 s; D stays open

    // noise that must not count: a chat of another inbox, and one of another organization
    await startChat(t, inbox2.id);
    const stranger = await newOrganization(t);
    await startChat(t, (await newInbox(t, stranger)).id);
  });
  afterAll(() => sockets.forEach((s) => s.close()));

  const summary = (as: Session | string, query: Record<string, string>) =>
    t.http().get(api('/reports/summary')).query(query).set(auth(as));

  it('counts the scripted days exactly, per UTC day and in total', async () => {
    const res = await summary(org.owner, { from: new Date(day1).toISOString(), to: new Date(day1 + 2 * DAY).toISOString(), inboxId: inbox.id, groupBy: 'day' }).expect(200);
    expect(res.body).toEqual({
      from: new Date(day1).toISOString(),
      to: new Date(day1 + 2 * DAY).toISOString(),
      inboxId: inbox.id,
      groupBy: 'day',
      days: [
        { date: isoDay(day1), chatsStarted: 1, accepted: 1, missed: 0, transferred: 0, avgWaitSeconds: 50, p90WaitSeconds: 50, avgHandlingSeconds: 100 },
        { date: isoDay(day1 + DAY), chatsStarted: 5, accepted: 4, missed: 1, transferred: 1, avgWaitSeconds: 25, p90WaitSeconds: 40, avgHandlingSeconds: 340 },
      ],
      totals: { chatsStarted: 6, accepted: 5, missed: 1, transferred: 1, avgWaitSeconds: 30, p90WaitSeconds: 50, avgHandlingSeconds: 280 },
    });
  });

  it('without an inbox, sums every inbox the caller may see (never another organization)', async () => {
    const res = await summary(org.owner, { from: new Date(day1).toISOString(), to: new Date(day1 + 2 * DAY).toISOString() }).expect(200);
    expect(res.body.totals).toMatchObject({ chatsStarted: 7, accepted: 5, missed: 1 });
    expect(res.body.days.map((d: { chatsStarted: number }) => d.chatsStarted)).toEqual([1, 6]);
  });

  it('gives the same figures as CSV, a line per day and a total', async () => {
    const res = await t.http().get(api('/reports/summary.csv')).query({ from: new Date(day1).toISOString(), to: new Date(day1 + 2 * DAY).toISOString(), inboxId: inbox.id }).set(auth(org.owner)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.text.split('\r\n')).toEqual([
      'date,chats_started,accepted,missed,transferred,avg_wait_seconds,p90_wait_seconds,avg_handling_seconds',
      `${isoDay(day1)},1,1,0,0,50,50,100`,
      `${isoDay(day1 + DAY)},5,4,1,1,25,40,340`,
      'total,6,5,1,1,30,50,280',
      '',
    ]);
  });

  it('a member sees only their inboxes: another inbox is "not found"', async () => {
    const period = { from: new Date(day1).toISOString(), to: new Date(day1 + 2 * DAY).toISOString() };
    expect((await summary(other, period).expect(200)).body.totals).toMatchObject({ chatsStarted: 1, accepted: 0 });
    const refused = await summary(other, { ...period, inboxId: inbox.id }).expect(404);
    expect(refused.body).toMatchObject({ code: 'inbox_not_found' });
    const live = await t.http().get(api('/reports/live')).set(auth(other)).expect(200);
    expect(live.body.inboxes.map((i: { id: string }) => i.id)).toEqual([inbox2.id]);
    expect(live.body.agents.map((u: { id: string }) => u.id)).toEqual([other.user.id]);
  });

  it('an admin without the Contact Center license sees only inboxes they are an agent of', async () => {
    const admin = await newUser(t, org, 'admin');
    const period = { from: new Date(day1).toISOString(), to: new Date(day1 + 2 * DAY).toISOString() };
    expect((await summary(admin, period).expect(200)).body.totals.chatsStarted).toBe(7);
    await t.http().patch(api('/organization')).set(auth(org.owner)).send({ contactCenterLicense: false }).expect(200);
    try {
      expect((await summary(admin, period).expect(200)).body).toMatchObject({ totals: { chatsStarted: 0 }, days: [] });
      expect((await summary(admin, { ...period, inboxId: inbox.id }).expect(404)).body.code).toBe('inbox_not_found');
      expect((await t.http().get(api('/reports/live')).set(auth(admin)).expect(200)).body).toMatchObject({ inboxes: [], agents: [] });
    } finally {
      await t.http().patch(api('/organization')).set(auth(org.owner)).send({ contactCenterLicense: true }).expect(200);
    }
  });

  it('refuses a bad period with a sentence, and asks for a token', async () => {
    const backwards = await summary(org.owner, { from: new Date(day1 + DAY).toISOString(), to: new Date(day1).toISOString() }).expect(400);
    expect(backwards.body).toMatchObject({ code: 'invalid_period', message: 'The period must end after it starts and span at most 366 days' });
    expect((await summary(org.owner, { from: 'yesterday', to: new Date(day1).toISOString() }).expect(400)).body.code).toBe('validation_failed');
    await t.http().get(api('/reports/summary')).query({ from: new Date(day1).toISOString(), to: new Date(day1 + DAY).toISOString() }).expect(401);
  });

  it('the live overview: waiting chats and the longest wait per inbox, agents with their load, and today', async () => {
    const live = await t.http().get(api('/reports/live')).set(auth(org.owner)).expect(200);
    const now = t.clock.now().getTime();
    expect(live.body.at).toBe(new Date(now).toISOString());
    const byId = Object.fromEntries(live.body.inboxes.map((i: { id: string }) => [i.id, i]));
    // inbox: D open with A (assigned); inbox2: one chat waiting (no agent online) since +620 s
    expect(byId[inbox.id]).toMatchObject({ waiting: 0, longestWaitSeconds: null, active: 1, agentsOnline: 2 });
    expect(byId[inbox2.id]).toMatchObject({ waiting: 1, longestWaitSeconds: 0, active: 0, agentsOnline: 0 });
    t.clock.advanceSeconds(75);
    const later = await t.http().get(api('/reports/live')).set(auth(org.owner)).expect(200);
    expect(later.body.inboxes.find((i: { id: string }) => i.id === inbox2.id).longestWaitSeconds).toBe(75);
    const agents = Object.fromEntries(later.body.agents.map((u: { id: string }) => [u.id, u]));
    expect(agents[a.user.id]).toMatchObject({ presence: 'online', activeChats: 1, capacity: 10 });
    expect(agents[b.user.id]).toMatchObject({ presence: 'online', activeChats: 0, capacity: 10 });
    expect(agents[other.user.id]).toMatchObject({ presence: 'offline', activeChats: 0 });
    // today = day 2: the five chats of the inbox and the one of inbox2
    expect(later.body.today).toEqual({ chatsStarted: 6, accepted: 4, missed: 1, transferred: 1, avgWaitSeconds: 25, p90WaitSeconds: 40, avgHandlingSeconds: 340 });
  });
});
