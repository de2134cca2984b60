#!/usr/bin/env node
// Benchmark of the supervisor's figures: seeds N chats (default 100,000) spread
// over D days (default 90) and three inboxes into a fresh database (ended,
// failed, some transferred, some still waiting or assigned), runs the built
// server as its own process and times GET /reports/summary (whole period, one
// month, one inbox) and GET /reports/live: median and worst of R runs each.
//
//   node bench/reports.mjs                         embedded SQLite
//   node bench/reports.mjs --db mysql              MariaDB/MySQL (BENCH_MYSQL_URL)
//   node bench/reports.mjs --chats 200000 --days 180 --runs 11
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
const DAYS = Number(arg('days', 90));
const RUNS = Number(arg('runs', 7));
const HEAP = '';
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
  const inboxes = [];
  for (const name of ['Sales', 'Support', 'Billing']) inboxes.push(await call('POST', '/inboxes', { name }, token));

  // ── seed ──────────────────────────────────────────────────────────────────
  const t0 = Date.now();
  const end = Math.floor(Date.now() / 86_400_000) * 86_400_000;
  const start = end - DAYS * 86_400_000;
  const step = Math.floor((DAYS * 86_400_000) / CHATS);
  const customers = [];
  const txns = [];
  const transfers = [];
  for (let i = 0; i < CHATS / 10; i++) customers.push([randomUUID(), user.organizationId, `Customer ${i}`, `c${i}@bench.test`, `+1555${String(i).padStart(6, '0')}`, dt(start)]);
  for (let i = 0; i < CHATS; i++) {
    const created = start + i * step;
    const inbox = inboxes[i % 3].id;
    const missed = i % 7 === 0;
    const open = i >= CHATS - 30;
    const wait = 5_000 + ((i * 7919) % 240_000);
    const accepted = created + wait;
    const ended = accepted + 60_000 + ((i * 104729) % 1_800_000);
    const id = uuid7(created);
    const c = customers[Math.floor(i / 10)][0];
    const status = open ? (i % 2 ? 'waiting' : 'assigned') : missed ? 'failed' : 'ended';
    const handled = status === 'ended' || status === 'assigned';
    txns.push([
      id, user.organizationId, inbox, c, status, handled ? agent.id : null, dt(created), dt(created),
      handled ? dt(accepted) : null, handled ? dt(accepted) : null, status === 'ended' || status === 'failed' ? dt(handled ? ended : created + 300_000) : null,
      status === 'ended' ? 'agent' : status === 'failed' ? 'visitor' : null, status === 'ended' ? agent.id : status === 'failed' ? c : null,
      status === 'ended' ? 'agent_completed' : status === 'failed' ? 'visitor_left' : null, 3, dt(created), dt(created),
    ]);
    if (handled && i % 10 === 3) {
      transfers.push([randomUUID(), user.organizationId, id, inbox, agent.id, agent.id, agent.id, null, 'accepted', dt(accepted + 30_000), dt(accepted + 40_000)]);
    }
  }
  const tables = [
    ['customers', ['id', 'organizationId', 'name', 'email', 'phone', 'createdAt'], customers],
    ['transactions', ['id', 'organizationId', 'inboxId', 'customerId', 'status', 'assigneeId', 'lastActivityAt', 'queuedAt', 'firstAssignedAt', 'assignedAt', 'endedAt', 'endedByType', 'endedById', 'endReason', 'messageSeq', 'createdAt', 'updatedAt'], txns],
    ['transfers', ['id', 'organizationId', 'transactionId', 'fromInboxId', 'fromAgentId', 'requestedById', 'toAgentId', 'toInboxId', 'status', 'createdAt', 'answeredAt'], transfers],
  ];
  if (DB === 'mysql') {
    const mysql = (await import('mysql2/promise')).default;
    const c = await mysql.createConnection(env.DATABASE_URL);
    for (const [table, cols, rows] of tables) {
      for (let i = 0; i < rows.length; i += 2000) await c.query(`INSERT INTO \`${table}\` (${cols.map((x) => `\`${x}\``).join(',')}) VALUES ?`, [rows.slice(i, i + 2000)]);
    }
    await c.query('ANALYZE TABLE transactions, transfers');
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
  console.log(`seeded ${CHATS} chats over ${DAYS} days on ${DB} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // ── measure ───────────────────────────────────────────────────────────────
  await sleep(500);
  const iso = (ms) => new Date(ms).toISOString();
  const cases = [
    ['summary, whole period, all inboxes', `/reports/summary?from=${iso(start)}&to=${iso(end + 86_400_000)}`],
    ['summary, last 30 days, all inboxes', `/reports/summary?from=${iso(end - 29 * 86_400_000)}&to=${iso(end + 86_400_000)}`],
    ['summary, whole period, one inbox', `/reports/summary?from=${iso(start)}&to=${iso(end + 86_400_000)}&inboxId=${inboxes[0].id}`],
    ['live overview', '/reports/live'],
  ];
  const results = [];
  for (const [name, p] of cases) {
    const times = [];
    let body;
    for (let r = 0; r < RUNS; r++) {
      const began = performance.now();
      body = await call('GET', p, undefined, token);
      times.push(performance.now() - began);
    }
    times.sort((a, b) => a - b);
    const row = { case: name, medianMs: +times[Math.floor(times.length / 2)].toFixed(1), worstMs: +times[times.length - 1].toFixed(1) };
    if (body.totals) row.chatsCounted = body.totals.chatsStarted;
    results.push(row);
    console.log(JSON.stringify(row));
  }
  const result = { db: DB, chats: CHATS, days: DAYS, runs: RUNS, node: process.version, cpus: os.cpus().length, results };
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(`bench/results/reports-${DB}.json`, JSON.stringify(result, null, 2) + '\n');
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await cleanupDb();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
