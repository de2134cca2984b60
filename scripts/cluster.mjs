#!/usr/bin/env node
// `npm run cluster`: N Switchboard processes (default 2) on MariaDB/MySQL and
// Redis behind HAProxy (deploy/haproxy.cfg), until Ctrl-C.
//
//   npm run cluster                      2 instances, database `switchboard_cluster` on 127.0.0.1:3306
//   npm run cluster -- --instances 3 --port 8080
// Environment: DATABASE_URL (default mysql://root@127.0.0.1:3306/switchboard_cluster), REDIS_URL
// (default redis://127.0.0.1:6379), JWT_SECRET, UPLOAD_DIR (shared by every instance; default
// ./data/cluster-uploads), and any other variable of the README, passed to every instance.
import path from 'node:path';
import mysql from 'mysql2/promise';
import { buildIfStale } from './build-if-stale.mjs';
import { haproxyMissing, startCluster, stopAll } from './cluster-lib.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const n = Number(opt('instances', '2'));
const port = Number(opt('port', process.env.CLUSTER_PORT ?? '8080'));

const missing = haproxyMissing();
if (missing) {
  console.error(missing);
  process.exit(1);
}
try {
  buildIfStale();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
const databaseUrl = process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/switchboard_cluster';
// the database must exist before the first instance migrates it
const url = new URL(databaseUrl);
const dbName = url.pathname.slice(1);
url.pathname = '/';
const admin = await mysql.createConnection({ uri: url.toString() });
await admin.query(`CREATE DATABASE IF NOT EXISTS \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
await admin.end();

const env = {
  DATABASE_URL: databaseUrl,
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  JWT_SECRET: process.env.JWT_SECRET ?? 'cluster-demo-secret-change-me-in-production-0123',
  UPLOAD_DIR: path.resolve(process.env.UPLOAD_DIR ?? 'data/cluster-uploads'),
  DATA_DIR: path.resolve(process.env.DATA_DIR ?? 'data'),
  BOOTSTRAP_OWNER_EMAIL: process.env.BOOTSTRAP_OWNER_EMAIL ?? 'owner@demo.switchboard.local',
  BOOTSTRAP_OWNER_PASSWORD: process.env.BOOTSTRAP_OWNER_PASSWORD ?? 'switchboard-demo',
};
let cluster = null;
let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping (graceful: SIGTERM to each instance) …');
    if (cluster) await cluster.close();
    else stopAll();
    process.exit(0);
  });
cluster = await startCluster({ n, env, port, logDir: path.resolve('data/cluster-logs') });
console.log(`\nSwitchboard cluster: ${cluster.url} (logs in data/cluster-logs). Ctrl-C stops it.`);
console.log(`Sign in as ${env.BOOTSTRAP_OWNER_EMAIL} / ${env.BOOTSTRAP_OWNER_PASSWORD} (on a new database).`);
