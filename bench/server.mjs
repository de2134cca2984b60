// Starts the built Switchboard for a benchmark: a throw-away database (MariaDB
// `sb_<tag>_<time>` on BENCH_MYSQL_URL, default mysql://root@127.0.0.1:3306, or
// a fresh SQLite directory), a free port, rate limits lifted, admin off, no
// Redis. `stop()` ends the process by its PID and drops the database.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIfStale } from '../scripts/build-if-stale.mjs';
import { ENTRY, SERVER_NODE_FLAGS } from '../scripts/server-node.mjs';
import { freePort } from '../scripts/free-port.mjs';

/**
 * A bench script's arguments: its own before `--`, the load tool's after it.
 * `opt(name, default)` reads one of its own (`--db mysql`).
 */
export function benchArgs(argv = process.argv.slice(2)) {
  const split = argv.indexOf('--');
  const own = split < 0 ? argv : argv.slice(0, split);
  const passOn = split < 0 ? [] : argv.slice(split + 1);
  const opt = (name, def) => {
    const i = own.indexOf(name);
    return i < 0 ? def : own[i + 1];
  };
  return { own, passOn, opt };
}

/** The shared benchmark tool in `dir`: copied from ../shared/bench and installed when missing (../shared is read-only). */
export function ensureShared(dir) {
  if (fs.existsSync(path.join(dir, 'compare.sh'))) return;
  const local = path.resolve('..', 'shared', 'bench');
  const from = fs.existsSync(local) ? local : '/work/shared/bench';
  console.log(`copying the shared benchmark ${from} -> ${dir}`);
  fs.cpSync(from, dir, { recursive: true });
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm install of the shared benchmark failed');
}

const mysqlUrl = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

const mysql = (sql) => {
  const u = new URL(mysqlUrl);
  const r = spawnSync('mysql', ['-h', u.hostname, '-P', u.port || '3306', '-u', decodeURIComponent(u.username || 'root'), ...(u.password ? [`-p${decodeURIComponent(u.password)}`] : []), '-e', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mysql: ${r.stderr}`);
};

/**
 * `nodeArgs`: more Node.js flags for the server (e.g. `--max-old-space-size=96`). The result names
 * the database (`databaseUrl` on MariaDB, `dataDir` with SQLite) for scripts that seed it directly.
 * @param {{db: 'mysql'|'sqlite', tag?: string, cpuProf?: string|null, heapProf?: string|null, countSql?: boolean, env?: Record<string,string>, nodeArgs?: string[]}} o
 */
export async function startServer({ db, tag = 'bench', cpuProf = null, heapProf = null, countSql = false, env: extra = {}, nodeArgs: more = [] }) {
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
    ...extra,
  };
  delete env.REDIS_URL;
  if (heapProf) env.BENCH_HEAP_PROFILE = path.resolve(heapProf);
  let cleanup;
  if (db === 'mysql') {
    const name = `sb_${tag}_${stamp}`;
    mysql(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`);
    env.DATABASE_URL = `${mysqlUrl.replace(/\/$/, '')}/${name}`;
    cleanup = () => mysql(`DROP DATABASE IF EXISTS ${name}`);
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sb-${tag}-`));
    env.DATA_DIR = dir;
    delete env.DATABASE_URL;
    cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const profiling = [
    ...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(cpuProf)}`] : []),
    ...(countSql ? ['--import', path.resolve('bench/count-sql.mjs')] : []),
    // the heap sampler starts on SIGWINCH (`startHeapSampling`) and writes heapProf at exit
    ...(heapProf ? ['--import', path.resolve('bench/heap-sample.mjs')] : []),
    // e.g. BENCH_SERVER_NODE_ARGS=--trace-gc: flags for the server's node only (not the load tool's);
    // a V8 flag given here overrides the same one in SERVER_NODE_FLAGS (the last one counts)
    ...(process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []),
  ];
  // exit through process.exit() so that --cpu-prof and --count-sql can write at exit
  if (profiling.length) profiling.push('--import', path.resolve('bench/exit-on-signal.mjs'));
  // started as in production (scripts/server-node.mjs)
  const nodeArgs = [...SERVER_NODE_FLAGS, ...more, ...profiling];
  const child = spawn(process.execPath, [...nodeArgs, ENTRY], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null) {
      child.kill(profiling.length ? 'SIGUSR2' : 'SIGINT');
      await new Promise((r) => {
        const t = setTimeout(() => (child.kill('SIGKILL'), r()), 15000);
        child.once('exit', () => (clearTimeout(t), r()));
      });
    }
    try {
      cleanup();
    } catch (err) {
      console.error(String(err));
    }
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error('Switchboard exited during start');
      if (await fetch(`${url}/health`).then((r) => r.ok, () => false)) break;
      if (i > 600) throw new Error('Switchboard did not answer /health in 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  /** With `heapProf`: from now on, what the server allocates is sampled. */
  const startHeapSampling = () => heapProf && child.exitCode === null && child.kill('SIGWINCH');
  return { url, pid: child.pid, stop, startHeapSampling, databaseUrl: env.DATABASE_URL ?? null, dataDir: env.DATA_DIR ?? null };
}
