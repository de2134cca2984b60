#!/usr/bin/env node
// Screenshots of the visitor widget for docs/widget.md, taken from a real server:
//   node scripts/widget-screenshots.mjs
// Builds what is stale, starts the server on a free port with a fresh embedded
// database (demo organization and inbox), opens /demo in Debian's Chromium and
// plays one chat (the demo owner answers through a socket). Writes docs/images/widget-*.png.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { io } from 'socket.io-client';
import { buildIfStale, buildWebIfStale, ENTRY } from './build-if-stale.mjs';
import { freePort } from './free-port.mjs';

const OUT = 'docs/images';
const DEMO = { email: 'owner@demo.switchboard.local', password: 'switchboard-demo' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

buildIfStale();
await buildWebIfStale();
fs.mkdirSync(OUT, { recursive: true });
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-shots-'));
const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ADMIN_ENABLED: 'false' };
delete env.DATABASE_URL; // the embedded database, with the demo organization
delete env.JWT_SECRET;
const server = spawn(process.execPath, [ENTRY], {
  env,
  stdio: 'inherit',
});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not yet listening
    }
    if (i > 100) throw new Error('the server did not start');
    await sleep(200);
  }
  const post = async (p, body, token) => {
    const res = await fetch(`${url}/api/v1${p}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const { accessToken } = await post('/auth/login', DEMO);
  const inbox = (await (await fetch(`${url}/api/v1/inboxes`, { headers: { Authorization: `Bearer ${accessToken}` } })).json()).items[0];
  // someone is already waiting, so the visitor is number 2
  await post(`/visitor/inboxes/${inbox.id}/chats`, { name: 'Earlier Visitor' });

  const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  const page = await context.newPage();
  await page.goto(`${url}/demo`);
  const button = page.getByRole('button', { name: /Chat with us/ });
  await button.waitFor();
  await sleep(300);
  await page.screenshot({ path: `${OUT}/widget-closed.png` });

  await button.click();
  const panel = page.frameLocator('iframe[title="Chat"]');
  await panel.getByRole('textbox', { name: 'Name' }).fill('Vera Visitor');
  await panel.getByRole('textbox', { name: 'Email' }).fill('vera@example.com');
  await sleep(300);
  await page.screenshot({ path: `${OUT}/widget-pre-chat.png` });

  await panel.getByRole('button', { name: 'Start chat' }).click();
  await panel.getByText('in the queue').waitFor();
  await panel.getByRole('textbox', { name: 'Message' }).fill('Hi! My parcel has not arrived yet.');
  await panel.getByRole('button', { name: 'Send' }).click();
  await sleep(500);
  await page.screenshot({ path: `${OUT}/widget-waiting.png` });

  // the demo owner comes online and accepts the visitor's chat
  const frame = page.frames().find((f) => f.url().includes('/widget/panel'));
  const { transactionId } = JSON.parse(await frame.evaluate((k) => localStorage.getItem(k), `switchboard:chat:${inbox.id}`));
  const agent = io(`${url}/agent`, { auth: { token: accessToken }, transports: ['websocket'] });
  const ask = (event, payload) => agent.timeout(5000).emitWithAck(event, payload);
  for (let i = 0; ; i++) {
    await sleep(300);
    const ack = await ask('chat.accept', { transactionId }).catch(() => ({ ok: false }));
    if (ack.ok) break;
    if (i > 50) throw new Error('the chat was not offered to the demo owner');
  }
  await ask('message.send', { transactionId, clientMessageId: 'shot-1', body: 'Hello Vera, I am sorry to hear that. Could you give me the order number?' });
  await panel.getByText('I am sorry').waitFor();
  await panel.getByRole('textbox', { name: 'Message' }).fill('Sure, it is 10442.');
  await panel.getByRole('button', { name: 'Send' }).click();
  await sleep(300);
  await ask('message.send', { transactionId, clientMessageId: 'shot-2', body: 'Thanks! It left our warehouse yesterday; you can follow it at https://example.com/track/10442' });
  await ask('typing', { transactionId, typing: true });
  await panel.getByText('is typing').waitFor();
  await sleep(300);
  await page.screenshot({ path: `${OUT}/widget-conversation.png` });

  await page.setViewportSize({ width: 390, height: 780 });
  await sleep(500);
  await page.screenshot({ path: `${OUT}/widget-phone.png` });
  agent.close();
  console.log(`screenshots written to ${OUT}/widget-*.png`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
