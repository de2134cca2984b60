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
import { spawn, spawnSync } from 'node:child_process';
import { buildIfStale, ENTRY } from '../scripts/build-if-stale.mjs';
import { SERVER_NODE_FLAGS } from '../scripts/server-node.mjs';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../scripts/free-port.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const CHATS = Number(arg('chats', 100_000));
const DB = arg('db', 'sqlite');
/** Optional cap of the server's V8 old space in MB (`--heap 96`): a flat-memory export must finish under it. */
const HEAP = arg('heap', '');
const entry = ENTRY;
buildIfStale();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rssMb = (pid) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};
/** Time-ordered ids like the server's (UUIDv7 layout: 48-bit ms timestamp, version 7). */
let lastMs = 0;
let seq = 0;
const uuid7 = (ms) => {
  seq = ms === lastMs ? seq + 1 : 0;
  lastMs = ms;
  const hex = ms.toString(16).padStart(12, '0') + '7' + seq.toString(16).padStart(3, '0').slice(-3) + randomBytes(8).toString('hex');
  const v = (parseInt(hex[16], 16) & 0x3) | 0x8;
  const h = hex.slice(0, 16) + v.toString(16) + hex.slice(17, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};
const dt = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

// ── database ────────────────────────────────────────────────────────────────
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-bench-'));
let env = { DATA_DIR: dataDir };
let mysqlDb;
let cleanupDb = async () => {};
if (DB === 'mysql') {
  const mysql = (await import('mysql2/promise')).default;
  const base = (process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/$/, '');
  mysqlDb = `sb_bench_${process.pid}`;
  const c = await mysql.createConnection(base);
  await c.query(`CREATE DATABASE \`${mysqlDb}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await c.end();
  env = { ...env, DATABASE_URL: `${base}/${mysqlDb}` };
  cleanupDb = async () => {
    const d = await mysql.createConnection(base);
    await d.query(`DROP DATABASE IF EXISTS \`${mysqlDb}\``);
    await d.end();
  };
}

// ── server ──────────────────────────────────────────────────────────────────
const port = await freePort();
const owner = { email: 'bench@example.test', password: 'bench-password-1' };
const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...(HEAP ? [`--max-old-space-size=${HEAP}`] : []), entry], {
  env: {
    ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', JWT_SECRET: randomBytes(24).toString('hex'), ADMIN_ENABLED: 'false',
    LOG_LEVEL: 'warn', BOOTSTRAP_OWNER_EMAIL: owner.email, BOOTSTRAP_OWNER_PASSWORD: owner.password, NODE_ENV: 'production',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
const call = async (method, p, body, token) => {
  const res = await fetch(`${base}/api/v1${p}`, {
    method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body && JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
  return res.json();
};
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {}
    if (i > 300) throw new Error('server did not start');
    await sleep(100);
  }
  const { accessToken: token, user } = await call('POST', '/auth/login', owner);
  await call('PATCH', '/organization', { contactCenterLicense: true }, token);
  const agent = await call('POST', '/users', { name: 'Bench Agent', email: 'agent@example.test', password: 'bench-password-1', role: 'member' }, token);
  const inbox = await call('POST', '/inboxes', { name: 'Bench, "inbox"' }, token);

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
  if (DB === 'mysql') {
    const mysql = (await import('mysql2/promise')).default;
    const c = await mysql.createConnection(env.DATABASE_URL);
    for (const [table, cols, rows] of tables) {
      for (let i = 0; i < rows.length; i += 2000) await c.query(`INSERT INTO \`${table}\` (${cols.map((x) => `\`${x}\``).join(',')}) VALUES ?`, [rows.slice(i, i + 2000)]);
    }
    await c.end();
  } else {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path.join(dataDir, 'switchboard.sqlite'));
    db.pragma('busy_timeout = 10000');
    for (const [table, cols, rows] of tables) {
      const stmt = db.prepare(`INSERT INTO "${table}" (${cols.map((x) => `"${x}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})`);
      db.transaction((all) => all.forEach((r) => stmt.run(r)))(rows);
    }
    db.close();
  }
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
    http.get(`${base}/api/v1/exports/transactions.csv`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
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
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await cleanupDb();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
