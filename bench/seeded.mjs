// The benchmarks that need a database already full of chats (`export.mjs`,
// `reports.mjs`): the built server started by `server.mjs` with an owner, who
// is logged in, and rows written straight into the server's database, which is
// far faster than starting 100,000 chats through the API.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './server.mjs';

const OWNER = { email: 'bench@example.test', password: 'bench-password-1' };

/** Time-ordered ids like the server's (UUIDv7 layout: 48-bit ms timestamp, version 7), for rows made up at time `ms`. */
let lastMs = 0;
let seq = 0;
export const uuid7 = (ms) => {
  seq = ms === lastMs ? seq + 1 : 0;
  lastMs = ms;
  const hex = ms.toString(16).padStart(12, '0') + '7' + seq.toString(16).padStart(3, '0').slice(-3) + randomBytes(8).toString('hex');
  const v = (parseInt(hex[16], 16) & 0x3) | 0x8;
  const h = hex.slice(0, 16) + v.toString(16) + hex.slice(17, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** A time as both databases store it (`YYYY-MM-DD hh:mm:ss.sss`, UTC). */
export const dt = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** The server's resident memory in MB, from /proc. */
export const rssMb = (pid) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

/**
 * Starts the server on a throw-away database with a licensed organization, its
 * owner logged in and one member agent. `call(method, path, body)` is the API as
 * the owner; `insert([[table, columns, rows], …], {analyze})` writes rows directly;
 * `stop()` ends the server and drops the database.
 * @param {{db: 'mysql'|'sqlite', tag: string, nodeArgs?: string[]}} o
 */
export async function startSeededServer({ db, tag, nodeArgs = [] }) {
  const server = await startServer({
    db,
    tag,
    nodeArgs,
    env: { JWT_SECRET: randomBytes(24).toString('hex'), BOOTSTRAP_OWNER_EMAIL: OWNER.email, BOOTSTRAP_OWNER_PASSWORD: OWNER.password },
  });
  const request = async (method, p, body, token) => {
    const res = await fetch(`${server.url}/api/v1${p}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body && JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  try {
    const { accessToken: token, user } = await request('POST', '/auth/login', OWNER);
    await request('PATCH', '/organization', { contactCenterLicense: true }, token);
    const agent = await request('POST', '/users', { name: 'Bench Agent', email: 'agent@example.test', password: 'bench-password-1', role: 'member' }, token);
    const call = (method, p, body) => request(method, p, body, token);
    const insert = (tables, { analyze = [] } = {}) => insertRows(server, tables, analyze);
    return { ...server, token, user, agent, call, insert };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

async function insertRows(server, tables, analyze) {
  if (server.databaseUrl) {
    const mysql = (await import('mysql2/promise')).default;
    const c = await mysql.createConnection(server.databaseUrl);
    try {
      for (const [table, cols, rows] of tables) {
        for (let i = 0; i < rows.length; i += 2000) await c.query(`INSERT INTO \`${table}\` (${cols.map((x) => `\`${x}\``).join(',')}) VALUES ?`, [rows.slice(i, i + 2000)]);
      }
      if (analyze.length) await c.query(`ANALYZE TABLE ${analyze.map((t) => `\`${t}\``).join(', ')}`);
    } finally {
      await c.end();
    }
    return;
  }
  const Database = (await import('better-sqlite3')).default;
  const sqlite = new Database(path.join(server.dataDir, 'switchboard.sqlite'));
  try {
    sqlite.pragma('busy_timeout = 10000');
    for (const [table, cols, rows] of tables) {
      const stmt = sqlite.prepare(`INSERT INTO "${table}" (${cols.map((x) => `"${x}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})`);
      sqlite.transaction((all) => all.forEach((r) => stmt.run(r)))(rows);
    }
  } finally {
    sqlite.close();
  }
}
