#!/usr/bin/env node
// Load benchmark of the chat message path: visitor `message.send` → stored →
// ack, and `message.new` to the assigned agent. `npm run bench:load`.
//
// In one invocation it measures, with the same client code:
//   1. the bare Socket.IO relay (bench/bare-relay.mjs): the reference;
//   2. Switchboard itself (dist/src/main.js, built when missing or stale) on a
//      fresh MySQL/MariaDB database that is dropped at the end;
// each in two modes:
//   closed loop  every visitor sends K messages, the next one after the ack;
//   fixed rate   R messages/s spread over the visitors for D seconds, without
//                waiting for acks (acks and errors are counted).
// Latency = agent receives `message.new` − visitor emits `message.send`, both
// taken in this process with performance.now(). Raw figures go to
// bench/results/load-<timestamp>.json.
//
//   npm run bench:load -- --chats 50 --agents 10 --messages 40 --rate 1000 --duration 5
//   node bench/load.mjs --help
import { spawn, spawnSync } from 'node:child_process';
import { buildIfStale, ENTRY } from '../scripts/build-if-stale.mjs';
import { SERVER_NODE_FLAGS } from '../scripts/server-node.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import { io } from 'socket.io-client';
import { freePort } from '../scripts/free-port.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

// ───────────────────────────── parameters ─────────────────────────────

const OPTIONS = {
  chats: { env: 'BENCH_CHATS', def: 50, help: 'concurrent chats (visitor sockets), N' },
  agents: { env: 'BENCH_AGENTS', def: 10, help: 'agents (agent sockets), M' },
  messages: { env: 'BENCH_MESSAGES', def: 200, help: 'closed loop: messages per visitor, K' },
  warmup: { env: 'BENCH_WARMUP', def: 20, help: 'closed-loop messages per visitor before measuring (not counted)' },
  rate: { env: 'BENCH_RATE', def: 1000, help: 'fixed rate: messages per second over all visitors, R' },
  duration: { env: 'BENCH_DURATION', def: 5, help: 'fixed rate: seconds of sending, D' },
  body: { env: 'BENCH_BODY_BYTES', def: 64, help: 'message body length in characters' },
  timeout: { env: 'BENCH_ACK_TIMEOUT_MS', def: 10000, help: 'ack / delivery timeout per message, ms' },
  only: { env: 'BENCH_ONLY', def: 'both', help: 'both | product | bare' },
};
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

function parseArgs(argv) {
  const out = {};
  for (const [k, o] of Object.entries(OPTIONS)) out[k] = process.env[o.env] ?? o.def;
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    if (a === '--help' || a === '-h') {
      console.log('node bench/load.mjs [options]   (npm run bench:load -- [options])\n');
      for (const [k, o] of Object.entries(OPTIONS)) console.log(`  --${k.padEnd(9)} ${String(o.def).padEnd(6)} ${o.help} (env ${o.env})`);
      console.log('  BENCH_SERVER_NODE_ARGS  extra node flags for the server process (e.g. --prof)');
      console.log(`  BENCH_MYSQL_URL  server to create the throw-away database on (default ${'mysql://root@127.0.0.1:3306'})`);
      process.exit(0);
    }
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    a = a.slice(2);
    let value;
    if (a.includes('=')) [a, value] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
    else value = argv[++i];
    if (!(a in OPTIONS)) throw new Error(`unknown option --${a} (see --help)`);
    if (value === undefined) throw new Error(`--${a} needs a value`);
    out[a] = value;
  }
  for (const k of Object.keys(OPTIONS)) {
    if (k === 'only') continue;
    out[k] = Number(out[k]);
    if (!Number.isFinite(out[k]) || out[k] < 0 || (k !== 'warmup' && out[k] === 0)) throw new Error(`--${k} must be a positive number`);
  }
  if (!['both', 'product', 'bare'].includes(out.only)) throw new Error('--only must be both, product or bare');
  if (out.agents > out.chats) throw new Error('--agents must not exceed --chats');
  return out;
}

const P = parseArgs(process.argv.slice(2));
const maskedUrl = MYSQL_URL.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
const COMMAND = [
  process.env.BENCH_MYSQL_URL ? `BENCH_MYSQL_URL=${maskedUrl}` : null,
  'node bench/load.mjs',
  ...Object.keys(OPTIONS).map((k) => `--${k} ${P[k]}`),
].filter(Boolean).join(' ');

// ───────────────────────────── cleanup ─────────────────────────────

const cleanups = [];
let cleaning = null;
function cleanup() {
  cleaning ??= (async () => {
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error(`cleanup: ${err.message}`);
      }
    }
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`\n${sig}: stopping child processes and dropping the database…`);
    cleanup().finally(() => process.exit(130));
  });
}

// ───────────────────────────── helpers ─────────────────────────────

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 23)}]`, ...a);

/** Spawns a child whose output is kept (last 200 lines) for error reports; registered for cleanup. */
function startChild(name, args, env) {
  const childEnv = { ...process.env, ...env };
  for (const k of Object.keys(childEnv)) if (childEnv[k] === undefined) delete childEnv[k];
  const child = spawn(process.execPath, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  const keep = (buf) => {
    for (const line of String(buf).split('\n')) if (line.trim()) tail.push(line);
    if (tail.length > 200) tail.splice(0, tail.length - 200);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let stopping = false;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    stopping = true;
    child.kill('SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(8000).then(() => false)]);
    if (!done) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  cleanups.push(stop);
  return { name, child, tail, exited, stop, get stopping() { return stopping; } };
}

/** Resolves once `check` is true; fails early when the child dies. */
async function waitFor(what, check, proc, ms = 60000) {
  const end = Date.now() + ms;
  let died = false;
  proc?.exited.then(() => (died = true));
  while (Date.now() < end) {
    if (died) throw new Error(`${proc.name} exited while waiting for ${what}:\n  ${proc.tail.slice(-30).join('\n  ')}`);
    if (await check().catch(() => false)) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}${proc ? `; ${proc.name} said:\n  ${proc.tail.slice(-30).join('\n  ')}` : ''}`);
}

/** CPU time (ms) used so far by a process, from /proc (Linux); null elsewhere. */
function cpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, at USER_HZ = 100
  } catch {
    return null;
  }
}

/** CPU time (ms) spent by the whole machine, all cores, not idle; null off Linux. */
function machineBusyMs() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
    return ((user + nice + system + irq + softirq + steal) * 1000) / 100;
  } catch {
    return null;
  }
}

/** The MariaDB/MySQL server process on this machine, if there is one (to report its CPU use). */
function findDbPid() {
  try {
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const comm = fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim();
        if (comm === 'mariadbd' || comm === 'mysqld') return Number(d);
      } catch {}
    }
  } catch {}
  return null;
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
function summarize(values) {
  const s = Float64Array.from(values).sort();
  const r3 = (x) => (x === null ? null : Math.round(x * 1000) / 1000);
  return {
    count: s.length,
    mean: r3(s.length ? s.reduce((a, b) => a + b, 0) / s.length : null),
    p50: r3(percentile(s, 50)), p90: r3(percentile(s, 90)), p99: r3(percentile(s, 99)), p999: r3(percentile(s, 99.9)), max: r3(s.length ? s[s.length - 1] : null),
  };
}

function connect(url, namespace, token) {
  return new Promise((resolve, reject) => {
    const socket = io(url + namespace, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(new Error(`${namespace} connect_error: ${err.message}`));
    });
  });
}

async function http(base, method, p, body, token) {
  const res = await fetch(base + p, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 300)}`);
  return json;
}

/** Runs `fn` over items with at most `n` at a time. */
async function pool(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

// ───────────────────────────── the load (same for both targets) ─────────────────────────────

/**
 * A prepared target: `visitors[i] = {socket, transactionId}`, `agents[j] = socket`,
 * every chat assigned to one of the agents. The driver listens for `message.new`
 * on every agent socket and matches on `clientMessageId`.
 */
class Driver {
  constructor(target) {
    this.target = target;
    this.pending = new Map(); // clientMessageId → {sentAt, scheduledAt}
    this.onDelivery = null;
    this.unknown = 0;
    for (const agent of target.agents) {
      agent.on('message.new', ({ message }) => {
        const t = performance.now();
        const p = this.pending.get(message?.clientMessageId);
        if (!p) {
          this.unknown++;
          return;
        }
        this.pending.delete(message.clientMessageId);
        p.deliveredAt = t;
        this.onDelivery?.(p);
      });
    }
    this.seq = 0;
    this.body = 'x'.repeat(P.body);
  }

  /** Sends one message; resolves with its record once acked (or failed). Delivery is recorded separately. */
  send(visitor, scheduledAt, run) {
    const id = `${run.tag}-${++this.seq}`;
    const rec = { id, scheduledAt, sentAt: 0, ackAt: null, deliveredAt: null, error: null };
    this.pending.set(id, rec);
    run.records.push(rec);
    rec.sentAt = performance.now();
    return visitor.socket
      .timeout(P.timeout)
      .emitWithAck('message.send', { transactionId: visitor.transactionId, clientMessageId: id, body: this.body })
      .then(
        (ack) => {
          rec.ackAt = performance.now();
          if (!ack?.ok) rec.error = `nack:${ack?.code ?? 'unknown'}`;
          return rec;
        },
        (err) => {
          rec.error = err?.message?.includes('timed out') || err?.message?.includes('timeout') ? 'ack_timeout' : `ack_error:${err?.message}`;
          return rec;
        },
      );
  }

  /** Waits until every message of the run that was acked OK has been delivered (or the timeout passes). */
  async drain(run) {
    const end = performance.now() + P.timeout;
    const open = () => run.records.filter((r) => r.deliveredAt === null && !r.error).length;
    while (open() > 0 && performance.now() < end) await sleep(5);
    for (const r of run.records) {
      if (r.deliveredAt === null) {
        this.pending.delete(r.id);
        if (!r.error) r.error = 'not_delivered';
      }
    }
  }

  async closedLoop(tag, perVisitor) {
    const run = { tag, records: [] };
    const t0 = performance.now();
    await Promise.all(this.target.visitors.map(async (v) => {
      for (let i = 0; i < perVisitor; i++) {
        const rec = await this.send(v, performance.now(), run);
        if (rec.error === 'ack_timeout') break;
      }
    }));
    await this.drain(run);
    return { run, t0 };
  }

  async fixedRate(tag, rate, seconds) {
    const run = { tag, records: [] };
    const total = Math.round(rate * seconds);
    const visitors = this.target.visitors;
    const acks = [];
    let sent = 0;
    let maxBurst = 0;
    const t0 = performance.now();
    await new Promise((resolve) => {
      const tick = () => {
        const now = performance.now();
        const due = Math.min(total, Math.floor(((now - t0) / 1000) * rate) + 1);
        maxBurst = Math.max(maxBurst, due - sent);
        while (sent < due) {
          const scheduledAt = t0 + (sent * 1000) / rate;
          acks.push(this.send(visitors[sent % visitors.length], scheduledAt, run));
          sent++;
        }
        if (sent >= total) resolve();
        else setTimeout(tick, Math.max(0, t0 + (sent * 1000) / rate - performance.now()));
      };
      tick();
    });
    const sendEnd = performance.now();
    await Promise.all(acks);
    await this.drain(run);
    return { run, t0, sendEnd, maxBurst };
  }
}

function report(kind, { run, t0, sendEnd, maxBurst }, extra = {}) {
  const recs = run.records;
  const delivered = recs.filter((r) => r.deliveredAt !== null);
  const acked = recs.filter((r) => r.ackAt !== null && !r.error?.startsWith('nack'));
  const lastDelivery = delivered.reduce((m, r) => Math.max(m, r.deliveredAt), t0);
  const lastAck = acked.reduce((m, r) => Math.max(m, r.ackAt), t0);
  const wallMs = Math.max(lastDelivery, lastAck) - t0;
  const errors = {};
  for (const r of recs) if (r.error) errors[r.error] = (errors[r.error] ?? 0) + 1;
  const out = {
    mode: kind,
    sent: recs.length,
    acked: acked.length,
    delivered: delivered.length,
    errors: recs.filter((r) => r.error).length,
    errorKinds: errors,
    wallMs: Math.round(wallMs),
    msgsPerSec: Math.round((delivered.length / wallMs) * 1000),
    latencyMs: summarize(delivered.map((r) => r.deliveredAt - r.sentAt)),
    ackMs: summarize(acked.map((r) => r.ackAt - r.sentAt)),
    ...extra,
  };
  const c = extra.counters;
  if (c?.machineCpuMs !== undefined) {
    const ours = (c.serverCpuMs ?? 0) + (c.clientCpuMs ?? 0) + (c.dbCpuMs ?? 0);
    out.otherProcessesCpuShare = Math.max(0, Math.round(((c.machineCpuMs - ours) / (wallMs * os.cpus().length)) * 100) / 100);
    out.benchCpuShare = Math.round((ours / (wallMs * os.cpus().length)) * 100) / 100;
  }
  if (kind === 'fixed') {
    out.targetRate = P.rate;
    out.sendRate = Math.round((recs.length / (sendEnd - t0)) * 1000);
    out.maxBurst = maxBurst;
    out.latencyFromScheduleMs = summarize(delivered.map((r) => r.deliveredAt - r.scheduledAt));
  }
  return out;
}

/** Runs both modes against a prepared target; `probe()` samples counters (CPU, DB status) around each phase. */
async function runModes(name, target, probe) {
  const driver = new Driver(target);
  if (P.warmup) {
    log(`${name}: warm-up, ${P.warmup} message(s) per visitor`);
    await driver.closedLoop(`${name}-w`, P.warmup);
  }
  const results = {};
  log(`${name}: closed loop, ${P.chats} visitors × ${P.messages} messages`);
  let before = await probe();
  const closed = await driver.closedLoop(`${name}-c`, P.messages);
  results.closed = report('closed', closed, { counters: diff(before, await probe(), closed.run.records.length) });
  await sleep(500);
  log(`${name}: fixed rate, ${P.rate} msg/s for ${P.duration} s`);
  before = await probe();
  const fixed = await driver.fixedRate(`${name}-f`, P.rate, P.duration);
  results.fixed = report('fixed', fixed, { counters: diff(before, await probe(), fixed.run.records.length) });
  if (driver.unknown) results.unmatchedDeliveries = driver.unknown;
  return results;
}

function diff(a, b, messages) {
  const out = {};
  for (const k of Object.keys(b)) {
    if (a[k] === null || b[k] === null || a[k] === undefined) continue;
    const d = b[k] - a[k];
    out[k] = Math.round(d * 100) / 100;
    out[`${k}PerMsg`] = Math.round((d / messages) * 1000) / 1000;
  }
  return out;
}

// ───────────────────────────── the bare relay ─────────────────────────────

async function runBare() {
  log('bare relay: starting bench/bare-relay.mjs');
  const relay = startChild('bare relay', ['bench/bare-relay.mjs'], { PORT: '0', HOST: '127.0.0.1' });
  let port = null;
  relay.child.stdout.on('data', (b) => {
    const m = /"port":\s*(\d+)/.exec(String(b));
    if (m) port = Number(m[1]);
  });
  await waitFor('the bare relay to listen', async () => port !== null, relay, 15000);
  const url = `http://127.0.0.1:${port}`;
  const sockets = [];
  try {
    const agents = await pool(Array.from({ length: P.agents }, (_, j) => `agent-${j}`), 20, (id) => connect(url, '/agent', id));
    sockets.push(...agents);
    const visitors = await pool(Array.from({ length: P.chats }, (_, i) => `chat-${i}`), 20, async (transactionId, i) => {
      const socket = await connect(url, '/visitor', transactionId);
      sockets.push(socket);
      const ack = await agents[i % agents.length].timeout(5000).emitWithAck('chat.accept', { transactionId });
      if (!ack?.ok) throw new Error(`bare relay refused chat.accept: ${JSON.stringify(ack)}`);
      return { socket, transactionId };
    });
    const probe = async () => ({ serverCpuMs: cpuMs(relay.child.pid), clientCpuMs: cpuNow(), machineCpuMs: machineBusyMs() });
    return await runModes('bare', { agents, visitors }, probe);
  } finally {
    for (const s of sockets) s.close();
    await relay.stop();
  }
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

// ───────────────────────────── Switchboard ─────────────────────────────

async function runProduct(meta) {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 17);
  const dbName = `sb_bench_${stamp}`;
  const admin = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 5000 });
  cleanups.push(() => admin.end().catch(() => undefined));
  const [[{ v }]] = await admin.query('SELECT VERSION() AS v');
  meta.database = v;
  const vars = Object.fromEntries((await admin.query(
    "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('innodb_flush_log_at_trx_commit','sync_binlog','log_bin','innodb_buffer_pool_size','transaction_isolation','tx_isolation')",
  ))[0].map((r) => [r.Variable_name, r.Value]));
  meta.databaseSettings = vars;
  await admin.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  log(`product: database ${dbName} created on ${maskedUrl} (${v})`);
  cleanups.push(async () => {
    await admin.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    log(`product: database ${dbName} dropped`);
  });

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server, e.g. `--prof --logfile=/tmp/sb.log` to profile it
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const server = startChild('switchboard', [...SERVER_NODE_FLAGS, ...nodeArgs, '--enable-source-maps', ENTRY], {
    DATABASE_URL: `${MYSQL_URL.replace(/\/$/, '')}/${dbName}`,
    JWT_SECRET: `bench-${stamp}-0123456789abcdefghijklmnopqrstuvwxyz`,
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_ENABLED: 'false',
    LOG_LEVEL: 'warn',
    BCRYPT_ROUNDS: '4',
    VISITOR_RATE_LIMIT_PER_MINUTE: '100000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    NODE_ENV: 'production',
    REDIS_URL: undefined, // one instance, no Redis adapter
  });
  log(`product: starting dist/src/main.js on port ${port}`);
  await waitFor('GET /health', async () => (await fetch(`${base}/health`)).ok, server, 90000);

  const sockets = [];
  try {
    const api = (m, p, body, token) => http(`${base}/api/v1`, m, p, body, token);
    const password = 'bench-password-123';
    const signup = await api('POST', '/auth/signup', { organizationName: `Bench ${stamp}`, name: 'Bench Owner', email: `owner-${stamp}@bench.test`, password });
    const owner = signup.accessToken;
    await api('PATCH', '/organization', { maxActiveChatsPerAgent: Math.max(3, P.chats) }, owner);
    const agents = await pool(Array.from({ length: P.agents }, (_, j) => j), 5, async (j) => {
      const email = `agent-${j}-${stamp}@bench.test`;
      const user = await api('POST', '/users', { name: `Agent ${j}`, email, password, role: 'member' }, owner);
      const login = await api('POST', '/auth/login', { email, password });
      return { id: user.id, token: login.accessToken };
    });
    const inbox = await api('POST', '/inboxes', { name: 'Bench inbox' }, owner);
    await api('PUT', `/inboxes/${inbox.id}/agents`, { userIds: agents.map((a) => a.id) }, owner);

    // agents online, accepting every offer
    const assigned = new Set();
    const acceptErrors = [];
    const agentSockets = await pool(agents, 10, async (a) => {
      const socket = await connect(base, '/agent', a.token);
      sockets.push(socket);
      socket.on('chat.offered', ({ transaction }) => {
        socket.timeout(10000).emitWithAck('chat.accept', { transactionId: transaction.id }).then(
          (ack) => (ack?.ok && ack.transaction?.status === 'assigned' ? assigned.add(transaction.id) : acceptErrors.push(ack)),
          (err) => acceptErrors.push(err.message),
        );
      });
      await waitFor('the agent to be online', async () => (await api('GET', '/me', undefined, a.token)).presence === 'online', server, 15000);
      return socket;
    });
    log(`product: ${P.agents} agents online; starting ${P.chats} chats`);

    const visitors = await pool(Array.from({ length: P.chats }, (_, i) => i), 5, async (i) => {
      const chat = await api('POST', `/visitor/inboxes/${inbox.id}/chats`, { name: `Visitor ${i}` });
      const socket = await connect(base, '/visitor', chat.visitorToken);
      sockets.push(socket);
      return { socket, transactionId: chat.transaction.id };
    });
    await waitFor(`all ${P.chats} chats assigned`, async () => {
      if (acceptErrors.length) throw Object.assign(new Error(`chat.accept failed: ${JSON.stringify(acceptErrors.slice(0, 3))}`), { fatal: true });
      return visitors.every((v) => assigned.has(v.transactionId));
    }, server, 60000).catch((err) => {
      throw err.fatal ? err : new Error(`${err.message}\n(assigned ${assigned.size}/${P.chats}; accept errors ${JSON.stringify(acceptErrors.slice(0, 3))})`);
    });
    log(`product: all ${P.chats} chats assigned`);

    // counters around each phase: CPU of server, client and database; database query counters
    const dbPid = findDbPid();
    const probe = async () => {
      const [rows] = await admin.query(
        "SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions','Com_select','Com_insert','Com_update','Com_commit','Innodb_data_fsyncs','Innodb_log_writes','Innodb_row_lock_waits')",
      );
      const st = Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]));
      return {
        serverCpuMs: cpuMs(server.child.pid), clientCpuMs: cpuNow(), dbCpuMs: dbPid ? cpuMs(dbPid) : null, machineCpuMs: machineBusyMs(),
        dbQuestions: st.Questions, dbSelects: st.Com_select, dbInserts: st.Com_insert, dbUpdates: st.Com_update, dbCommits: st.Com_commit,
        dbFsyncs: st.Innodb_data_fsyncs, dbLogWrites: st.Innodb_log_writes, dbRowLockWaits: st.Innodb_row_lock_waits,
      };
    };
    const results = await runModes('product', { agents: agentSockets, visitors }, probe);

    // "stored before its ack": every acked visitor message is in the database, once, in order
    const [[{ n }]] = await admin.query(`SELECT COUNT(*) AS n FROM \`${dbName}\`.messages WHERE senderType = 'visitor'`);
    const [[{ d }]] = await admin.query(
      `SELECT COUNT(*) AS d FROM (SELECT clientMessageId FROM \`${dbName}\`.messages WHERE clientMessageId IS NOT NULL GROUP BY transactionId, clientMessageId HAVING COUNT(*) > 1) x`,
    );
    const ackedTotal = (P.warmup ? P.chats * P.warmup : 0) + results.closed.acked + results.fixed.acked;
    results.storage = { visitorMessagesStored: Number(n), acked: ackedTotal, duplicates: Number(d), ok: Number(n) >= ackedTotal && Number(d) === 0 };
    return results;
  } finally {
    for (const s of sockets) s.close();
    await server.stop();
  }
}

// ───────────────────────────── output ─────────────────────────────

const fmt = (x, d = 2) => (x === null || x === undefined ? '–' : Number(x).toFixed(d));
function table(results) {
  const rows = [];
  for (const [who, r] of [['Switchboard', results.product], ['bare relay', results.bare]]) {
    if (!r) continue;
    for (const m of ['closed', 'fixed']) {
      const x = r[m];
      rows.push([
        who, m === 'closed' ? 'closed loop' : `fixed ${P.rate}/s`, String(x.sent), String(x.msgsPerSec),
        fmt(x.latencyMs.p50), fmt(x.latencyMs.p99), fmt(x.latencyMs.p999), fmt(x.latencyMs.max), fmt(x.ackMs.p99), String(x.errors),
        x.otherProcessesCpuShare === undefined ? '–' : `${Math.round(x.otherProcessesCpuShare * 100)}%`,
      ]);
    }
  }
  const head = ['target', 'mode', 'messages', 'msgs/s', 'p50 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'ack p99 ms', 'errors', 'CPU used by others'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, i) => (i < 2 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

function ratios(results) {
  const { product: p, bare: b } = results;
  if (!p || !b) return null;
  const r = (x, y) => (x && y ? Math.round((x / y) * 100) / 100 : null);
  return {
    closed: { throughput: r(p.closed.msgsPerSec, b.closed.msgsPerSec), p50: r(p.closed.latencyMs.p50, b.closed.latencyMs.p50), p99: r(p.closed.latencyMs.p99, b.closed.latencyMs.p99) },
    fixed: { throughput: r(p.fixed.msgsPerSec, b.fixed.msgsPerSec), p50: r(p.fixed.latencyMs.p50, b.fixed.latencyMs.p50), p99: r(p.fixed.latencyMs.p99, b.fixed.latencyMs.p99) },
  };
}

// ───────────────────────────── main ─────────────────────────────

async function main() {
  const started = new Date();
  const meta = {
    startedAt: started.toISOString(),
    command: COMMAND,
    argv: process.argv.slice(2),
    params: P,
    machine: {
      cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      platform: `${os.type()} ${os.release()} ${os.arch()}`, node: process.version,
    },
  };
  console.log(`Command: ${COMMAND}`);
  meta.loadAverageAtStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
  if (meta.loadAverageAtStart[0] > os.cpus().length / 2) {
    console.warn(`⚠ the machine is busy (load average ${meta.loadAverageAtStart.join(', ')} on ${os.cpus().length} cores): figures will be noisy; see "CPU used by others"`);
  }
  if (P.only !== 'bare') buildIfStale();
  const results = {};
  if (P.only !== 'product') results.bare = await runBare();
  if (P.only !== 'bare') results.product = await runProduct(meta);
  await cleanup();

  meta.loadAverageAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const out = { ...meta, finishedAt: new Date().toISOString(), results, ratios: ratios(results) };
  const targets = {};
  if (results.product) {
    targets.p99At1000Under10ms = P.rate === 1000 ? results.product.fixed.latencyMs.p99 < 10 && results.product.fixed.errors === 0 : null;
    if (out.ratios) targets.throughputAtLeastHalfBare = out.ratios.closed.throughput >= 0.5 && results.product.storage.ok;
  }
  out.targets = targets;
  const dir = path.join(root, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `load-${started.toISOString().replace(/\D/g, '').slice(0, 14)}.json`);
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);

  console.log(`\nMachine: ${meta.machine.cpus} × ${meta.machine.cpuModel}, ${meta.machine.memoryGiB} GiB, ${meta.machine.platform}, Node ${meta.machine.node}${meta.database ? `, ${meta.database}` : ''}`);
  console.log(`Command: ${COMMAND}\n`);
  console.log(table(results));
  console.log('("CPU used by others": share of all cores used by processes other than this bench, its server and the database during the phase)');
  if (out.ratios) {
    const r = out.ratios;
    console.log(`\nSwitchboard / bare relay: closed loop throughput ×${fmt(r.closed.throughput)}, p50 ×${fmt(r.closed.p50, 1)}, p99 ×${fmt(r.closed.p99, 1)};`
      + ` fixed rate throughput ×${fmt(r.fixed.throughput)}, p50 ×${fmt(r.fixed.p50, 1)}, p99 ×${fmt(r.fixed.p99, 1)}`);
  }
  if (results.product) {
    const s = results.product.storage;
    const f = results.product.fixed;
    console.log(`Stored before ack: ${s.visitorMessagesStored} visitor messages stored for ${s.acked} acks, ${s.duplicates} duplicates → ${s.ok ? 'ok' : 'MISMATCH'}`);
    console.log(`Fixed rate: asked ${P.rate}/s, sent ${f.sendRate}/s, delivered ${f.msgsPerSec}/s; p99 from the schedule ${fmt(f.latencyFromScheduleMs.p99)} ms`);
    if (targets.throughputAtLeastHalfBare !== undefined) console.log(`Target throughput ≥ ½ bare relay (stored before ack): ${targets.throughputAtLeastHalfBare ? 'MET' : 'MISSED'} (×${fmt(out.ratios.closed.throughput)})`);
    if (targets.p99At1000Under10ms !== null) console.log(`Target p99 < 10 ms at 1,000 msg/s: ${targets.p99At1000Under10ms ? 'MET' : 'MISSED'} (${fmt(f.latencyMs.p99)} ms, ${f.errors} errors)`);
  }
  console.log(`\nRaw results: ${path.relative(root, file)}`);
}

try {
  await main();
} catch (err) {
  console.error(`\nbench:load failed: ${err.stack ?? err}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
process.exit(process.exitCode ?? 0);
