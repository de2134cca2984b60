#!/usr/bin/env node
// Screenshots of the agent workspace for docs/workspace.md, made the way an
// agent sees it: `npm start` on a fresh embedded database in a temporary
// directory, a few agents, inboxes and visitors created through the API, and
// Debian Chromium driving /app.
// (Builds like `npm start` first, then runs the built server.) Rerun with `node scripts/screenshots.mjs`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { buildIfStale, buildWebIfStale, ENTRY } from './build-if-stale.mjs';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'docs', 'screenshots');
mkdirSync(out, { recursive: true });

const freePort = () =>
  new Promise((done) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => done(port));
    });
  });

const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-shots-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const owner = { email: 'owner@demo.test', password: 'owner-password' };
const { DATABASE_URL: _ignored, ...env } = process.env;
buildIfStale();
await buildWebIfStale();
// the server itself (not `npm start`, whose child would outlive a kill)
const server = spawn(process.execPath, [ENTRY], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...env,
    PORT: String(port),
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    BOOTSTRAP_OWNER_EMAIL: owner.email,
    BOOTSTRAP_OWNER_PASSWORD: owner.password,
    BOOTSTRAP_ORGANIZATION_NAME: 'Northwind Support',
    VISITOR_RATE_LIMIT_PER_MINUTE: '1000',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    ADMIN_ENABLED: 'false',
    LOG_LEVEL: 'error',
  },
});

const pause = (ms) => new Promise((r) => setTimeout(r, ms));
async function call(method, path, body, token) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { ...(body ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A small PNG (a soft gradient with a receipt-like stripe) for the attachment preview. */
function png(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const line = y % 14 < 3 && x > 20 && x < width - 20 && y > 20 && y < height - 20;
      const v = line ? 150 : 235 - Math.round((y / height) * 25);
      row[1 + x * 3] = v;
      row[2 + x * 3] = v + (line ? 0 : 5);
      row[3 + x * 3] = Math.min(255, v + (line ? 20 : 12));
    }
    rows.push(row);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

let browser;
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (i > 600) throw new Error('the server did not start');
    await pause(200);
  }

  // the floor: two agents, two inboxes, canned responses
  const { accessToken: ot } = await call('POST', '/auth/login', owner);
  await call('PATCH', '/organization', { offerTimeoutSeconds: 45, transferTimeoutSeconds: 60 }, ot);
  const maya = await call('POST', '/users', { name: 'Maya Patel', email: 'maya@demo.test', password: 'maya-password', role: 'member' }, ot);
  const jonas = await call('POST', '/users', { name: 'Jonas Weber', email: 'jonas@demo.test', password: 'jonas-password', role: 'member' }, ot);
  const support = await call('POST', '/inboxes', { name: 'Customer Support' }, ot);
  const billing = await call('POST', '/inboxes', { name: 'Billing' }, ot);
  await call('PUT', `/inboxes/${support.id}/agents`, { userIds: [maya.id, jonas.id] }, ot);
  await call('PUT', `/inboxes/${billing.id}/agents`, { userIds: [maya.id] }, ot);
  await call('POST', '/canned-responses', { shortcut: 'greet', content: 'Hello {{customer.name}}, this is {{agent.name}} from {{inbox.name}}. How can I help?', scope: 'organization' }, ot);
  await call('POST', '/canned-responses', { shortcut: 'refund', content: 'I have started the refund; it reaches your account within 3–5 business days.', scope: 'organization' }, ot);
  await call('POST', '/canned-responses', { shortcut: 'thanks', content: 'Thank you for contacting us, {{customer.name}}. Have a great day!', scope: 'organization' }, ot);
  const login = async (email, password) => (await call('POST', '/auth/login', { email, password })).accessToken;
  const jt = await login('jonas@demo.test', 'jonas-password');
  const mt = await login('maya@demo.test', 'maya-password');
  await call('PUT', '/me/presence', { status: 'away' }, jt);

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const shot = (name) => page.screenshot({ path: join(out, `${name}.png`) });

  await page.goto(`${base}/app`);
  await page.getByRole('textbox', { name: 'Email' }).fill('maya@demo.test');
  await shot('workspace-sign-in');
  await page.getByRole('textbox', { name: 'Password' }).fill('maya-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('region', { name: 'Chats' }).waitFor();
  await pause(800);

  // visitors arrive
  const visit = async (inboxId, who, message) => call('POST', `/visitor/inboxes/${inboxId}/chats`, { ...who, message });
  const say = (chat, body) => call('POST', `/visitor/chats/${chat.transaction.id}/messages`, { body }, chat.visitorToken);
  const first = await visit(support.id, { name: 'Elena Garcia', email: 'elena.garcia@example.com', phone: '+34 600 123 456' }, 'Hi, my order #10482 arrived damaged. Can you help?');
  const offer = page.getByRole('alertdialog', { name: /offered/ });
  await offer.waitFor();
  await pause(600);
  await shot('workspace-offer');
  await offer.getByRole('button', { name: 'Accept' }).click();
  await page.getByRole('log', { name: 'Messages' }).waitFor();

  const second = await visit(support.id, { name: 'Tom Becker', email: 'tom.becker@example.com' }, 'Do you ship to Austria?');
  await page.getByRole('alertdialog', { name: /offered/ }).getByRole('button', { name: 'Accept' }).click();
  const third = await visit(billing.id, { name: 'Priya Nair', email: 'priya@example.com' }, 'I was charged twice for my subscription.');
  await page.getByRole('alertdialog', { name: /offered/ }).getByRole('button', { name: 'Accept' }).click();
  await say(second, 'Also, how long does it usually take?');
  await say(third, 'The second charge was on March 3.');
  await call('PUT', '/me/presence', { status: 'away' }, mt).catch(() => undefined);
  await call('PUT', '/me/presence', { status: 'online' }, mt).catch(() => undefined);
  await visit(support.id, { name: 'Lukas Brandt' }, 'Is the store open on Sunday?');
  await visit(billing.id, { name: 'Ana Souza', email: 'ana@example.com' }, 'Can I get an invoice with my company address?');

  // the conversation with Elena
  await page.getByRole('region', { name: 'Chats' }).getByRole('button', { name: /Elena Garcia/ }).click();
  const composer = page.getByRole('textbox', { name: 'Message', exact: true });
  await composer.pressSequentially('/gre');
  await page.getByRole('listbox', { name: 'Canned responses' }).waitFor();
  await pause(300);
  await composer.press('Enter');
  await composer.press('Enter');
  await say(first, 'Here is a photo of the box.');
  await fetch(`${base}/api/v1/visitor/chats/${first.transaction.id}/files`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${first.visitorToken}` },
    body: (() => {
      const form = new FormData();
      form.append('file', new Blob([png(320, 200)], { type: 'image/png' }), 'damaged-box.png');
      return form;
    })(),
  });
  await composer.pressSequentially('Thank you, Elena. I am sorry about that — I will send a replacement today.');
  await composer.press('Enter');
  await say(first, 'That would be great, thanks!');
  await page.getByRole('log', { name: 'Messages' }).getByRole('img', { name: 'damaged-box.png' }).waitFor();
  await pause(500);
  await shot('workspace-conversation');

  // canned responses
  await composer.pressSequentially('/');
  await page.getByRole('listbox', { name: 'Canned responses' }).waitFor();
  await pause(300);
  await shot('workspace-canned-responses');
  await composer.fill('');
  await page.keyboard.press('Escape');

  // transfer dialog
  await call('PUT', '/me/presence', { status: 'online' }, jt);
  const jonasContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const jonasPage = await jonasContext.newPage();
  await jonasPage.goto(`${base}/app`);
  await jonasPage.getByRole('textbox', { name: 'Email' }).fill('jonas@demo.test');
  await jonasPage.getByRole('textbox', { name: 'Password' }).fill('jonas-password');
  await jonasPage.getByRole('button', { name: 'Sign in' }).click();
  await jonasPage.getByRole('region', { name: 'Chats' }).waitFor();
  // Lukas has been waiting in Jonas's inbox: Jonas takes him first
  await jonasPage.getByRole('alertdialog', { name: /offered/ }).getByRole('button', { name: 'Accept' }).click();
  await pause(800);
  await page.getByRole('button', { name: 'Transfer', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Transfer chat' });
  await dialog.getByRole('combobox', { name: 'Agent' }).selectOption(jonas.id);
  await pause(300);
  await shot('workspace-transfer');
  await dialog.getByRole('button', { name: 'Send request' }).click();
  await jonasPage.getByRole('alertdialog', { name: /Transfer request/ }).waitFor();
  await pause(600);
  await jonasPage.screenshot({ path: join(out, 'workspace-transfer-request.png') });
  await page.getByRole('button', { name: 'Cancel transfer' }).waitFor();
  await shot('workspace-transfer-pending');
  await jonasPage.getByRole('alertdialog', { name: /Transfer request/ }).getByRole('button', { name: 'Reject' }).click();
  await page.getByRole('alert').filter({ hasText: 'rejected' }).waitFor();

  // the waiting queue
  await page.getByRole('tab', { name: 'Waiting' }).click();
  await pause(300);
  await shot('workspace-waiting');
  await page.getByRole('tab', { name: 'Mine' }).click();

  // a narrow window
  await page.setViewportSize({ width: 390, height: 780 });
  await pause(300);
  await shot('workspace-narrow-chat');
  await page.getByRole('button', { name: 'Back to chats' }).click();
  await pause(300);
  await shot('workspace-narrow-list');
  console.log(`screenshots written to ${out}`);
} finally {
  await browser?.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
