#!/usr/bin/env node
// Switchboard against the reference servers of the shared benchmark, in one run
// (the shared tool's compare.sh with its Switchboard adapter).
//
//   npm run bench:compare -- [--db mysql|sqlite] [--shared DIR] [--cpu-prof DIR] [--count-sql] [-- compare.sh options]
//   e.g. npm run bench:compare                      # C=100 K=300 closed loop, 3 rounds, MariaDB
//        npm run bench:compare -- -- --rate 1000    # open loop at 1,000 msg/s
//        npm run bench:compare -- --db sqlite -- --rounds 1
//   --cpu-prof DIR: a V8 profile of the server (read it with bench/profile-top.mjs)
//   --count-sql: the statements the server sent to MySQL, printed when it stops
//
// Starts Switchboard with bench/server.mjs (throw-away database, free port,
// rate limits lifted), runs `bash compare.sh --switchboard URL
// --switchboard-pid PID …` from a copy of the shared tool (default
// /tmp/sb-bench, copied from ../shared/bench and `npm install`ed when
// missing), then stops the server by its PID and drops the database, also on
// failure. The reference servers always use MariaDB.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { benchArgs, ensureShared, startServer } from './server.mjs';

const { own, passOn, opt } = benchArgs();
const db = opt('--db', 'mysql');
const shared = path.resolve(opt('--shared', process.env.BENCH_SHARED_DIR ?? '/tmp/sb-bench'));

ensureShared(shared);
const server = await startServer({ db, tag: 'cmp', cpuProf: opt('--cpu-prof', null), countSql: own.includes('--count-sql') });
process.on('SIGINT', () => void server.stop().then(() => process.exit(130)));
try {
  console.log(`Switchboard (${db}) on ${server.url}, pid ${server.pid}`);
  const run = spawnSync('bash', ['compare.sh', '--switchboard', server.url, '--switchboard-pid', String(server.pid), ...passOn], { cwd: shared, stdio: 'inherit' });
  if (run.status !== 0) process.exitCode = run.status ?? 1;
} finally {
  await server.stop();
}
