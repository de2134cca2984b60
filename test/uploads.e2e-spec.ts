import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { ForbiddenError } from '../src/common/errors/domain-error.js';
import { UploadService } from '../src/modules/upload/upload.service.js';
import { api, connectSocket, nextEvent, useApp, until } from './support/app.js';
import { getTxn, goOnline, newFloor, startChat, type Floor, type StartedChat } from './support/chat.js';
import { auth, newInbox, newOrganization, newUser, type Session } from './support/factories.js';
import { filesUnder, samples, streamUpload } from './support/files.js';

const MB = 1024 * 1024;
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('file uploads in live chat', () => {
  const t = useApp();
  let floor: Floor;
  let agent: Session;
  let agentSocket: Socket;
  const sockets: Socket[] = [];
  let uploadDir: string;

  beforeAll(async () => {
    uploadDir = path.join(t.env.DATA_DIR, 'uploads');
    floor = await newFloor(t, 1, { maxActiveChatsPerAgent: 50 });
    agent = floor.agents[0];
    agentSocket = await goOnline(t, agent);
  });
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.close());
  });
  afterAll(async () => {
    agentSocket.close();
  });

  /** A chat the floor's agent has accepted, so both sides may upload. */
  async function openChat(): Promise<StartedChat> {
    const chat = await startChat(t, floor.inbox.id, { name: 'Vera Visitor' });
    await until(async () => (await getTxn(t, agent, chat.transaction.id)).status === 'assigning');
    await t.http().post(api(`/transactions/${chat.transaction.id}/accept`)).set(auth(agent)).expect(200);
    return chat;
  }

  const visitorUpload = (chat: StartedChat, name: string, bytes: Buffer, fields: Record<string, string> = {}) => {
    let req = t.http().post(api(`/visitor/chats/${chat.transaction.id}/files`)).set(auth(chat.visitorToken));
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', bytes, { filename: name, contentType: 'application/octet-stream' });
  };
  const agentUpload = (who: Session | string, txnId: string, name: string, bytes: Buffer) =>
    t.http().post(api(`/transactions/${txnId}/files`)).set(auth(who)).attach('file', bytes, { filename: name, contentType: 'application/octet-stream' });

  /** Downloads as raw bytes whatever the content type. */
  const download = (who: Session | string | null, fileId: string) => {
    const req = t.http().get(api(`/files/${fileId}`));
    if (who) req.set(auth(who));
    return req.buffer(true).parse((res, cb) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => cb(null, Buffer.concat(parts)));
    });
  };

  const messageCount = async (chat: StartedChat) =>
    (await t.http().get(api(`/visitor/chats/${chat.transaction.id}/messages?limit=200`)).set(auth(chat.visitorToken)).expect(200)).body.items.length;
  const fileRows = () => t.app.get(DataSource).query('SELECT id, storageKey, sha256, size, originalName FROM files');
  const incoming = () => filesUnder(path.join(uploadDir, 'incoming'));
  // a refused upload's temporary copy is removed as the request fails; allow that a few ms
  const noLeftovers = () => until(() => incoming().length === 0, 3000);

  it('accepts each allowed family and serves back exactly the uploaded bytes', async () => {
    const chat = await openChat();
    const cases: Array<[string, Buffer, string]> = [
      ['photo.png', samples.png, 'image/png'],
      ['Photo.JPG', samples.jpg, 'image/jpeg'],
      ['contract.pdf', samples.pdf, 'application/pdf'],
      ['letter.docx', samples.docx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['bundle.zip', samples.zip, 'application/zip'],
      ['voice.mp3', samples.mp3, 'audio/mpeg'],
      ['notes.txt', samples.txt, 'text/plain; charset=utf-8'],
      ['list.csv', samples.csv, 'text/csv; charset=utf-8'],
      ['logo.svg', samples.svg, 'image/svg+xml'],
      ['trace.pcap', samples.pcap, 'application/vnd.tcpdump.pcap'],
    ];
    for (const [name, bytes, contentType] of cases) {
      const res = await visitorUpload(chat, name, bytes);
      expect([name, res.status, res.body.code]).toEqual([name, 201, undefined]);
      expect(res.body).toMatchObject({ transactionId: chat.transaction.id, sender: { type: 'visitor' }, body: name });
      expect(res.body.attachments).toEqual([{ id: expect.any(String), name, size: bytes.length, contentType }]);
      const fileId = res.body.attachments[0].id;

      for (const who of [agent, chat.visitorToken]) {
        const got = await download(who, fileId).expect(200);
        expect(Buffer.compare(got.body as Buffer, bytes)).toBe(0);
        expect(got.headers['content-type']).toBe(contentType);
        expect(got.headers['content-disposition']).toBe(`attachment; filename="${name}"; filename*=UTF-8''${name}`);
        expect(got.headers['x-content-type-options']).toBe('nosniff');
      }
      const [row] = (await fileRows()).filter((r: { id: string }) => r.id === fileId);
      expect(row).toMatchObject({ sha256: sha256(bytes), originalName: name, storageKey: `files/${fileId}` });
      expect(Number(row.size)).toBe(bytes.length);
      expect(fs.readFileSync(path.join(uploadDir, 'files', fileId)).equals(bytes)).toBe(true);
    }

    // the agent handling the chat uploads too
    const fromAgent = await agentUpload(agent, chat.transaction.id, 'invoice.pdf', samples.pdf).expect(201);
    expect(fromAgent.body).toMatchObject({ sender: { type: 'agent', id: agent.user.id }, attachments: [{ name: 'invoice.pdf', contentType: 'application/pdf' }] });
    expect(Buffer.compare((await download(chat.visitorToken, fromAgent.body.attachments[0].id).expect(200)).body, samples.pdf)).toBe(0);

    // listed messages carry their attachments, and the timeline shows the uploads
    const listed = await t.http().get(api(`/transactions/${chat.transaction.id}/messages?limit=200`)).set(auth(agent)).expect(200);
    expect(listed.body.items.filter((m: { attachments: unknown[] }) => m.attachments.length === 1)).toHaveLength(cases.length + 1);
    const detail = await t.http().get(api(`/transactions/${chat.transaction.id}`)).set(auth(agent)).expect(200);
    expect(detail.body.timeline.filter((e: { type: string }) => e.type === 'file_uploaded')).toHaveLength(cases.length + 1);
    await noLeftovers();
  });

  it('describes the file endpoints in the OpenAPI document', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/transactions/{id}/files', '/api/v1/visitor/chats/{id}/files', '/api/v1/files/{id}']));
    expect(Object.keys(doc.paths['/api/v1/transactions/{id}/files'].post.requestBody.content)).toEqual(['multipart/form-data']);
  });

  it('serves SVG and other active content only as a sandboxed download', async () => {
    const chat = await openChat();
    const res = await visitorUpload(chat, 'logo.svg', samples.svg).expect(201);
    const got = await download(agent, res.body.attachments[0].id).expect(200);
    expect(got.headers['content-type']).toBe('image/svg+xml');
    expect(got.headers['content-disposition']).toMatch(/^attachment;/);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
  });

  it('delivers an upload with its caption as message.new to the agent and the visitor', async () => {
    const chat = await openChat();
    const visitor = await connectSocket(t.url, '/visitor', chat.visitorToken);
    sockets.push(visitor);
    const toAgent = nextEvent(agentSocket, 'message.new', 5000, (p) => p.message.transactionId === chat.transaction.id);
    const toVisitor = nextEvent(visitor, 'message.new', 5000, (p) => p.message.transactionId === chat.transaction.id);
    const res = await visitorUpload(chat, 'screenshot.png', samples.png, { caption: 'Here is the error' }).expect(201);
    for (const event of [await toAgent, await toVisitor]) {
      expect(event.message).toMatchObject({
        id: res.body.id,
        body: 'Here is the error',
        sender: { type: 'visitor' },
        attachments: [{ id: res.body.attachments[0].id, name: 'screenshot.png', size: samples.png.length, contentType: 'image/png' }],
      });
    }
  });

  it('stores a resend with the same clientMessageId once', async () => {
    const chat = await openChat();
    const first = await visitorUpload(chat, 'a.png', samples.png, { clientMessageId: 'up-1' }).expect(201);
    const again = await visitorUpload(chat, 'a.png', samples.png, { clientMessageId: 'up-1' }).expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.attachments).toEqual(first.body.attachments);
    const rows = (await fileRows()).filter((r: { id: string }) => r.id === first.body.attachments[0].id);
    expect(rows).toHaveLength(1);
    expect(await messageCount(chat)).toBe(1);
    await noLeftovers();
  });

  it('refuses extensions that are not on the list with 415 and the list', async () => {
    const chat = await openChat();
    for (const name of ['setup.exe', 'page.html', 'app.js', 'no-extension', 'photo.png.exe', '.png']) {
      const res = await visitorUpload(chat, name, samples.txt).expect(415);
      expect(res.body.code).toBe('unsupported_file_type');
      expect(res.body.message).toContain('7z, avi, bmp, cfg, csv, doc, docx, gif, gz, jpeg, jpg, json, mkv, mov, mp3, mp4, pcap, pdf, pgp, png, psd, rar, svg, tar, tgz, tif, tiff, txt, wav, webm, wmv, xls, xlsx, xml, zip');
    }
    expect(await messageCount(chat)).toBe(0);
    await noLeftovers();
  });

  it('refuses executables under any name and content that does not match its extension', async () => {
    const chat = await openChat();
    const before = (await fileRows()).length;
    const cases: Array<[string, Buffer, string]> = [
      ['holiday.png', samples.pe, 'executable_refused'],
      ['report.pdf', samples.elf, 'executable_refused'],
      ['readme.txt', Buffer.from('#!/bin/sh\nrm -rf ~\n'), 'executable_refused'],
      ['report.pdf', samples.png, 'content_mismatch'],
      ['photo.jpg', samples.png, 'content_mismatch'],
      ['letter.docx', samples.pdf, 'content_mismatch'],
      ['notes.txt', samples.png, 'content_mismatch'],
      ['data.csv', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0xff, 0xfe, 0x00, 0x01]), 'content_mismatch'],
    ];
    for (const [name, bytes, code] of cases) {
      const res = await visitorUpload(chat, name, bytes);
      expect([name, res.status, res.body.code]).toEqual([name, 415, code]);
    }
    expect(await messageCount(chat)).toBe(0);
    expect((await fileRows()).length).toBe(before);
    await noLeftovers();
  });

  it('refuses an empty file (400 empty_file) and a request without a file (400 file_required)', async () => {
    const chat = await openChat();
    expect((await visitorUpload(chat, 'empty.txt', Buffer.alloc(0)).expect(400)).body.code).toBe('empty_file');
    const noFile = await t.http().post(api(`/visitor/chats/${chat.transaction.id}/files`)).set(auth(chat.visitorToken)).field('caption', 'hi').expect(400);
    expect(noFile.body.code).toBe('file_required');
    const wrongField = await t.http().post(api(`/visitor/chats/${chat.transaction.id}/files`)).set(auth(chat.visitorToken)).attach('upload', samples.png, 'a.png').expect(400);
    expect(wrongField.body.code).toBe('invalid_upload');
    const unknownField = await visitorUpload(chat, 'a.png', samples.png, { hack: '1' }).expect(400);
    expect(unknownField.body.code).toBe('validation_failed');
    expect(await messageCount(chat)).toBe(0);
    await noLeftovers();
  });

  it('keeps a path-like client name only as a sanitized display name', async () => {
    const chat = await openChat();
    const res = await visitorUpload(chat, '../../etc/passwd.txt', samples.txt).expect(201);
    const file = res.body.attachments[0];
    expect(file.name).toBe('passwd.txt');
    expect(fs.existsSync(path.join(uploadDir, '..', '..', 'etc', 'passwd.txt'))).toBe(false);
    expect(fs.existsSync(path.join(os.tmpdir(), 'etc', 'passwd.txt'))).toBe(false);
    const [row] = (await fileRows()).filter((r: { id: string }) => r.id === file.id);
    expect(row.storageKey).toBe(`files/${file.id}`);
    expect(filesUnder(uploadDir).some((f) => f.includes('passwd'))).toBe(false);
    const got = await download(chat.visitorToken, file.id).expect(200);
    expect(got.headers['content-disposition']).toBe(`attachment; filename="passwd.txt"; filename*=UTF-8''passwd.txt`);

    const odd = await visitorUpload(chat, 'Ünïcode "quoted"\r\nname.txt', samples.txt).expect(201);
    expect(odd.body.attachments[0].name).toBe('Ünïcode _quoted_name.txt');
    const oddGot = await download(agent, odd.body.attachments[0].id).expect(200);
    expect(oddGot.headers['content-disposition']).toBe(`attachment; filename="_n_code _quoted_name.txt"; filename*=UTF-8''${encodeURIComponent('Ünïcode _quoted_name.txt')}`);
  });

  it("stops an upload over the organization's limit while streaming: 413, nothing stored, memory far below the file size", async () => {
    const chat = await openChat();
    const rowsBefore = (await fileRows()).length;
    const chunk = Buffer.alloc(MB, 0x41);
    const total = 60 * MB;
    // what the process retains while the upload is under way (after a full GC), against before it began
    const retained = () => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const base = retained();
    const growth: number[] = [];
    const res = await streamUpload({
      url: `${t.url}${api(`/visitor/chats/${chat.transaction.id}/files`)}`,
      token: chat.visitorToken,
      filename: 'huge.txt',
      chunks: async function* () {
        for (let sent = 0; sent < total; sent += chunk.length) {
          if (sent > 0 && sent % (10 * MB) === 0) {
            await new Promise((r) => setTimeout(r, 50));
            growth.push(retained() - base);
          }
          yield chunk;
        }
      },
    });
    expect(res).toMatchObject({ status: 413, body: { code: 'file_too_large', message: expect.stringContaining(String(25 * MB)) } });
    // the default limit is 25 MB: holding the file, or even the part up to the limit, would retain 20 MB and
    // more at the later checkpoints (multer's memoryStorage retains ~36 MB here); streaming keeps a few socket buffers
    expect(growth).toHaveLength(5);
    expect(Math.max(...growth)).toBeLessThan(16 * MB);
    expect(await messageCount(chat)).toBe(0);
    expect((await fileRows()).length).toBe(rowsBefore);
    await noLeftovers();

    // the limit is the organization's own
    const small = await newFloor(t, 0, { maxUploadBytes: 2048 });
    const smallChat = await startChat(t, small.inbox.id);
    const up = (bytes: Buffer) =>
      t.http().post(api(`/visitor/chats/${smallChat.transaction.id}/files`)).set(auth(smallChat.visitorToken)).attach('file', bytes, 'a.txt');
    const over = await up(Buffer.alloc(2049, 0x61)).expect(413);
    expect(over.body).toEqual({ statusCode: 413, code: 'file_too_large', message: expect.stringContaining('2048') });
    await up(Buffer.alloc(2048, 0x61)).expect(201);
    await noLeftovers();
  });

  it('leaves nothing half-written when the client aborts mid-upload', async () => {
    const chat = await openChat();
    const rowsBefore = (await fileRows()).length;
    const chunk = Buffer.alloc(256 * 1024, 0x42);
    const res = await streamUpload({
      url: `${t.url}${api(`/visitor/chats/${chat.transaction.id}/files`)}`,
      token: chat.visitorToken,
      filename: 'big.txt',
      chunks: function* () {
        for (let i = 0; i < 80; i++) yield chunk;
      },
      abortAfterBytes: 4 * MB,
      // the server is writing the file when the client goes away
      onAbortPoint: () => until(() => incoming().some((f) => f.endsWith('.part'))),
    });
    expect(res).toEqual({ aborted: true });
    await until(() => incoming().length === 0);
    expect(await messageCount(chat)).toBe(0);
    expect((await fileRows()).length).toBe(rowsBefore);
  });

  it("serves a file only to the TXN's visitor and users who may see its inbox", async () => {
    const chat = await openChat();
    const fileId = (await visitorUpload(chat, 'a.png', samples.png).expect(201)).body.attachments[0].id;
    await download(chat.visitorToken, fileId).expect(200);
    await download(agent, fileId).expect(200);

    const otherMember = await newUser(t, floor.org, 'member');
    await newInbox(t, floor.org, [otherMember]);
    expect((await download(otherMember, fileId).expect(404)).body.toString()).toContain('file_not_found');
    // owner without the Contact Center license and not an agent of the inbox: like a member
    await download(floor.org.owner, fileId).expect(404);
    await t.http().patch(api('/organization')).set(auth(floor.org.owner)).send({ contactCenterLicense: true }).expect(200);
    await download(floor.org.owner, fileId).expect(200);
    await t.http().patch(api('/organization')).set(auth(floor.org.owner)).send({ contactCenterLicense: false }).expect(200);

    const otherOrg = await newOrganization(t, { contactCenterLicense: true });
    await download(otherOrg.owner, fileId).expect(404);
    const otherChat = await startChat(t, floor.inbox.id);
    await download(otherChat.visitorToken, fileId).expect(404);
    await download(null, fileId).expect(401);
    await download(agent, '00000000-0000-0000-0000-000000000000').expect(404);
  });

  it('refuses uploads into ended chats, from unknown visitors, other chats and agents not handling the chat', async () => {
    const chat = await openChat();
    const stranger = await newUser(t, floor.org, 'member');
    const notMine = await agentUpload(stranger, chat.transaction.id, 'a.png', samples.png).expect(404);
    expect(notMine.body.code).toBe('transaction_not_found');
    const colleague = await newUser(t, floor.org, 'member');
    await t.http().put(api(`/inboxes/${floor.inbox.id}/agents`)).set(auth(floor.org.owner)).send({ userIds: [agent.user.id, colleague.user.id] }).expect(200);
    expect((await agentUpload(colleague, chat.transaction.id, 'a.png', samples.png).expect(403)).body.code).toBe('not_assignee');

    await t.http().post(api(`/visitor/chats/${chat.transaction.id}/files`)).attach('file', samples.png, 'a.png').expect(401);
    await t.http().post(api(`/visitor/chats/${chat.transaction.id}/files`)).set(auth('forged.token.value')).attach('file', samples.png, 'a.png').expect(401);
    const other = await startChat(t, floor.inbox.id);
    expect((await visitorUpload({ ...other, transaction: chat.transaction }, 'a.png', samples.png).expect(404)).body.code).toBe('transaction_not_found');

    await t.http().post(api(`/visitor/chats/${chat.transaction.id}/leave`)).set(auth(chat.visitorToken)).expect(200);
    expect((await visitorUpload(chat, 'a.png', samples.png).expect(409)).body.code).toBe('transaction_ended');
    expect((await agentUpload(agent, chat.transaction.id, 'a.png', samples.png).expect(409)).body.code).toBe('transaction_ended');
    await noLeftovers();
  });

  it('asks the registered upload checks (the blacklist hook) before accepting bytes', async () => {
    const chat = await openChat();
    const blocked = new Set([chat.transaction.customerId]);
    t.app.get(UploadService).addUploadCheck(async (uploader) => {
      if (uploader.kind === 'visitor' && blocked.has(uploader.customerId)) throw new ForbiddenError('This contact is blocked', 'blocked');
    });
    const res = await visitorUpload(chat, 'a.png', samples.png).expect(403);
    expect(res.body.code).toBe('blocked');
    blocked.clear();
    await visitorUpload(chat, 'a.png', samples.png).expect(201);
  });
});

describe('upload rate limit', () => {
  // 'visitor-upload' allows max(10, chat starts / 3) uploads a minute per visitor
  const t = useApp({ env: { VISITOR_RATE_LIMIT_PER_MINUTE: '3' } });

  it('limits uploads per visitor (429 rate_limited), not per chat start address', async () => {
    const { inbox } = await newFloor(t, 0);
    const first = await startChat(t, inbox.id);
    const second = await startChat(t, inbox.id);
    const up = (chat: StartedChat) => t.http().post(api(`/visitor/chats/${chat.transaction.id}/files`)).set(auth(chat.visitorToken)).attach('file', samples.txt, 'n.txt');
    for (let i = 0; i < 10; i++) await up(first).expect(201);
    const limited = await up(first).expect(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(limited.headers['retry-after']).toEqual(expect.any(String));
    await up(second).expect(201);
  });
});
