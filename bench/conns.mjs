#!/usr/bin/env node
// Idle connections on one Switchboard instance: the shared tool's conns.mjs
// with its Switchboard target (N sockets of one agent on /agent), server RSS
// before/after, memory per connection, connection rate, idle CPU.
//
//   npm run bench:conns -- [--db mysql|sqlite] [--shared DIR] [--cpu-prof DIR] [-- conns.mjs options, e.g. -n 10000 --hold-s 30]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { benchArgs, ensureShared, startServer } from './server.mjs';

const args = benchArgs();
const { opt } = args;
const passOn = process.argv.includes('--') ? args.passOn : ['-n', '10000'];
const shared = path.resolve(opt('--shared', process.env.BENCH_SHARED_DIR ?? '/tmp/sb-bench'));
ensureShared(shared);

const server = await startServer({ db: opt('--db', 'mysql'), tag: 'conns', cpuProf: opt('--cpu-prof', null) });
try {
  const run = spawnSync('bash', ['-c', 'ulimit -n "$(ulimit -Hn)"; exec node conns.mjs "$@"', 'conns', '--target', 'switchboard', '--base', server.url, '--pid', String(server.pid), ...passOn], {
    cwd: shared,
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exitCode = run.status ?? 1;
} finally {
  await server.stop();
}
