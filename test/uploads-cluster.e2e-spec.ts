import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDb } from './support/database.js';
import { api, startApp, until, useApp, type TestApp } from './support/app.js';
import { getTxn, goOnline, newFloor, startChat, type Floor } from './support/chat.js';
import { auth, type Session } from './support/factories.js';
import { samples } from './support/files.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Files across instances (docs/files.md#several-instances): two instances on
 * one database share one upload folder (`UPLOAD_DIR`, a shared volume in
 * production); a file uploaded through one downloads through the other, byte
 * for byte, for the agent and for the visitor.
 */
describe('uploads with two instances sharing UPLOAD_DIR', () => {
  const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-shared-uploads-'));
  const a = useApp({ env: { UPLOAD_DIR: shared } });
  let b: TestApp;
  let floor: Floor;
  let agent: Session;
  const closers: Array<() => void> = [];

  beforeAll(async () => {
    // on MariaDB the second instance has a data folder of its own: only UPLOAD_DIR is shared
    const own: Record<string, string> = testDb === 'mysql' ? { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-b-')) } : {};
    b = await startApp({ env: { UPLOAD_DIR: shared, ...own }, database: a.database, clock: a.clock });
    floor = await newFloor(a, 1);
    agent = floor.agents[0];
    const socket = await goOnline(a, agent);
    closers.push(() => socket.close());
  });
  afterAll(async () => {
    closers.forEach((c) => c());
    await b?.close();
    fs.rmSync(shared, { recursive: true, force: true });
  });

  const download = (app: TestApp, token: string, fileId: string) =>
    app.http().get(api(`/files/${fileId}`)).set(auth(token)).buffer(true).parse((res, cb) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => cb(null, Buffer.concat(parts)));
    });

  it('a file uploaded through one instance downloads through the other, both ways', async () => {
    const chat = await startChat(a, floor.inbox.id, { name: 'Cleo Cluster' });
    await until(async () => (await getTxn(a, agent, chat.transaction.id)).status === 'assigning');
    await b.http().post(api(`/transactions/${chat.transaction.id}/accept`)).set(auth(agent)).expect(200);

    // the visitor's upload lands on A; the agent reads it through B
    const fromVisitor = await a.http().post(api(`/visitor/chats/${chat.transaction.id}/files`)).set(auth(chat.visitorToken))
      .attach('file', samples.png, { filename: 'screen.png', contentType: 'application/octet-stream' }).expect(201);
    const visitorFile = fromVisitor.body.attachments[0].id as string;
    const viaB = await download(b, agent.token, visitorFile).expect(200);
    expect(viaB.headers['content-type']).toBe('image/png');
    expect(sha256(viaB.body as Buffer)).toBe(sha256(samples.png));

    // the agent's upload lands on B; the visitor reads it through A, and sees it in the chat there
    const pdf = Buffer.concat([samples.pdf, Buffer.from(`\n% ${chat.transaction.id}\n`)]);
    const fromAgent = await b.http().post(api(`/transactions/${chat.transaction.id}/files`)).set(auth(agent))
      .attach('file', pdf, { filename: 'offer.pdf', contentType: 'application/octet-stream' }).expect(201);
    const agentFile = fromAgent.body.attachments[0].id as string;
    const viaA = await download(a, chat.visitorToken, agentFile).expect(200);
    expect(sha256(viaA.body as Buffer)).toBe(sha256(pdf));
    const messages = (await a.http().get(api(`/visitor/chats/${chat.transaction.id}/messages`)).set(auth(chat.visitorToken)).expect(200)).body.items;
    expect(messages.flatMap((m: { attachments: Array<{ id: string }> }) => m.attachments.map((f) => f.id))).toEqual([visitorFile, agentFile]);

    // both were written into the one shared folder, nowhere else
    const stored = fs.readdirSync(path.join(shared, 'files'));
    expect(stored).toEqual(expect.arrayContaining([expect.any(String), expect.any(String)]));
    expect(stored.length).toBe(2);
  });
});
