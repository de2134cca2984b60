import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { DataSource, In } from 'typeorm';
import { ChatOffer } from '../src/modules/routing/entities/chat-offer.entity.js';
import { BACKLOG_CHECK_SECONDS } from '../src/modules/routing/routing.service.js';
import { ChatTransaction } from '../src/modules/chat/entities/transaction.entity.js';
import { api, ask, nextEvent, startApp, useApp, until } from './support/app.js';
import { goOnline, newFloor, startChat, getTxn } from './support/chat.js';
import { auth, newInbox, newUser, setAgents } from './support/factories.js';
import { TransactionEvent } from '../src/modules/chat/entities/transaction-event.entity.js';

describe('routing under the capacity limit', () => {
  const t = useApp();
  let db: DataSource;
  const sockets: Socket[] = [];
  const online = async (...args: Parameters<typeof goOnline>) => {
    const s = await goOnline(...args);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    db = t.app.get(DataSource);
  });
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.close());
  });

  const activeByAgent = async (agentIds: string[]) => {
    const rows = await db.getRepository(ChatTransaction).find({ where: { assigneeId: In(agentIds), status: In(['assigning', 'assigned', 'transferring']) } });
    return agentIds.map((id) => rows.filter((r) => r.assigneeId === id).length);
  };

  it('never gives an agent more than 3 active chats when 30 arrive at once, across two instances; none is lost; freed slots take the oldest first', async () => {
    const floor = await newFloor(t, 4);
    const ids = floor.agents.map((a) => a.user.id);
    for (const agent of floor.agents) await online(t, agent);
    const second = await startApp({ database: t.database, clock: t.clock });
    try {
      const starts = await Promise.all(
        Array.from({ length: 30 }, (_, i) => (i % 2 ? second : t).http().post(api(`/visitor/inboxes/${floor.inbox.id}/chats`)).send({ name: `Visitor ${i}` })),
      );
      expect(starts.map((r) => r.status)).toEqual(Array(30).fill(201));
      const all = await db.getRepository(ChatTransaction).find({ where: { inboxId: floor.inbox.id } });
      expect(all).toHaveLength(30);
      expect(new Set(all.map((x) => x.status))).toEqual(new Set(['assigning', 'waiting']));
      expect(await activeByAgent(ids)).toEqual([3, 3, 3, 3]);
      expect(all.filter((x) => x.status === 'waiting')).toHaveLength(18);

      // accept everything offered, then free one slot: the oldest waiting chat is offered next
      for (const agent of floor.agents) {
        const mine = all.filter((x) => x.assigneeId === agent.user.id);
        for (const txn of mine) await t.http().post(api(`/transactions/${txn.id}/accept`)).set(auth(agent)).expect(200);
      }
      const waitingBefore = await db.getRepository(ChatTransaction).find({ where: { inboxId: floor.inbox.id, status: 'waiting' }, order: { queuedAt: 'ASC', id: 'ASC' } });
      const [agent0] = floor.agents;
      const done = all.find((x) => x.assigneeId === agent0.user.id)!;
      await second.http().post(api(`/transactions/${done.id}/complete`)).set(auth(agent0)).expect(200);
      const offered = await db.getRepository(ChatTransaction).findOneByOrFail({ id: waitingBefore[0].id });
      expect(offered).toMatchObject({ status: 'assigning', assigneeId: agent0.user.id });
      expect(await activeByAgent(ids)).toEqual([3, 3, 3, 3]);
      const stillWaiting = await db.getRepository(ChatTransaction).count({ where: { inboxId: floor.inbox.id, status: 'waiting' } });
      expect(stillWaiting).toBe(17);
    } finally {
      await second.close();
    }
  });

  it('offers a backlog larger than one routing page in batches, from two instances at once: exact capacity, each offer made once, oldest first per inbox', async () => {
    // two instances on one database and one Redis (so an offer made by one reaches an agent connected to the other)
    const redis = { REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' };
    const x = await startApp({ env: redis });
    const y = await startApp({ env: redis, database: x.database, clock: x.clock });
    const xdb = x.app.get(DataSource);
    const active = async (agentIds: string[]) => {
      const rows = await xdb.getRepository(ChatTransaction).find({ where: { assigneeId: In(agentIds), status: In(['assigning', 'assigned', 'transferring']) } });
      return agentIds.map((id) => rows.filter((r) => r.assigneeId === id).length);
    };
    try {
      // 4 agents of capacity 5; agents 0 and 1 also work a second inbox; 90 chats wait before anyone is online
      const floor = await newFloor(x, 4, { maxActiveChatsPerAgent: 5 });
      const ids = floor.agents.map((a) => a.user.id);
      const second = await newInbox(x, floor.org, floor.agents.slice(0, 2));
      const chats: Array<{ id: string; inboxId: string }> = [];
      for (let i = 0; i < 90; i++) {
        const inboxId = i % 3 === 2 ? second.id : floor.inbox.id;
        chats.push({ id: (await startChat(i % 2 ? y : x, inboxId, { name: `Backlog ${i}` })).transaction.id, inboxId });
        x.clock.advanceSeconds(1);
      }
      const offeredTo = new Map<string, string[]>();
      // the agents connect at once (connected = online), half through each instance: both drain the same backlog;
      // each socket listens for offers before it connects, so none is missed
      floor.agents.forEach((agent, i) => {
        const socket = io(`${(i % 2 ? y : x).url}/agent`, { auth: { token: agent.token }, transports: ['websocket'], reconnection: false, forceNew: true });
        socket.on('chat.offered', (p: { transaction: { id: string } }) => offeredTo.set(p.transaction.id, [...(offeredTo.get(p.transaction.id) ?? []), ids[i]]));
        sockets.push(socket);
      });
      await until(async () => (await active(ids)).every((n) => n === 5), 20_000);

      const rows = await xdb.getRepository(ChatTransaction).find({ where: { id: In(chats.map((c) => c.id)) } });
      const offered = rows.filter((r) => r.status === 'assigning');
      expect(offered).toHaveLength(20);
      expect(rows.filter((r) => r.status === 'waiting')).toHaveLength(70);
      expect(await active(ids)).toEqual([5, 5, 5, 5]);
      // second-inbox chats went only to its agents
      for (const r of offered.filter((r) => r.inboxId === second.id)) expect(ids.slice(0, 2)).toContain(r.assigneeId);
      // one pending offer row and one timeline entry per offered chat, none for the others
      const offers = await xdb.getRepository(ChatOffer).find({ where: { transactionId: In(chats.map((c) => c.id)) } });
      expect(offers.map((o) => o.transactionId).sort()).toEqual(offered.map((r) => r.id).sort());
      expect(offers.every((o) => o.status === 'pending' && offered.find((r) => r.id === o.transactionId)!.offerId === o.id)).toBe(true);
      const entries = await xdb.getRepository(TransactionEvent).find({ where: { transactionId: In(chats.map((c) => c.id)), type: 'offered' } });
      expect(entries.map((e) => e.transactionId).sort()).toEqual(offered.map((r) => r.id).sort());
      // each offer announced once, to its agent, whichever instance made it
      await until(async () => offeredTo.size === 20);
      for (const r of offered) expect(offeredTo.get(r.id)).toEqual([r.assigneeId]);
      // within each inbox the offered chats are the oldest ones
      for (const inboxId of [floor.inbox.id, second.id]) {
        const queue = chats.filter((c) => c.inboxId === inboxId).map((c) => rows.find((r) => r.id === c.id)!.status);
        const firstWaiting = queue.indexOf('waiting');
        expect(queue.slice(firstWaiting).every((status) => status === 'waiting')).toBe(true);
      }
    } finally {
      sockets.splice(0).forEach((s) => s.close());
      await y.close();
      await x.close();
    }
  });

  it('honours the organization limit and the per-agent override', async () => {
    const floor = await newFloor(t, 2, { maxActiveChatsPerAgent: 2 });
    const [a, b] = floor.agents;
    await t.http().patch(api(`/users/${b.user.id}`)).set(auth(floor.org.owner)).send({ maxActiveChats: 1 }).expect(200);
    await online(t, a);
    await online(t, b);
    for (let i = 0; i < 5; i++) await startChat(t, floor.inbox.id);
    expect(await activeByAgent([a.user.id, b.user.id])).toEqual([2, 1]);
  });

  it('moves a rejected or timed-out offer to another agent and never back', async () => {
    const floor = await newFloor(t, 3, { offerTimeoutSeconds: 30 });
    const [x, y, z] = floor.agents;
    const sx = await online(t, x);
    const sy = await online(t, y);
    const offeredToX = nextEvent(sx, 'chat.offered');
    const chat = await startChat(t, floor.inbox.id);
    // x and y are equally free; the tie goes to the one idle longest, then by id: find who got it
    const first = (await getTxn(t, x, chat.transaction.id)).assigneeId as string;
    const [firstAgent, secondAgent, firstSocket, secondSocket] = first === x.user.id ? [x, y, sx, sy] : [y, x, sy, sx];
    if (first === x.user.id) await offeredToX;

    const toSecond = nextEvent(secondSocket, 'chat.offered');
    const lost = nextEvent(firstSocket, 'chat.updated', 5000, (p) => p.transaction.status === 'waiting' || p.transaction.assigneeId !== firstAgent.user.id);
    const rejected = await ask(firstSocket, 'chat.reject', { transactionId: chat.transaction.id });
    expect(rejected.ok).toBe(true);
    await lost;
    expect((await toSecond).transaction.id).toBe(chat.transaction.id);

    // the second agent lets the offer time out: nobody is left who has not declined it
    t.clock.advanceSeconds(31);
    const expired = nextEvent(secondSocket, 'chat.updated', 5000, (p) => p.transaction.assigneeId !== secondAgent.user.id);
    await t.sweep();
    await expired;
    const after = await getTxn(t, floor.org.owner, chat.transaction.id).catch(() => null);
    expect(after).toBeNull(); // the owner is not an agent of the inbox and the org has no license
    const txn = await db.getRepository(ChatTransaction).findOneByOrFail({ id: chat.transaction.id });
    expect(txn).toMatchObject({ status: 'waiting', assigneeId: null });
    const offers = await db.getRepository(ChatOffer).find({ where: { transactionId: chat.transaction.id }, order: { offeredAt: 'ASC' } });
    expect(offers.map((o) => [o.agentId, o.status])).toEqual([[firstAgent.user.id, 'rejected'], [secondAgent.user.id, 'expired']]);

    // still never back to them, even after they free capacity or reconnect; a new agent gets it
    await t.sweep();
    expect((await db.getRepository(ChatTransaction).findOneByOrFail({ id: chat.transaction.id })).status).toBe('waiting');
    const sz = await online(t, z);
    void sz;
    await until(async () => (await db.getRepository(ChatTransaction).findOneByOrFail({ id: chat.transaction.id })).assigneeId === z.user.id);
    const detail = await getTxn(t, z, chat.transaction.id);
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'offered', 'offer_rejected', 'offered', 'offer_expired', 'offered']);
  });

  it('lets exactly one of two agents racing to accept win (200 and 409), and accepting twice is idempotent', async () => {
    const floor = await newFloor(t, 2);
    const [a, b] = floor.agents;
    await online(t, a);
    const chat = await startChat(t, floor.inbox.id);
    expect((await getTxn(t, a, chat.transaction.id)).assigneeId).toBe(a.user.id);
    const [ra, rb] = await Promise.all([
      t.http().post(api(`/transactions/${chat.transaction.id}/accept`)).set(auth(a)),
      t.http().post(api(`/transactions/${chat.transaction.id}/accept`)).set(auth(b)),
    ]);
    expect([ra.status, rb.status]).toEqual([200, 409]);
    expect(rb.body.code).toBe('not_offered');
    const again = await t.http().post(api(`/transactions/${chat.transaction.id}/accept`)).set(auth(a)).expect(200);
    expect(again.body).toMatchObject({ status: 'assigned', assigneeId: a.user.id });
    const detail = await getTxn(t, a, chat.transaction.id);
    expect(detail.timeline.filter((e: { type: string }) => e.type === 'accepted')).toHaveLength(1);
  });

  it('resolves an accept racing the offer timeout with exactly one outcome', async () => {
    for (let round = 0; round < 3; round++) {
      const floor = await newFloor(t, 1, { offerTimeoutSeconds: 5 });
      const [a] = floor.agents;
      const sa = await online(t, a);
      const chat = await startChat(t, floor.inbox.id);
      t.clock.advanceSeconds(6);
      const [accept] = await Promise.all([ask(sa, 'chat.accept', { transactionId: chat.transaction.id }), t.sweep()]);
      const txn = await db.getRepository(ChatTransaction).findOneByOrFail({ id: chat.transaction.id });
      const offer = await db.getRepository(ChatOffer).findOneByOrFail({ transactionId: chat.transaction.id });
      if (accept.ok) {
        expect([txn.status, offer.status]).toEqual(['assigned', 'accepted']);
      } else {
        expect(accept.code).toBe('not_offered');
        expect(txn.status).toBe('waiting');
        expect(offer.status).toBe('expired');
      }
      sa.close();
    }
  });

  it('offers the backlog to an agent who comes online, is added to the inbox, or frees a slot', async () => {
    const floor = await newFloor(t, 1, { maxActiveChatsPerAgent: 1 });
    const late = await newUser(t, floor.org, 'member');
    const first = await startChat(t, floor.inbox.id);
    const secondChat = await startChat(t, floor.inbox.id);
    expect([first.queuePosition, secondChat.queuePosition]).toEqual([1, 2]);
    const s = await online(t, late);
    const offered = nextEvent(s, 'chat.offered');
    await setAgents(t, floor.org, floor.inbox.id, [...floor.agents, late]);
    expect((await offered).transaction.id).toBe(first.transaction.id);
    await online(t, floor.agents[0]);
    await until(async () => (await db.getRepository(ChatTransaction).findOneByOrFail({ id: secondChat.transaction.id })).assigneeId === floor.agents[0].user.id);
    // a third chat waits until someone frees a slot, then goes to that agent
    const third = await startChat(t, floor.inbox.id);
    expect(third.queuePosition).toBe(1);
    await t.http().post(api(`/transactions/${first.transaction.id}/reject`)).set(auth(late)).expect(200);
    // `late` declined the first chat: it goes nowhere (the other agent is full), the third goes to `late`
    await until(async () => (await db.getRepository(ChatTransaction).findOneByOrFail({ id: third.transaction.id })).assigneeId === late.user.id);
    expect((await db.getRepository(ChatTransaction).findOneByOrFail({ id: first.transaction.id })).status).toBe('waiting');
  });

  it('looks past a full page of chats the free agent declined: to the newer chats of its other inbox and of the same one', async () => {
    const floor = await newFloor(t, 1, { maxActiveChatsPerAgent: 5 });
    const [agent] = floor.agents;
    const other = await newInbox(t, floor.org, [agent]);
    // more than a routing page of the first inbox's chats, every one declined by the agent (offline meanwhile)
    const declined = [];
    for (let i = 0; i < 51; i++) declined.push(await startChat(t, floor.inbox.id));
    const now = t.clock.now();
    await db.getRepository(ChatOffer).insert(
      declined.map((c) => ({ id: randomUUID(), transactionId: c.transaction.id, agentId: agent.user.id, status: 'rejected' as const, offeredAt: now, expiresAt: now, answeredAt: now })),
    );
    t.clock.advanceSeconds(1);
    const otherInbox = await startChat(t, other.id);
    const sameInbox = await startChat(t, floor.inbox.id);
    // coming online drains both of the agent's inboxes, oldest first
    await online(t, agent);
    const newer = [otherInbox.transaction.id, sameInbox.transaction.id];
    await until(async () => (await db.getRepository(ChatTransaction).findBy({ id: In(newer) })).every((r) => r.assigneeId === agent.user.id));
    expect(await db.getRepository(ChatTransaction).countBy({ id: In(declined.map((c) => c.transaction.id)), status: 'waiting' })).toBe(51);
  });

  it('keeps an agent who chose away out of routing until they are back', async () => {
    const floor = await newFloor(t, 1);
    const [a] = floor.agents;
    await online(t, a);
    await t.http().put(api('/me/presence')).set(auth(a)).send({ status: 'away' }).expect(200);
    const chat = await startChat(t, floor.inbox.id);
    expect(chat.transaction.status).toBe('waiting');
    const me = await t.http().put(api('/me/presence')).set(auth(a)).send({ status: 'online' }).expect(200);
    expect(me.body.presence).toBe('online');
    await until(async () => (await db.getRepository(ChatTransaction).findOneByOrFail({ id: chat.transaction.id })).status === 'assigning');
  });

  it('offers a waiting chat at the next backlog check when the slot freed without its event (the instance died between the commit and routing)', async () => {
    const floor = await newFloor(t, 1, { maxActiveChatsPerAgent: 1 });
    const [agent] = floor.agents;
    await online(t, agent);
    const first = await startChat(t, floor.inbox.id);
    const waiting = await startChat(t, floor.inbox.id);
    expect(first.transaction.status).toBe('assigning');
    expect(waiting.transaction.status).toBe('waiting');
    // the first chat ends in the database only: no event, so no listener starts routing
    await db.getRepository(ChatTransaction).update({ id: first.transaction.id }, { status: 'ended', endedAt: t.clock.now() });
    t.clock.advanceSeconds(BACKLOG_CHECK_SECONDS);
    await t.sweep();
    expect(await db.getRepository(ChatTransaction).findOneByOrFail({ id: waiting.transaction.id })).toMatchObject({ status: 'assigning', assigneeId: agent.user.id });
  });
});
