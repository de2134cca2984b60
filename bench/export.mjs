#!/usr/bin/env node
// Benchmark of the CSV export: seeds N completed chats (default 100,000) into a
// fresh database, runs the built server as its own process, downloads
// GET /exports/transactions.csv and reports time to first byte, total time,
// throughput and the server's resident memory (sampled from /proc) while it streams.
//
//   node bench/export.mjs                       embedded SQLite, 100,000 chats
//   node bench/export.mjs --chats 200000
//   BENCH_MYSQL_URL=mysql://root@127.0.0.1:3306 node bench/export.mjs --db mysql
//
// Needs the build (`npm run build`); it builds once if dist/ is missing.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { benchArgs } from './server.mjs';
import { dt, rssMb, startSeededServer, uuid7 } from './seeded.mjs';

const { opt } = benchArgs();
const arg = (name, fallback) => opt(`--${name}`, fallback);
const CHATS = Number(arg('chats', 100_000));
const DB = arg('db', 'sqlite');
/** Optional cap of the server's V8 old space in MB (`--heap 96`): a flat-memory export must finish under it. */
const HEAP = arg('heap', '');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const server = await startSeededServer({ db: DB, tag: 'export', nodeArgs: HEAP ? [`--max-old-space-size=${HEAP}`] : [] });
try {
  const { token, user, agent } = server;
  const inbox = await server.call('POST', '/inboxes', { name: 'Bench, "inbox"' });

  // ── seed ──────────────────────────────────────────────────────────────────
  const t0 = Date.now();
  const start = Date.now() - CHATS * 60_000;
  const customers = [];
  const txns = [];
  const events = [];
  for (let i = 0; i < CHATS / 10; i++) customers.push([randomUUID(), user.organizationId, `Customer ${i}, "bench" ☎`, `c${i}@bench.test`, `+1555${String(i).padStart(6, '0')}`, dt(start)]);
  for (let i = 0; i < CHATS; i++) {
    const created = start + i * 60_000;
    const handled = i % 2 === 0;
    const id = uuid7(created);
    const c = customers[Math.floor(i / 10)][0];
    txns.push([
      id, user.organizationId, inbox.id, c, handled ? 'ended' : 'failed', handled ? agent.id : null, dt(created + 50_000), dt(created),
      handled ? dt(created + 20_000) : null, handled ? dt(created + 20_000) : null, dt(created + 50_000), handled ? 'agent' : 'visitor',
      handled ? agent.id : c, handled ? 'agent_completed' : 'visitor_left', 3, dt(created), dt(created + 50_000),
    ]);
    if (handled) events.push([uuid7(created + 20_000), id, 'accepted', 'agent', agent.id, null, dt(created + 20_000)]);
  }
  const tables = [
    ['customers', ['id', 'organizationId', 'name', 'email', 'phone', 'createdAt'], customers],
    ['transactions', ['id', 'organizationId', 'inboxId', 'customerId', 'status', 'assigneeId', 'lastActivityAt', 'queuedAt', 'firstAssignedAt', 'assignedAt', 'endedAt', 'endedByType', 'endedById', 'endReason', 'messageSeq', 'createdAt', 'updatedAt'], txns],
    ['transaction_events', ['id', 'transactionId', 'type', 'actorType', 'actorId', 'data', 'createdAt'], events],
  ];
  await server.insert(tables);
  console.log(`seeded ${CHATS} chats on ${DB} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // ── export ────────────────────────────────────────────────────────────────
  await sleep(1000);
  const idle = rssMb(server.pid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 20);
  const began = Date.now();
  let firstByte = 0;
  let bytes = 0;
  let lines = 0;
  await new Promise((resolve, reject) => {
    http.get(`${server.url}/api/v1/exports/transactions.csv`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`export: ${res.statusCode}`));
      res.on('data', (chunk) => {
        if (!firstByte) firstByte = Date.now() - began;
        bytes += chunk.length;
        for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
      });
      res.on('end', resolve);
      res.on('error', reject);
    }).on('error', reject);
  });
  const total = Date.now() - began;
  clearInterval(sampler);
  const result = {
    db: DB, chats: CHATS, csvBytes: bytes, csvLines: lines, timeToFirstByteMs: firstByte, totalMs: total,
    rowsPerSecond: Math.round(CHATS / (total / 1000)), serverRssIdleMb: +idle.toFixed(1), serverRssPeakMb: +peak.toFixed(1),
    serverRssGrowthMb: +(peak - idle).toFixed(1), serverOldSpaceCapMb: HEAP ? Number(HEAP) : null, node: process.version,
  };
  console.log(JSON.stringify(result, null, 2));
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(`bench/results/export-${DB}.json`, JSON.stringify(result, null, 2) + '\n');
} finally {
  await server.stop();
}
