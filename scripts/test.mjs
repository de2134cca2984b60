#!/usr/bin/env node
// Runs the whole jest suite on the embedded SQLite database and on MySQL/MariaDB,
// then the cluster test, then prints one line: `tests: N passed, M failed` (totals over
// all of them). Before that, the import rules (scripts/check-imports.mjs) run once and
// count as one test; after the jest runs `node scripts/web-sizes.mjs` is one counted
// check (the page size budgets).
//
//   npm test                     both databases (MariaDB skipped with a warning if unreachable,
//                                unless REQUIRE_MYSQL=1 or CI is set: then it is a failure),
//                                then the cluster test (HAProxy + 2 server processes on MariaDB
//                                and Redis, kill -9 and a rolling restart; its node:test results
//                                count in the total; skipped with a warning without MariaDB or
//                                HAProxy, a failure under REQUIRE_MYSQL=1/CI)
//   npm test -- --db sqlite      one database (no cluster test with sqlite alone)
//   npm test -- test/chat        a subset (jest args; no cluster test)
//   npm test -- --cluster-only   only the cluster test (= npm run test:cluster)
// CLUSTER_NODE=/path/to/node runs the cluster test's server processes on that Node.js
// (CI: Node 24 while jest runs on the machine's Node 20); CLUSTER_SEED replays a workload.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { buildWebIfStale } from './build-if-stale.mjs';

const args = process.argv.slice(2);
let only = 'all';
let clusterOnly = false;
const jestArgs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--db') only = args[++i];
  else if (args[i] === '--cluster-only') clusterOnly = true;
  else jestArgs.push(args[i]);
}
const mysqlUrl = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const requireMysql = process.env.REQUIRE_MYSQL === '1' || (process.env.CI && process.env.CI !== 'false');

async function mysqlReachable() {
  try {
    const conn = await mysql.createConnection({ uri: mysqlUrl, connectTimeout: 5000 });
    await conn.query('SELECT 1');
    await conn.end();
    return true;
  } catch (err) {
    return err;
  }
}

const runs = [];
let failedToRun = false;

// The import rules of docs/architecture.md ("Who may import whom") count as one test.
if (!clusterOnly) {
  console.log('\n━━━ import rules (scripts/check-imports.mjs) ━━━');
  const res = spawnSync(process.execPath, ['scripts/check-imports.mjs'], { stdio: 'inherit' });
  runs.push({ db: 'imports', passed: res.status === 0 ? 1 : 0, failed: res.status === 0 ? 0 : 1 });
}
const dbs = clusterOnly ? [] : only === 'all' ? ['sqlite', 'mysql'] : [only];
for (const db of dbs) {
  if (db === 'mysql') {
    const ok = await mysqlReachable();
    if (ok !== true) {
      const msg = `MySQL/MariaDB at ${mysqlUrl} is not reachable (${ok.code ?? ok.message})`;
      if (requireMysql || only === 'mysql') {
        console.error(`\n✖ ${msg}: the suite must also run on MariaDB.`);
        failedToRun = true;
        continue;
      }
      console.warn(`\n⚠ ${msg}: skipping the MariaDB run (set TEST_MYSQL_URL, or REQUIRE_MYSQL=1 to make this an error).`);
      continue;
    }
  }
  const out = path.join(os.tmpdir(), `switchboard-jest-${db}-${process.pid}.json`);
  console.log(`\n━━━ test suite on ${db === 'sqlite' ? 'embedded SQLite' : `MariaDB/MySQL (${mysqlUrl})`} ━━━`);
  const res = spawnSync(
    process.execPath,
    ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', '--json', `--outputFile=${out}`, ...jestArgs],
    { stdio: 'inherit', env: { ...process.env, TEST_DB: db, TEST_MYSQL_URL: mysqlUrl } },
  );
  let passed = 0;
  let failed = 0;
  try {
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    passed = report.numPassedTests;
    failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
    fs.rmSync(out, { force: true });
  } catch {
    failed = 1;
  }
  if (res.status !== 0 && failed === 0) failed = 1;
  runs.push({ db, passed, failed });
}

// one counted check that is not a timed test: the built pages stay within their size budgets (docs/widget.md)
if (!clusterOnly) {
  console.log('\n━━━ page sizes (gzipped, against their budgets) ━━━');
  await buildWebIfStale(() => console.log('Building the pages…'));
  const sizes = spawnSync(process.execPath, ['scripts/web-sizes.mjs'], { stdio: 'inherit' });
  runs.push({ db: 'page sizes', passed: sizes.status === 0 ? 1 : 0, failed: sizes.status === 0 ? 0 : 1 });
}

// The cluster test (test/cluster/, node:test): real server processes behind HAProxy on MariaDB
// and Redis. It runs after the jest runs of a whole-suite run that includes MariaDB, or alone
// with --cluster-only; a subset of jest files, or --db sqlite, skips it.
if (clusterOnly || (jestArgs.length === 0 && only !== 'sqlite')) {
  const { haproxyMissing, serverNodeVersion } = await import('./cluster-lib.mjs');
  const reachable = await mysqlReachable();
  const missing = haproxyMissing() ?? (reachable === true ? null : `MySQL/MariaDB at ${mysqlUrl} is not reachable (${reachable.code ?? reachable.message}).`);
  if (missing && !requireMysql && !clusterOnly) console.warn(`\n⚠ ${missing} Skipping the cluster test.`);
  else if (missing) {
    console.error(`\n✖ ${missing} The cluster test cannot run.`);
    runs.push({ db: 'cluster', passed: 0, failed: 1 });
  } else {
    let version;
    try {
      version = serverNodeVersion();
    } catch (err) {
      console.error(`\n✖ ${err.message}`);
    }
    if (!version) runs.push({ db: 'cluster', passed: 0, failed: 1 });
    else {
      console.log(`\n━━━ cluster test: HAProxy + 2 server processes (Node.js ${version}) on MariaDB and Redis ━━━`);
      // spec output to the terminal as it runs, TAP into a file for the counts
      const tap = path.join(os.tmpdir(), `switchboard-cluster-${process.pid}.tap`);
      const res = spawnSync(
        process.execPath,
        ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, 'test/cluster/cluster.test.mjs'],
        { stdio: 'inherit', env: { ...process.env, TEST_MYSQL_URL: mysqlUrl } },
      );
      const out = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
      fs.rmSync(tap, { force: true });
      // node:test's TAP summary: `# pass N`, `# fail M`, `# cancelled K`
      const count = (name) => Number(out.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
      const passed = count('pass');
      let failed = count('fail') + count('cancelled');
      if (res.status !== 0 && failed === 0) failed = 1;
      runs.push({ db: `cluster (Node.js ${version})`, passed, failed });
    }
  }
}

for (const r of runs) console.log(`  ${r.db}: ${r.passed} passed, ${r.failed} failed`);
const passed = runs.reduce((n, r) => n + r.passed, 0);
const failed = runs.reduce((n, r) => n + r.failed, 0) + (failedToRun ? 1 : 0);
const line = `tests: ${passed} passed, ${failed} failed`;
if (process.env.TEST_SUMMARY_FILE) fs.writeFileSync(process.env.TEST_SUMMARY_FILE, line + '\n');
console.log(line);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
