import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { freePort } from '../scripts/free-port.mjs';

/**
 * Structured logs in production (docs/operations.md#logs): the built server
 * runs as its own process with NODE_ENV=production, and every line it prints
 * must be one JSON object with the instance; request lines carry the request
 * id (also answered as X-Request-Id) and, where the path names a TXN, its id;
 * no password, token or message body is ever written.
 */
const PASSWORD = 'Log-test-password-8472';
const BODY = 'my card number is 4111 1111 1111 1111';
const EMAIL = 'visitor.secret@example.test';

type Line = Record<string, unknown> & { level: number; msg?: string; instance?: string; txnId?: string; req?: { id: string; method: string; path: string }; res?: { statusCode: number } };

describe('logs in production: JSON lines with request id, instance and TXN id, no secrets', () => {
  let child: ChildProcess;
  let url: string;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-logs-'));
  const out: string[] = [];
  const lines = () => out.join('').split('\n').filter((l) => l.trim());
  const parsed = () => lines().map((l) => JSON.parse(l) as Line);

  const call = async (method: string, p: string, token?: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}/api/v1${p}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };

  /** Waits until a log line matches (the "request completed" line is written when the response ends). */
  const lineWhere = async (match: (l: Line) => boolean) => {
    for (let i = 0; i < 100; i++) {
      const found = parsed().find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no such log line in:\n${lines().join('\n')}`);
  };

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, ['dist/src/main.js'], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dir,
        JWT_SECRET: 'log-test-secret-log-test-secret-0123456789',
        BOOTSTRAP_OWNER_EMAIL: 'owner@logs.test',
        BOOTSTRAP_OWNER_PASSWORD: PASSWORD,
        INSTANCE_NAME: 'log-test',
        ADMIN_ENABLED: 'false',
        BCRYPT_ROUNDS: '4',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => out.push(d.toString('utf8')));
    child.stderr!.on('data', (d: Buffer) => out.push(d.toString('utf8')));
    await lineWhere((l) => /Listening on/.test(l.msg ?? ''));
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes one JSON object per line, each with the instance; requests with their id, TXN id and no secrets', async () => {
    const login = await call('POST', '/auth/login', undefined, { email: 'owner@logs.test', password: PASSWORD });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    const me = await call('GET', '/me', token);
    const inbox = await call('POST', '/inboxes', token, { name: 'Logs' });
    expect((await call('PUT', `/inboxes/${inbox.body.id}/agents`, token, { userIds: [me.body.id] })).status).toBe(200);
    const chat = await call('POST', `/visitor/inboxes/${inbox.body.id}/chats`, undefined, { name: 'Val Visitor', email: EMAIL, message: BODY });
    expect(chat.status).toBe(201);
    const txn = chat.body.transaction.id as string;
    const visitorToken = chat.body.visitorToken as string;
    expect((await call('POST', `/visitor/chats/${txn}/messages`, visitorToken, { clientMessageId: 'c-1', body: BODY })).status).toBe(201);

    // an id given by a proxy is kept and answered; the path's TXN is on the line
    const read = await call('GET', `/transactions/${txn}`, token, undefined, { 'X-Request-Id': 'proxy-req-42' });
    expect(read.status).toBe(200);
    expect(read.headers.get('x-request-id')).toBe('proxy-req-42');
    const readLine = await lineWhere((l) => l.req?.id === 'proxy-req-42');
    expect(readLine).toMatchObject({ txnId: txn, req: { method: 'GET', path: `/api/v1/transactions/${txn}` }, res: { statusCode: 200 }, msg: 'request completed' });
    expect(readLine.instance).toMatch(/^log-test:\d+:/);
    // the visitor's own routes name the TXN too
    await lineWhere((l) => l.req?.method === 'POST' && l.req.path === `/api/v1/visitor/chats/${txn}/messages` && l.txnId === txn);

    // without one, an id is made, answered and logged; a refusal is a warning with the query left out
    const missing = await call('GET', '/transactions/00000000-0000-4000-8000-000000000000?q=Val%20Visitor', token);
    expect(missing.status).toBe(404);
    const made = missing.headers.get('x-request-id')!;
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(await lineWhere((l) => l.req?.id === made)).toMatchObject({ level: 40, req: { path: '/api/v1/transactions/00000000-0000-4000-8000-000000000000' }, res: { statusCode: 404 } });
    // a malformed id from outside is not trusted
    const forged = await call('GET', '/me', token, undefined, { 'X-Request-Id': 'bad id with "quotes" and spaces' });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    // a realtime connection and a socket request do not break the format either
    const socket = io(`${url}/visitor`, { auth: { token: visitorToken }, transports: ['websocket'] });
    const ack = await new Promise<{ ok: boolean }>((resolve) => socket.emit('message.send', { transactionId: txn, clientMessageId: 'c-2', body: BODY }, resolve));
    socket.close();
    expect(ack.ok).toBe(true);

    const all = lines();
    expect(all.length).toBeGreaterThan(8);
    for (const line of all) {
      const entry = JSON.parse(line) as Line;
      expect(typeof entry.level).toBe('number');
      expect(entry.instance).toMatch(/^log-test:\d+:/);
    }
    const text = all.join('\n');
    for (const secret of [PASSWORD, token, visitorToken, BODY, EMAIL, 'Val Visitor', 'authorization', 'cookie']) expect(text).not.toContain(secret);
  });
});
