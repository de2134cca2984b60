// The cluster test: HAProxy (deploy/haproxy.cfg) in front of 2 real server
// processes (`node dist/src/main.js`) on MariaDB and Redis. A bounded
// randomized workload runs through HAProxy — visitors start chats and send
// messages, agents accept, reject or let offers expire, transfer, complete or
// leave chats to inactivity — while one process is killed with SIGKILL and
// restarted, then both are restarted in turn with SIGTERM (rolling restart).
// Afterwards the database must show: no chat lost, every acked message stored
// once, every deadline fired once, no agent above capacity, every chat in a
// consistent final status.
//
//   node --test test/cluster/cluster.test.mjs       (npm test runs it after the jest runs; npm run test:cluster alone)
// Environment: TEST_MYSQL_URL, TEST_REDIS_URL, CLUSTER_SEED (replay a workload), CLUSTER_REPORT (write figures as JSON),
// CLUSTER_NODE (the node binary of the server processes, e.g. Node 24 while this runs on 20),
// CLUSTER_AGENTS, CLUSTER_VISITORS, CLUSTER_MESSAGES (a bigger workload than the default 4, 28, 4).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import mysql from 'mysql2/promise';
import parsePrometheus from 'parse-prometheus-text-format';
import { io } from 'socket.io-client';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { serverNodeVersion, startCluster, waitFor } from '../../scripts/cluster-lib.mjs';

const MYSQL = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const METRICS_TOKEN = 'cluster-metrics-token-0123456789';
const PRESENCE_STALE_MS = 3000;
const SWEEP_INTERVAL_MS = 300;
const MAX_ACTIVE = 2;
const AGENTS = Number(process.env.CLUSTER_AGENTS ?? 4);
const VISITORS = Number(process.env.CLUSTER_VISITORS ?? 28);
const MESSAGES_PER_VISITOR = Number(process.env.CLUSTER_MESSAGES ?? 4);

// a small seeded generator: a failing run can be replayed with CLUSTER_SEED
const seed = Number(process.env.CLUSTER_SEED ?? Date.now() % 100000);
let state = seed || 1;
const random = () => ((state = (state * 48271) % 2147483647) / 2147483647);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pause = (min, max) => sleep(min + random() * (max - min));

const dbName = `sb_cluster_${process.pid}_${Date.now().toString(36)}`;
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-cluster-'));
let cluster;
let db;
const figures = { seed, node: serverNodeVersion(), chats: 0, messagesAcked: 0, kills: 0, sigterms: 0, retries: 0, lost: 0, doubled: 0 };

async function http(method, url, token, body) {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(cluster.url + url, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      // a request cut by a dying instance (502/503) or refused is tried again, as a client would
      if (res.status >= 502 && attempt < 30) {
        figures.retries++;
        await sleep(500);
        continue;
      }
      const json = res.headers.get('content-type')?.includes('json');
      return { status: res.status, body: json && text ? JSON.parse(text) : text };
    } catch (err) {
      if (attempt >= 30) throw err;
      figures.retries++;
      await sleep(500);
    }
  }
}

const sockets = [];

/** A socket that reconnects through HAProxy, and requests that are sent again until answered. */
function client(namespace, token, polling) {
  const socket = io(cluster.url + namespace, {
    auth: { token },
    transports: polling ? ['polling'] : ['websocket'],
    withCredentials: true, // keeps HAProxy's stickiness cookie (long-polling)
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    forceNew: true,
  });
  sockets.push(socket);
  const ask = async (event, payload) => {
    for (let attempt = 0; attempt < 60; attempt++) {
      if (!socket.connected) await new Promise((r) => socket.once('connect', r));
      try {
        const ack = await socket.timeout(4000).emitWithAck(event, payload);
        if (ack.ok === false && ack.code === 'server_draining') {
          await sleep(200);
          continue;
        }
        return ack;
      } catch {
        // no ack (the instance died or closed the connection): send again once reconnected
      }
    }
    throw new Error(`${event}: no answer after 60 attempts`);
  };
  return { socket, ask };
}

/** On a failure: what the database is doing (lock waits of a stuck instance show here). */
async function diagnose(err) {
  try {
    const [procs] = await db.query("SELECT ID, TIME, STATE, LEFT(INFO, 200) AS info FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND <> 'Sleep'", [dbName]);
    // only this test's database: the server is shared, other runs' transactions are not evidence here
    const [trx] = await db.query(
      `SELECT t.trx_id, t.trx_mysql_thread_id, t.trx_state, t.trx_started, t.trx_wait_started, w.blocking_trx_id, p.COMMAND, LEFT(t.trx_query, 200) AS q
         FROM information_schema.INNODB_TRX t
         JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
         LEFT JOIN information_schema.INNODB_LOCK_WAITS w ON w.requesting_trx_id = t.trx_id
        WHERE p.DB = ?`,
      [dbName],
    );
    console.error(`database at the failure:\n${JSON.stringify({ procs, trx }, null, 1)}\nlogs: ${logDir}`);
  } catch {
    /* the database itself may be the problem */
  }
  throw err;
}

before(async () => {
  buildIfStale(() => {});
  const admin = await mysql.createConnection({ uri: MYSQL });
  await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  db = await mysql.createPool({ uri: `${MYSQL.replace(/\/$/, '')}/${dbName}`, connectionLimit: 2, dateStrings: false, timezone: 'Z' });
  cluster = await startCluster({
    n: 2,
    quiet: true,
    logDir,
    env: {
      DATABASE_URL: `${MYSQL.replace(/\/$/, '')}/${dbName}`,
      REDIS_URL: REDIS,
      JWT_SECRET: 'cluster-test-secret-cluster-test-secret-0123',
      BCRYPT_ROUNDS: '4',
      ADMIN_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      SWEEP_INTERVAL_MS: String(SWEEP_INTERVAL_MS),
      PRESENCE_STALE_MS: String(PRESENCE_STALE_MS),
      SHUTDOWN_TIMEOUT_MS: '10000',
      METRICS_TOKEN,
      VISITOR_RATE_LIMIT_PER_MINUTE: '100000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
      UPLOAD_DIR: path.join(logDir, 'uploads'),
      DATA_DIR: logDir,
      BOOTSTRAP_OWNER_EMAIL: 'owner@cluster.test',
      BOOTSTRAP_OWNER_PASSWORD: 'cluster-owner-password',
    },
  });
});

after(async () => {
  for (const socket of sockets) socket.close();
  await cluster?.close();
  await db?.end();
  const admin = await mysql.createConnection({ uri: MYSQL });
  await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  await admin.end();
});

test('kill -9 and a rolling SIGTERM restart under a randomized workload lose nothing', { timeout: 240_000 }, async () => {
  // ---- the floor: 4 agents with a limit of 2, short deadlines so they fire during the run
  const owner = (await http('POST', '/api/v1/auth/login', null, { email: 'owner@cluster.test', password: 'cluster-owner-password' })).body.accessToken;
  assert.ok(owner, 'owner login');
  const settings = { maxActiveChatsPerAgent: MAX_ACTIVE, offerTimeoutSeconds: 2, transferTimeoutSeconds: 3, assignedInactivitySeconds: 8, waitingInactivitySeconds: 10 };
  assert.equal((await http('PATCH', '/api/v1/organization', owner, settings)).status, 200);
  const agents = [];
  for (let i = 0; i < AGENTS; i++) {
    const email = `agent${i}@cluster.test`;
    assert.equal((await http('POST', '/api/v1/users', owner, { name: `Agent ${i}`, email, password: 'password123', role: 'member' })).status, 201);
    const session = (await http('POST', '/api/v1/auth/login', null, { email, password: 'password123' })).body;
    agents.push({ id: session.user.id, token: session.accessToken });
  }
  const inbox = (await http('POST', '/api/v1/inboxes', owner, { name: 'Website' })).body;
  assert.equal((await http('PUT', `/api/v1/inboxes/${inbox.id}/agents`, owner, { userIds: agents.map((a) => a.id) })).status, 200);

  // ---- capacity is watched from the database during the whole run
  const violations = [];
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const [rows] = await db.query(
        `SELECT t.assigneeId AS agent, COUNT(*) AS n,
                SUM(EXISTS (SELECT 1 FROM transfers r WHERE r.transactionId = t.id AND r.toAgentId = t.assigneeId AND r.status = 'accepted')) AS viaTransfer
           FROM transactions t WHERE t.status IN ('assigning', 'assigned', 'transferring') AND t.assigneeId IS NOT NULL GROUP BY t.assigneeId`,
      );
      // an accepted transfer may take an agent over the limit (docs/transfers.md); automatic offers never may
      for (const r of rows) if (Number(r.n) - Number(r.viaTransfer) > MAX_ACTIVE) violations.push(r);
      await sleep(250);
    }
  })();

  // ---- agents: accept, reject or ignore offers; talk, transfer, complete or leave chats
  let winding = false;
  const agentClients = agents.map((agent, i) => {
    const c = client('/agent', agent.token, i % 2 === 1);
    c.acked = [];
    c.socket.on('chat.offered', async ({ transaction }) => {
      const r = random();
      if (winding || r >= 0.8) return; // let it expire
      if (r >= 0.6) return void (await c.ask('chat.reject', { transactionId: transaction.id }));
      const accepted = await c.ask('chat.accept', { transactionId: transaction.id });
      if (!accepted.ok) return;
      for (let m = 0; m < 1 + Math.floor(random() * 3) && !winding; m++) {
        await pause(200, 600);
        const ack = await c.ask('message.send', { transactionId: transaction.id, clientMessageId: `a-${transaction.id}-${m}`, body: `agent reply ${m}` });
        if (ack.ok) c.acked.push({ id: ack.message.id, transactionId: transaction.id, clientMessageId: `a-${transaction.id}-${m}`, ack: ack.message });
      }
      const next = random();
      if (winding) return;
      if (next < 0.2) {
        const target = agents[(i + 1 + Math.floor(random() * (AGENTS - 1))) % AGENTS];
        await c.ask('transfer.request', { transactionId: transaction.id, toAgentId: target.id });
      } else if (next < 0.6) {
        await c.ask('chat.complete', { transactionId: transaction.id });
      } // else: left to the inactivity deadline
    });
    c.socket.on('transfer.requested', async ({ transfer }) => {
      const r = random();
      if (winding || r >= 0.75) return; // let it expire
      await c.ask(r < 0.5 ? 'transfer.accept' : 'transfer.reject', { transferId: transfer.id });
    });
    return c;
  });
  await Promise.all(agentClients.map((c) => (c.socket.connected ? null : new Promise((r) => c.socket.once('connect', r)))));

  // ---- visitors: start a chat, send messages until each is acked, count what arrives
  const visitors = [];
  const visitorRun = async (v) => {
    await pause(0, 20_000);
    // a start whose answer is lost (its instance killed) is sent again: the key makes it start once
    const started = await http('POST', `/api/v1/visitor/inboxes/${inbox.id}/chats`, null, { name: `Visitor ${v}`, clientChatId: `cluster-${seed}-visitor-${v}` });
    assert.equal(started.status, 201, `chat start: ${JSON.stringify(started.body)}`);
    const visitor = { id: started.body.transaction.id, token: started.body.visitorToken, acked: [], seen: new Map() };
    visitors.push(visitor);
    const c = client('/visitor', visitor.token, v % 3 === 0);
    visitor.client = c;
    c.socket.on('message.new', ({ message }) => visitor.seen.set(message.id, (visitor.seen.get(message.id) ?? 0) + 1));
    for (let m = 0; m < MESSAGES_PER_VISITOR; m++) {
      await pause(300, 1500);
      const ack = await c.ask('message.send', { transactionId: visitor.id, clientMessageId: `v-${visitor.id}-${m}`, body: `visitor message ${m}` });
      if (ack.ok) visitor.acked.push(ack.message.id);
      else if (ack.code === 'transaction_ended') break;
      else assert.fail(`visitor send refused: ${JSON.stringify(ack)}`);
    }
  };
  const workload = Promise.all(Array.from({ length: VISITORS }, (_, v) => visitorRun(v)));

  // ---- faults: kill -9 one process mid-run and restart it, then a rolling SIGTERM restart of both
  await sleep(7000);
  const killed = cluster.instances[0].proc.pid;
  const [before] = await db.query('SELECT COUNT(*) AS n FROM agent_connections WHERE instanceId LIKE ?', [`app1:${killed}:%`]);
  await cluster.stop(0, 'SIGKILL');
  figures.kills++;
  const killedAt = Date.now();
  // the dead process's presence rows go within PRESENCE_STALE_MS (+ one sweep)
  await waitFor('presence of the killed instance swept', async () => {
    const [rows] = await db.query('SELECT COUNT(*) AS n FROM agent_connections WHERE instanceId LIKE ?', [`app1:${killed}:%`]);
    return Number(rows[0].n) === 0;
  }, 30_000).catch(diagnose);
  figures.presenceSweptMs = Date.now() - killedAt;
  figures.presenceRowsOfKilled = Number(before[0].n);
  assert.ok(figures.presenceSweptMs <= PRESENCE_STALE_MS + 4 * SWEEP_INTERVAL_MS + 2000, `presence swept after ${figures.presenceSweptMs} ms`);
  await cluster.start(0);
  // a rolling restart, as an operator does it: the next instance stops once HAProxy sends traffic to the restarted one
  await cluster.haproxySees(0, true);
  for (const i of [1, 0]) {
    const began = Date.now();
    const stopped = await cluster.stop(i, 'SIGTERM');
    figures.sigterms++;
    figures.drainMs = Math.max(figures.drainMs ?? 0, Date.now() - began);
    assert.deepEqual(stopped, { code: 0, signal: null }, `SIGTERM of app${i + 1} exits cleanly`);
    await cluster.start(i);
    await cluster.haproxySees(i, true);
  }
  await workload;

  // ---- wind down: no more answers, so every chat ends by itself (offers and transfers expire, inactivity completes)
  winding = true;
  await waitFor('every chat ended', async () => {
    const [rows] = await db.query("SELECT COUNT(*) AS n FROM transactions WHERE status NOT IN ('ended', 'failed')");
    return Number(rows[0].n) === 0;
  }, 60_000).catch(diagnose);
  watching = false;
  await watcher;

  // ---- after a reconnect, `sync` from the start gives every message once
  for (const v of visitors) {
    const synced = await v.client.ask('sync', { transactionId: v.id });
    assert.equal(synced.ok, true);
    const ids = synced.messages.map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length, 'sync gives each message once');
    for (const id of v.acked) assert.ok(ids.includes(id), `acked visitor message ${id} is in sync`);
    for (const [id, times] of v.seen) assert.equal(times, 1, `message.new ${id} delivered once`);
  }

  // ---- the database
  const chatIds = visitors.map((v) => v.id);
  figures.chats = chatIds.length;
  assert.equal(chatIds.length, VISITORS);
  const [txns] = await db.query('SELECT id, status, endedAt, assigneeId, offerId FROM transactions WHERE id IN (?)', [chatIds]);
  assert.equal(txns.length, chatIds.length, 'no chat lost');
  const [[{ n: inInbox }]] = await db.query('SELECT COUNT(*) AS n FROM transactions WHERE inboxId = ?', [inbox.id]);
  assert.equal(Number(inInbox), VISITORS, 'no chat started twice');
  for (const t of txns) {
    assert.ok(['ended', 'failed'].includes(t.status), `chat ${t.id} ended`);
    assert.ok(t.endedAt, `chat ${t.id} has endedAt`);
    assert.equal(t.offerId, null, `chat ${t.id} holds no offer`);
  }

  const [messages] = await db.query('SELECT id, transactionId, seq, senderType, clientMessageId FROM messages WHERE transactionId IN (?)', [chatIds]);
  const stored = new Set(messages.map((m) => m.id));
  const acked = [...visitors.flatMap((v) => v.acked), ...agentClients.flatMap((c) => c.acked.map((a) => a.id))];
  figures.messagesAcked = acked.length;
  figures.messagesStored = messages.length;
  figures.lost = acked.filter((id) => !stored.has(id)).length;
  const perClientId = new Map();
  for (const m of messages) if (m.clientMessageId) perClientId.set(`${m.transactionId}/${m.senderType}/${m.clientMessageId}`, (perClientId.get(`${m.transactionId}/${m.senderType}/${m.clientMessageId}`) ?? 0) + 1);
  figures.doubled = [...perClientId.values()].filter((n) => n > 1).length;
  if (figures.lost) {
    const lost = agentClients.flatMap((c, i) => c.acked.filter((a) => !stored.has(a.id)).map((a) => ({ agent: i, ...a })));
    const [rows] = await db.query('SELECT id, transactionId, seq, senderType, senderId, clientMessageId, body, createdAt FROM messages WHERE transactionId IN (?) ORDER BY transactionId, seq', [[...new Set(lost.map((l) => l.transactionId))]]);
    const [evs] = await db.query('SELECT transactionId, type, actorType, actorId, data, createdAt FROM transaction_events WHERE transactionId IN (?) ORDER BY createdAt', [[...new Set(lost.map((l) => l.transactionId))]]).catch(() => [[]]);
    console.error(`LOST (acked, not stored): ${JSON.stringify({ visitorsLost: visitors.flatMap((v) => v.acked.filter((id) => !stored.has(id))), lost, rows, evs }, null, 1)}`);
  }
  assert.equal(figures.lost, 0, 'every acked message is stored');
  assert.equal(figures.doubled, 0, 'no message stored twice');
  const seqs = new Map();
  for (const m of messages) seqs.set(m.transactionId, [...(seqs.get(m.transactionId) ?? []), Number(m.seq)]);
  for (const [txn, list] of seqs) assert.deepEqual(list.sort((a, b) => a - b), list.map((_, i) => i + 1), `seq of ${txn} is 1..n`);

  // each deadline fired once: one outcome per offer and per transfer, one ending per chat
  const [events] = await db.query('SELECT transactionId, type, data FROM transaction_events WHERE transactionId IN (?)', [chatIds]);
  const count = (key) => events.reduce((map, e) => {
    const k = key(e);
    if (k) map.set(k, (map.get(k) ?? 0) + 1);
    return map;
  }, new Map());
  const dataOf = (e) => (typeof e.data === 'string' ? JSON.parse(e.data) : e.data) ?? {};
  const offerOutcomes = count((e) => (['accepted', 'offer_rejected', 'offer_expired'].includes(e.type) ? dataOf(e).offerId : null));
  const transferOutcomes = count((e) => (/^transfer_(accepted|rejected|expired|cancelled)$/.test(e.type) ? dataOf(e).transferId : null));
  const endings = count((e) => (e.type === 'ended' || e.type === 'failed' ? e.transactionId : null));
  for (const [offer, n] of offerOutcomes) assert.equal(n, 1, `offer ${offer} settled once`);
  for (const [transfer, n] of transferOutcomes) assert.equal(n, 1, `transfer ${transfer} settled once`);
  for (const id of chatIds) assert.equal(endings.get(id), 1, `chat ${id} ended once`);
  const [offers] = await db.query('SELECT id, status FROM chat_offers WHERE transactionId IN (?)', [chatIds]);
  assert.equal(offers.filter((o) => o.status === 'pending').length, 0, 'no offer left pending');
  for (const o of offers.filter((o) => o.status === 'expired')) assert.equal(offerOutcomes.get(o.id), 1);
  const [transfers] = await db.query('SELECT id, status FROM transfers WHERE transactionId IN (?)', [chatIds]);
  assert.equal(transfers.filter((r) => r.status === 'pending').length, 0, 'no transfer left pending');
  figures.offers = offers.length;
  figures.offersExpired = offers.filter((o) => o.status === 'expired').length;
  figures.offersRejected = offers.filter((o) => o.status === 'rejected').length;
  figures.transfers = transfers.length;
  figures.transfersExpired = transfers.filter((r) => r.status === 'expired').length;
  figures.inactivityEndings = events.filter((e) => (e.type === 'ended' || e.type === 'failed') && /inactivity/.test(dataOf(e).reason ?? '')).length;
  assert.ok(figures.offersExpired > 0 && figures.inactivityEndings > 0, 'deadlines fired during the run');
  assert.deepEqual(violations, [], 'no agent above capacity');

  // ---- each instance's /metrics parses; the counters (since the last restart) moved on the cluster
  let answered = 0;
  for (let i = 0; i < 2; i++) {
    const res = await fetch(`${cluster.instanceUrl(i)}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(res.status, 200);
    const families = new Map(parsePrometheus(await res.text()).map((f) => [f.name, f]));
    const sum = (name) => (families.get(name)?.metrics ?? []).reduce((n, m) => n + Number(m.value ?? 0), 0);
    assert.equal(sum('switchboard_chats'), figures.chats, `app${i + 1} reports every chat by status`);
    answered += sum('switchboard_socket_requests_total');
  }
  assert.ok(answered > 0, 'socket requests counted');
  console.log(`cluster figures: ${JSON.stringify(figures)}`);
  if (process.env.CLUSTER_REPORT) fs.writeFileSync(process.env.CLUSTER_REPORT, JSON.stringify(figures, null, 2));
});

test('a file uploaded through one instance downloads through the other (shared UPLOAD_DIR)', async () => {
  const owner = (await http('POST', '/api/v1/auth/login', null, { email: 'owner@cluster.test', password: 'cluster-owner-password' })).body.accessToken;
  const inbox = (await http('POST', '/api/v1/inboxes', owner, { name: 'Files' })).body;
  const started = await http('POST', `/api/v1/visitor/inboxes/${inbox.id}/chats`, null, { name: 'Uploader' });
  assert.equal(started.status, 201);
  const bytes = `order 4711\nshipped twice, charged once\n${'x'.repeat(2000)}\n`;
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'text/plain' }), 'order.txt');
  const upload = await fetch(`${cluster.instanceUrl(0)}/api/v1/visitor/chats/${started.body.transaction.id}/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${started.body.visitorToken}` },
    body: form,
  });
  assert.equal(upload.status, 201, await upload.clone().text());
  const [file] = (await upload.json()).attachments;
  const download = await fetch(`${cluster.instanceUrl(1)}/api/v1/files/${file.id}`, { headers: { authorization: `Bearer ${started.body.visitorToken}` } });
  assert.equal(download.status, 200);
  assert.equal(await download.text(), bytes);
});
