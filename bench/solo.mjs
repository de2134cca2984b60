#!/usr/bin/env node
// Switchboard alone under the shared load tool, for profiling between
// side-by-side runs (the figures for docs/ come from bench:compare).
//
//   npm run bench:solo -- [--db mysql|sqlite] [--cpu-prof DIR] [--count-sql] [-- load.mjs options]
//   e.g. npm run bench:solo -- --cpu-prof /tmp/prof -- -c 100 -k 300
import { execSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { benchArgs, ensureShared, startServer } from './server.mjs';

const { own, passOn, opt } = benchArgs();
const shared = path.resolve(opt('--shared', process.env.BENCH_SHARED_DIR ?? '/tmp/sb-bench'));
ensureShared(shared);
const server = await startServer({ db: opt('--db', 'mysql'), tag: 'solo', cpuProf: opt('--cpu-prof', null), countSql: own.includes('--count-sql') });
const mysqld = (() => {
  try {
    return execSync('pidof mariadbd mysqld', { encoding: 'utf8' }).trim().split(/\s+/)[0];
  } catch {
    return null;
  }
})();
try {
  const pids = ['--pid', `server=${server.pid}`, ...(mysqld ? ['--pid', `mysqld=${mysqld}`] : [])];
  const run = spawnSync('node', ['load.mjs', '--target', 'switchboard', '--base', server.url, ...pids, ...passOn], { cwd: shared, stdio: 'inherit' });
  if (run.status !== 0) process.exitCode = run.status ?? 1;
} finally {
  await server.stop();
}
