#!/usr/bin/env node
// A burst of chat starts into one inbox: how long until each chat is offered,
// and whether any agent is offered more than their capacity.
//
//   npm run bench:burst -- [--db mysql|sqlite] [--chats 1000] [--agents 100] [--capacity 10] [--concurrency 100]
//
// Starts Switchboard with bench/server.mjs, sets up one organization
// (maxActiveChatsPerAgent = capacity, long offer timeout), one inbox and the
// agents, connects every agent to /agent (connected = online), then sends the
// chat starts (`POST /visitor/inboxes/:id/chats`, `concurrency` in flight).
// Agents do not answer offers, so an offer holds its slot: capacity x agents
// chats can be offered and no more. Time to offer = the agent's socket
// receives `chat.offered` − the start request was sent. At the end it reads
// every agent's active chats from the API and counts offers beyond capacity.
import { io } from 'socket.io-client';
import { benchArgs, startServer } from './server.mjs';

const { opt } = benchArgs();
const db = opt('--db', 'mysql');
const CHATS = Number(opt('--chats', 1000));
const AGENTS = Number(opt('--agents', 100));
const CAPACITY = Number(opt('--capacity', 10));
const CONCURRENCY = Number(opt('--concurrency', 100));
const WAIT_MS = Number(opt('--wait-ms', 60000));

const server = await startServer({ db, tag: 'burst' });
const api = `${server.url}/api/v1`;
async function call(method, path, { body, token } = {}) {
  const res = await fetch(api + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

const sockets = [];
try {
  const tag = Date.now().toString(36);
  const pw = `Burst-${tag}-password!`;
  const owner = await call('POST', '/auth/signup', { body: { organizationName: `burst ${tag}`, name: 'Burst Owner', email: `burst-${tag}@example.com`, password: pw } });
  await call('PATCH', '/organization', { token: owner.accessToken, body: { maxActiveChatsPerAgent: CAPACITY, offerTimeoutSeconds: 3600 } });
  const inboxRes = await call('POST', '/inboxes', { token: owner.accessToken, body: { name: 'burst' } });
  const inbox = inboxRes.inbox ?? inboxRes;
  const users = await mapLimit([...Array(AGENTS).keys()], 8, async (i) => {
    const email = `burst-${tag}-agent-${i}@example.com`;
    const res = await call('POST', '/users', { token: owner.accessToken, body: { name: `Agent ${i}`, email, password: pw, role: 'member' } });
    return { id: (res.user ?? res).id, email };
  });
  await call('PUT', `/inboxes/${inbox.id}/agents`, { token: owner.accessToken, body: { userIds: users.map((u) => u.id) } });

  const startedAt = new Map(); // transactionId -> ms the start was sent (filled when the answer comes)
  const offeredAt = new Map(); // transactionId -> ms the offer arrived
  const offersPerAgent = new Map();
  const offeredTo = new Map(); // transactionId -> agent token
  const tokens = [];
  await mapLimit(users, 8, async (u) => {
    const { accessToken } = await call('POST', '/auth/login', { body: { email: u.email, password: pw } });
    tokens.push({ id: u.id, token: accessToken });
    const socket = io(`${server.url}/agent`, { auth: { token: accessToken }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    socket.on('chat.offered', ({ transaction }) => {
      if (!offeredAt.has(transaction.id)) offeredAt.set(transaction.id, performance.now());
      offersPerAgent.set(u.id, (offersPerAgent.get(u.id) ?? 0) + 1);
      offeredTo.set(transaction.id, accessToken);
    });
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
  });
  // connected means online: wait until every agent says so
  for (const { token } of tokens) {
    for (let i = 0; (await call('GET', '/me', { token })).presence !== 'online'; i++) {
      if (i > 200) throw new Error('an agent did not come online');
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  console.log(`${db}: ${AGENTS} agents online (capacity ${CAPACITY}); starting ${CHATS} chats, ${CONCURRENCY} requests in flight`);

  const t0 = performance.now();
  const starts = await mapLimit([...Array(CHATS).keys()], CONCURRENCY, async (i) => {
    const sent = performance.now();
    const res = await call('POST', `/visitor/inboxes/${inbox.id}/chats`, { body: { name: `Visitor ${i}` } });
    startedAt.set(res.transaction.id, sent);
    return { id: res.transaction.id, sent, answered: performance.now() };
  });
  const sentAll = performance.now();
  const expected = Math.min(CHATS, AGENTS * CAPACITY);
  const deadline = performance.now() + WAIT_MS;
  while (offeredAt.size < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 500)); // any offer beyond capacity would show up here
  const lastOffer = Math.max(...offeredAt.values());

  const toOffer = starts.filter((s) => offeredAt.has(s.id)).map((s) => offeredAt.get(s.id) - s.sent).sort((a, b) => a - b);
  const answer = starts.map((s) => s.answered - s.sent).sort((a, b) => a - b);
  // capacity, from the server: every agent's chats in `assigning` (offers held)
  const overCapacityEvents = [...offersPerAgent.values()].reduce((n, c) => n + Math.max(0, c - CAPACITY), 0);
  // and from the server: each offered chat as its agent sees it now
  const held = new Map();
  await mapLimit([...offeredTo], 20, async ([id, token]) => {
    const txn = await call('GET', `/transactions/${id}`, { token });
    const t = txn.transaction ?? txn;
    if (t.status === 'assigning' || t.status === 'assigned') held.set(t.assigneeId, (held.get(t.assigneeId) ?? 0) + 1);
  });
  const perAgentActive = tokens.map(({ id }) => held.get(id) ?? 0);
  const overCapacityServer = perAgentActive.reduce((n, c) => n + Math.max(0, c - CAPACITY), 0);
  const result = {
    db,
    chats: CHATS,
    agents: AGENTS,
    capacity: CAPACITY,
    concurrency: CONCURRENCY,
    startsPerSecond: Math.round((CHATS / (sentAll - t0)) * 1000),
    offered: offeredAt.size,
    expectedOffers: expected,
    offeredWithin2s: toOffer.filter((ms) => ms <= 2000).length,
    timeToOfferMs: { p50: +pct(toOffer, 50).toFixed(1), p99: +pct(toOffer, 99).toFixed(1), max: +toOffer[toOffer.length - 1]?.toFixed(1) },
    startAnswerMs: { p50: +pct(answer, 50).toFixed(1), p99: +pct(answer, 99).toFixed(1) },
    burstToLastOfferMs: Math.round(lastOffer - t0),
    offersBeyondCapacity: { fromEvents: overCapacityEvents, fromServer: overCapacityServer },
    activePerAgent: { min: Math.min(...perAgentActive), max: Math.max(...perAgentActive) },
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  for (const s of sockets) s.close();
  await server.stop();
}
