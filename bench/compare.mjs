#!/usr/bin/env node
// Switchboard against the reference servers of the shared benchmark, in one run
// (the shared tool's compare.sh with its Switchboard adapter).
//
//   npm run bench:compare -- [--db mysql|sqlite] [--shared DIR] [--cpu-prof DIR] [--count-sql] [-- compare.sh options]
//   (--cpu-prof: a V8 profile of the server, read it with bench/profile-top.mjs;
//    --count-sql: the statements the server sent to MySQL, printed when it stops)
//   e.g. npm run bench:compare                      # C=100 K=300 closed loop, 3 rounds, MariaDB
//        npm run bench:compare -- -- --rate 1000    # open loop at 1,000 msg/s
//        npm run bench:compare -- --db sqlite -- --rounds 1
//
// It builds Switchboard if stale, makes a throw-away database (MariaDB
// `sb_cmp_<time>` on BENCH_MYSQL_URL, default mysql://root@127.0.0.1:3306, or a
// fresh SQLite directory), starts `node dist/src/main.js` on a free port with
// the rate limits lifted, runs `bash compare.sh --switchboard URL
// --switchboard-pid PID …` from a copy of the shared tool (default
// /tmp/sb-bench, copied from ../shared/bench and `npm install`ed when missing),
// then stops the server by its PID and drops the database, also on failure.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildIfStale, ENTRY } from '../scripts/build-if-stale.mjs';

const args = process.argv.slice(2);
const split = args.indexOf('--');
const own = split < 0 ? args : args.slice(0, split);
const passOn = split < 0 ? [] : args.slice(split + 1);
const opt = (name, def) => {
  const i = own.indexOf(name);
  return i < 0 ? def : own[i + 1];
};
const dbKind = opt('--db', 'mysql');
const shared = path.resolve(opt('--shared', process.env.BENCH_SHARED_DIR ?? '/tmp/sb-bench'));
const cpuProf = opt('--cpu-prof', null);
const countSql = own.includes('--count-sql');
const mysqlUrl = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

function ensureShared() {
  if (fs.existsSync(path.join(shared, 'compare.sh'))) return;
  const source = path.resolve('..', 'shared', 'bench');
  const fallback = '/work/shared/bench';
  const from = fs.existsSync(source) ? source : fallback;
  console.log(`copying the shared benchmark ${from} -> ${shared}`);
  fs.cpSync(from, shared, { recursive: true });
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: shared, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm install of the shared benchmark failed');
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

const mysql = (sql) => {
  const u = new URL(mysqlUrl);
  const r = spawnSync('mysql', ['-h', u.hostname, '-P', u.port || '3306', '-u', decodeURIComponent(u.username || 'root'), ...(u.password ? [`-p${decodeURIComponent(u.password)}`] : []), '-e', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mysql: ${r.stderr}`);
};

async function main() {
  ensureShared();
  buildIfStale();
  const stamp = new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14);
  const port = await freePort();
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    BCRYPT_ROUNDS: '4',
    VISITOR_RATE_LIMIT_PER_MINUTE: '100000000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000000',
    ADMIN_ENABLED: 'false',
    LOG_LEVEL: 'warn',
  };
  delete env.REDIS_URL;
  let cleanup = () => undefined;
  if (dbKind === 'mysql') {
    const name = `sb_cmp_${stamp}`;
    mysql(`CREATE DATABASE ${name}`);
    env.DATABASE_URL = `${mysqlUrl.replace(/\/$/, '')}/${name}`;
    cleanup = () => mysql(`DROP DATABASE IF EXISTS ${name}`);
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-cmp-'));
    env.DATA_DIR = dir;
    delete env.DATABASE_URL;
    cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const nodeArgs = [
    ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(cpuProf)}`] : []),
    ...(countSql ? ['--import', path.resolve('bench/count-sql.mjs')] : []),
    ...(cpuProf || countSql ? ['--import', path.resolve('bench/exit-on-signal.mjs')] : []),
  ];
  const viaExit = nodeArgs.length > 0;
  const server = spawn(process.execPath, [...nodeArgs, ENTRY], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const stop = async () => {
    if (server.exitCode === null) {
      server.kill(viaExit ? 'SIGUSR2' : 'SIGINT'); // SIGUSR2: exits through process.exit, so --cpu-prof writes its profile
      await new Promise((r) => {
        const t = setTimeout(() => (server.kill('SIGKILL'), r()), 15000);
        server.once('exit', () => (clearTimeout(t), r()));
      });
    }
    try {
      cleanup();
    } catch (err) {
      console.error(String(err));
    }
  };
  process.on('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error('Switchboard exited during start');
      const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 600) throw new Error('Switchboard did not answer /health in 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(`Switchboard (${dbKind}) on ${url}, pid ${server.pid}`);
    const run = spawnSync('bash', ['compare.sh', '--switchboard', url, '--switchboard-pid', String(server.pid), ...passOn], { cwd: shared, stdio: 'inherit' });
    if (run.status !== 0) process.exitCode = run.status ?? 1;
  } finally {
    await stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
