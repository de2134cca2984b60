#!/usr/bin/env node
// What one "stored before ack" message costs the database alone, without
// Nest, TypeORM or Socket.IO: C concurrent writers (one per chat), each doing
// per message  START TRANSACTION; SELECT … FOR UPDATE; INSERT; UPDATE; COMMIT
// through a mysql2 pool of 10 connections (the server's pool size), on a
// throw-away database that is dropped at the end. A floor for the analysis in
// docs/performance.md, not a product figure.
//
//   node bench/db-floor.mjs [chats=50] [messagesPerChat=200] [statementsPerMessage=5]
//   (statementsPerMessage 11 adds the six extra round trips the product makes today)
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import mysql from 'mysql2/promise';

const [chats = 50, perChat = 200, statements = 5] = process.argv.slice(2).map(Number);
const url = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const name = `sb_bench_floor_${Date.now()}`;
const admin = await mysql.createConnection(url);
await admin.query(`CREATE DATABASE \`${name}\``);
let pool;
try {
  pool = mysql.createPool({ uri: `${url.replace(/\/$/, '')}/${name}`, connectionLimit: 10 });
  await pool.query('CREATE TABLE t (id VARCHAR(36) PRIMARY KEY, seq INT NOT NULL, updatedAt DATETIME(3))');
  await pool.query('CREATE TABLE m (id VARCHAR(36) PRIMARY KEY, tid VARCHAR(36), seq INT, body TEXT, cid VARCHAR(100), createdAt DATETIME(3), UNIQUE (tid, seq), UNIQUE (tid, cid))');
  const ids = Array.from({ length: chats }, () => randomUUID());
  for (const id of ids) await pool.query('INSERT INTO t VALUES (?, 0, NOW(3))', [id]);
  const lat = [];
  const one = async (tid, k) => {
    const c = await pool.getConnection();
    try {
      const t0 = performance.now();
      for (let extra = 5; extra < statements; extra++) await c.query('SELECT id, seq FROM t WHERE id = ?', [tid]);
      await c.query('START TRANSACTION');
      const [[row]] = await c.query('SELECT seq FROM t WHERE id = ? FOR UPDATE', [tid]);
      await c.query('INSERT INTO m VALUES (?, ?, ?, ?, ?, NOW(3))', [randomUUID(), tid, row.seq + 1, 'x'.repeat(64), `c-${k}`]);
      await c.query('UPDATE t SET seq = ?, updatedAt = NOW(3) WHERE id = ?', [row.seq + 1, tid]);
      await c.query('COMMIT');
      lat.push(performance.now() - t0);
    } finally {
      c.release();
    }
  };
  const t0 = performance.now();
  await Promise.all(ids.map(async (tid) => {
    for (let k = 0; k < perChat; k++) await one(tid, k);
  }));
  const ms = performance.now() - t0;
  lat.sort((a, b) => a - b);
  const p = (q) => lat[Math.min(lat.length - 1, Math.ceil(q * lat.length) - 1)].toFixed(2);
  console.log(`${chats} chats × ${perChat} messages, ${statements} statements per message: ${Math.round((lat.length / ms) * 1000)} msgs/s, p50 ${p(0.5)} ms, p99 ${p(0.99)} ms`);
} finally {
  await pool?.end();
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.end();
}
