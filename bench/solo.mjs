#!/usr/bin/env node
// Switchboard alone under the shared load tool, for profiling between
// side-by-side runs (the figures for docs/ come from bench:compare).
//
//   npm run bench:solo -- [--db mysql|sqlite] [--cpu-prof DIR] [--heap-prof FILE] [--count-sql] [-- load.mjs options]
//   e.g. npm run bench:solo -- --cpu-prof /tmp/prof -- -c 100 -k 300
// --heap-prof samples what the server allocates (freed objects too) from the
// moment the load tool starts sending; summarize with bench/heap-top.mjs.
import { execSync, spawn } from 'node:child_process';
import readline from 'node:readline';
import path from 'node:path';
import { benchArgs, ensureShared, startServer } from './server.mjs';

const { own, passOn, opt } = benchArgs();
const shared = path.resolve(opt('--shared', process.env.BENCH_SHARED_DIR ?? '/tmp/sb-bench'));
ensureShared(shared);
const server = await startServer({ db: opt('--db', 'mysql'), tag: 'solo', cpuProf: opt('--cpu-prof', null), heapProf: opt('--heap-prof', null), countSql: own.includes('--count-sql') });
const mysqld = (() => {
  try {
    return execSync('pidof mariadbd mysqld', { encoding: 'utf8' }).trim().split(/\s+/)[0];
  } catch {
    return null;
  }
})();
try {
  const pids = ['--pid', `server=${server.pid}`, ...(mysqld ? ['--pid', `mysqld=${mysqld}`] : [])];
  const load = spawn('node', ['load.mjs', '--target', 'switchboard', '--base', server.url, ...pids, ...passOn], { cwd: shared, stdio: ['ignore', 'inherit', 'pipe'] });
  // its progress (on stderr) names the loop once the setup is done: the measured phase (with its warm-up) starts
  readline.createInterface({ input: load.stderr }).on('line', (line) => {
    console.error(line);
    if (/\b(closed|open) loop\b/.test(line)) server.startHeapSampling();
  });
  const status = await new Promise((resolve) => load.on('close', resolve));
  if (status !== 0) process.exitCode = status ?? 1;
} finally {
  await server.stop();
}
