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
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { benchArgs } from './server.mjs';
import { dt, startSeededServer, uuid7 } from './seeded.mjs';

const { opt } = benchArgs();
const arg = (name, fallback) => opt(`--${name}`, fallback);
const CHATS = Number(arg('chats', 100_000));
const DB = arg('db', 'sqlite');
const DAYS = Number(arg('days', 90));
const RUNS = Number(arg('runs', 7));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const server = await startSeededServer({ db: DB, tag: 'reports' });
try {
  const { user, agent, call } = server;
  const inboxes = [];
  for (const name of ['Sales', 'Support', 'Billing']) inboxes.push(await call('POST', '/inboxes', { name }));

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
  await server.insert(tables, { analyze: ['transactions', 'transfers'] });
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
      body = await call('GET', p);
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
  await server.stop();
}
