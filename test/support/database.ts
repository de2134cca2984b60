import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';

/** Which database this run tests: `TEST_DB=sqlite` (default) or `TEST_DB=mysql` with `TEST_MYSQL_URL`. */
export const testDb = (process.env.TEST_DB ?? 'sqlite') as 'sqlite' | 'mysql';
const mysqlBase = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export interface TestDatabase {
  /** Environment for the app: `DATABASE_URL` or `DATA_DIR`. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh, empty database of its own for one test file (migrations create the schema). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-test-'));
  if (testDb === 'sqlite') {
    return { env: { DATA_DIR: dir }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `sb_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const conn = await mysql.createConnection(mysqlBase);
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await conn.end();
  return {
    env: { DATABASE_URL: `${mysqlBase.replace(/\/$/, '')}/${name}`, DATA_DIR: dir },
    drop: async () => {
      const c = await mysql.createConnection(mysqlBase);
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
