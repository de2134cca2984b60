/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { api, ask, nextEvent, socketTracker, startApp, until, useApp } from './support/app.js';
import { launchChromium, type TestBrowser } from './support/browser.js';
import { goOnline, newFloor, startChat, type Floor } from './support/chat.js';
import { createTestDatabase } from './support/database.js';
import { auth } from './support/factories.js';

const HOSTILE_CSS = 'body * { display: none !important; } button { font-size: 80px !important; } iframe { width: 10px !important; }';

/** A website on another origin (its own port) that embeds the widget with the one tag. */
async function hostSite(): Promise<{ url: (appUrl: string, inboxId: string, hostile?: boolean) => string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const q = new URL(req.url!, 'http://x').searchParams;
    const css = q.get('hostile') ? `<style>${HOSTILE_CSS}</style>` : '';
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html><head><title>Shop</title>${css}</head><body><h1>A shop</h1><p>Products.</p>
<script src="${q.get('app')}/widget.js" data-inbox-id="${q.get('inbox')}" async></script></body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (appUrl, inboxId, hostile) => `${base}/?app=${encodeURIComponent(appUrl)}&inbox=${inboxId}${hostile ? '&hostile=1' : ''}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const panelOf = (page: Page): FrameLocator => page.frameLocator('iframe[title="Chat"]');
const panelFrame = (page: Page): Frame => page.frames().find((f) => f.url().includes('/widget/panel'))!;
async function chatIdOf(page: Page, inboxId: string): Promise<string> {
  let id: string | undefined;
  await until(async () => {
    const stored = await panelFrame(page).evaluate((key) => localStorage.getItem(key), `switchboard:chat:${inboxId}`);
    id = stored ? (JSON.parse(stored) as { transactionId: string }).transactionId : undefined;
    return !!id;
  });
  return id!;
}

async function openAndStart(page: Page, url: string, who: { name: string; email: string }) {
  await page.goto(url);
  await page.getByRole('button', { name: 'Chat with us' }).click();
  const panel = panelOf(page);
  await panel.getByRole('textbox', { name: 'Name' }).fill(who.name);
  await panel.getByRole('textbox', { name: 'Email' }).fill(who.email);
  await panel.getByRole('button', { name: 'Start chat' }).click();
  return panel;
}

/** The texts of the log's messages, in order. */
const logTexts = (panel: FrameLocator) => panel.getByRole('log', { name: 'Messages' }).getByRole('paragraph').allInnerTexts();
/** Messages and files shown as not yet acknowledged by the server. */
const unsent = (panel: FrameLocator) => panel.getByRole('log', { name: 'Messages' }).getByText(/^Sending/).count();

describe('visitor widget (one tag on another origin)', () => {
  const t = useApp();
  let chromium: TestBrowser;
  let site: Awaited<ReturnType<typeof hostSite>>;
  const track = socketTracker();

  beforeAll(async () => {
    chromium = await launchChromium();
    site = await hostSite();
  });
  afterAll(async () => {
    await site?.close();
    await chromium?.close();
  });

  /** The agent's side: a socket that accepts what it is offered. */
  async function agentOf(floor: Floor): Promise<Socket> {
    return track(await goOnline(t, floor.agents[0]));
  }

  it('starts a chat, shows the queue position move, then the agent; messages, typing and files both ways; the visitor ends it', async () => {
    const floor = await newFloor(t, 1, { maxActiveChatsPerAgent: 1 });
    // two chats ahead of the visitor's, while nobody is online
    const ahead = [await startChat(t, floor.inbox.id, { name: 'First' }), await startChat(t, floor.inbox.id, { name: 'Second' })];
    const context = await chromium.newContext();
    const page = await context.newPage();
    const panel = await openAndStart(page, site.url(t.url, floor.inbox.id), { name: 'Vera Visitor', email: 'vera@example.test' });
    await panel.getByText('No agent is online right now').first().waitFor();
    await panel.getByText('You are number 3 in the queue').waitFor();
    const id = await chatIdOf(page, floor.inbox.id);

    // the agent comes online: the first chat ahead is offered and accepted, the visitor moves up
    const agent = await agentOf(floor);
    const accept = async (txnId: string) => {
      await until(async () => (await t.http().get(api(`/transactions/${txnId}`)).set(auth(floor.agents[0])).expect(200)).body.status === 'assigning');
      expect((await ask(agent, 'chat.accept', { transactionId: txnId })).ok).toBe(true);
    };
    await accept(ahead[0].transaction.id);
    await panel.getByText('You are number 2 in the queue').waitFor();
    await ask(agent, 'chat.complete', { transactionId: ahead[0].transaction.id });
    await accept(ahead[1].transaction.id);
    await panel.getByText('You are number 1 in the queue').waitFor();
    await ask(agent, 'chat.complete', { transactionId: ahead[1].transaction.id });
    await accept(id);
    await panel.getByText(`You are chatting with ${floor.agents[0].user.name}`).waitFor();

    // visitor → agent, with typing
    const typing = nextEvent(agent, 'typing', 5000, (p: { from: string; typing: boolean }) => p.from === 'visitor' && p.typing);
    const fromVisitor = nextEvent(agent, 'message.new', 5000, (p: { message: { body: string } }) => p.message.body === 'Hello, I need help with my order');
    await panel.getByRole('textbox', { name: 'Message' }).fill('Hello, I need help');
    await panel.getByRole('textbox', { name: 'Message' }).pressSequentially(' with my order');
    await typing;
    await panel.getByRole('button', { name: 'Send' }).click();
    await fromVisitor;

    // agent → visitor, with typing
    await ask(agent, 'typing', { transactionId: id, typing: true });
    await panel.getByText('is typing').waitFor();
    await ask(agent, 'message.send', { transactionId: id, clientMessageId: 'agent-1', body: 'Sure, see https://example.test/orders.' });
    await panel.getByRole('log', { name: 'Messages' }).getByText('Sure, see').waitFor();
    const link = panel.getByRole('link', { name: 'https://example.test/orders' });
    expect(await link.getAttribute('rel')).toContain('noopener');

    // a file each way; a refused type is a sentence
    await panel.getByLabel('Attach file').setInputFiles({ name: 'tool.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
    await expect(panel.getByRole('alert').textContent()).resolves.toContain('cannot be sent');
    const fileAtAgent = nextEvent<{ message: { attachments: Array<{ id: string; name: string }> } }>(agent, 'message.new', 5000, (p) => p.message.attachments[0]?.name === 'receipt.txt');
    await panel.getByLabel('Attach file').setInputFiles({ name: 'receipt.txt', mimeType: 'text/plain', buffer: Buffer.from('order 42\n') });
    const uploaded = await fileAtAgent;
    const bytes = await t.http().get(api(`/files/${uploaded.message.attachments[0].id}`)).set(auth(floor.agents[0])).expect(200);
    expect(bytes.text).toBe('order 42\n');
    await t.http().post(api(`/transactions/${id}/files`)).set(auth(floor.agents[0])).attach('file', Buffer.from('label\n'), 'label.txt').expect(201);
    const download = page.waitForEvent('download');
    await panel.getByRole('button', { name: /Download label\.txt/ }).click();
    expect((await download).suggestedFilename()).toBe('label.txt');

    // the visitor ends the chat
    const ended = nextEvent(agent, 'chat.updated', 5000, (p: { transaction: { id: string; status: string } }) => p.transaction.id === id && p.transaction.status === 'ended');
    await panel.getByRole('button', { name: 'End chat' }).click();
    await ended;
    await panel.getByText('You ended the chat').waitFor();
    await panel.getByRole('button', { name: 'Start a new chat' }).click();
    await panel.getByRole('button', { name: 'Start chat' }).waitFor();
    expect(await panelFrame(page).evaluate((key) => localStorage.getItem(key), `switchboard:chat:${floor.inbox.id}`)).toBeNull();
    // no cookie of the widget on the host site
    expect((await context.cookies()).filter((c) => c.domain === '127.0.0.1')).toEqual([]);
    await context.close();
  });

  it('a reload resumes the same chat with every message once; an unread badge counts while the panel is closed', async () => {
    const floor = await newFloor(t, 1);
    const agent = await agentOf(floor);
    const context = await chromium.newContext();
    // every frame counts the tones it starts (the chime is Web Audio: nothing to hear headless)
    await context.addInitScript(() => {
      const w = window as unknown as { __tones: number; AudioContext?: typeof AudioContext };
      w.__tones = 0;
      const create = w.AudioContext?.prototype.createOscillator;
      if (create) w.AudioContext!.prototype.createOscillator = function (this: AudioContext) { w.__tones++; return create.call(this); };
    });
    const page = await context.newPage();
    const panel = await openAndStart(page, site.url(t.url, floor.inbox.id), { name: 'Rita Reload', email: 'rita@example.test' });
    const id = await chatIdOf(page, floor.inbox.id);
    await until(async () => (await t.http().get(api(`/transactions/${id}`)).set(auth(floor.agents[0]))).body.status === 'assigning');
    await ask(agent, 'chat.accept', { transactionId: id });
    for (const body of ['one', 'two']) {
      await panel.getByRole('textbox', { name: 'Message' }).fill(body);
      await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
    }
    // the visitor's two are stored before the agent answers, so the server's order is one, two, three
    await until(async () => (await unsent(panel)) === 0 && (await logTexts(panel)).includes('two'));
    await ask(agent, 'message.send', { transactionId: id, clientMessageId: 'a-three', body: 'three' });
    await until(async () => (await logTexts(panel)).includes('three'));

    await page.reload();
    await page.getByRole('button', { name: 'Chat with us' }).click();
    await until(async () => (await logTexts(panel)).includes('three'));
    expect((await logTexts(panel)).filter((b) => ['one', 'two', 'three'].includes(b))).toEqual(['one', 'two', 'three']);
    expect(await chatIdOf(page, floor.inbox.id)).toBe(id);

    // closed panel: the agent's messages are counted on the button, focus goes back to it
    await panel.getByRole('button', { name: 'Close chat' }).click();
    await expect(page.evaluate(() => document.activeElement?.tagName.toLowerCase())).resolves.toBe('switchboard-chat');
    const tones = () => panelFrame(page).evaluate(() => (window as unknown as { __tones: number }).__tones);
    const tonesBefore = await tones();
    await ask(agent, 'message.send', { transactionId: id, clientMessageId: 'a-four', body: 'four' });
    await page.getByRole('button', { name: 'Chat with us, 1 unread' }).waitFor();
    // a message while the panel is closed also chimes
    await until(async () => (await tones()) > tonesBefore);
    await page.getByRole('button', { name: /Chat with us/ }).press('Enter');
    await until(async () => (await panel.getByRole('textbox', { name: 'Message' }).evaluate((el) => el === document.activeElement)) === true);
    await context.close();
  });

  it('server stopped and started again on the same port mid-chat: no message lost or doubled', async () => {
    const database = await createTestDatabase();
    let app = await startApp({ database });
    const port = Number(new URL(app.url).port);
    try {
      const floor = await newFloor(app, 1);
      const agent = await goOnline(app, floor.agents[0]);
      const context = await chromium.newContext();
      const page = await context.newPage();
      const panel = await openAndStart(page, site.url(app.url, floor.inbox.id), { name: 'Sam Restart', email: 'sam@example.test' });
      const id = await chatIdOf(page, floor.inbox.id);
      await until(async () => (await app.http().get(api(`/transactions/${id}`)).set(auth(floor.agents[0]))).body.status === 'assigning');
      await ask(agent, 'chat.accept', { transactionId: id });
      await panel.getByRole('textbox', { name: 'Message' }).fill('before');
      await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
      await until(async () => (await unsent(panel)) === 0 && (await logTexts(panel)).includes('before'));

      agent.close();
      await app.close();
      // written while the server is down: pending, then sent once it is back
      await panel.getByRole('textbox', { name: 'Message' }).fill('while down');
      await panel.getByRole('textbox', { name: 'Message' }).press('Enter');
      await panel.getByText('Sending…').waitFor();
      app = await startApp({ database, port });
      const agentAgain = await goOnline(app, floor.agents[0]);
      await until(async () => (await logTexts(panel)).includes('while down') && (await unsent(panel)) === 0, 30000);
      await ask(agentAgain, 'message.send', { transactionId: id, clientMessageId: 'after-1', body: 'after restart' });
      await until(async () => (await logTexts(panel)).includes('after restart'), 10000);

      const stored = (await app.http().get(api(`/transactions/${id}/messages?limit=200`)).set(auth(floor.agents[0])).expect(200)).body;
      const bodies = (stored.items ?? stored).filter((m: { sender: { type: string } }) => m.sender.type !== 'system').map((m: { body: string }) => m.body);
      expect(bodies.sort()).toEqual(['after restart', 'before', 'while down']);
      const shown = (await logTexts(panel)).filter((b) => ['before', 'while down', 'after restart'].includes(b));
      expect(shown).toEqual(['before', 'while down', 'after restart']);

      // the agent completes: the visitor sees it, and may start again
      await ask(agentAgain, 'chat.complete', { transactionId: id });
      await panel.getByText('completed the chat').waitFor();
      await panel.getByRole('button', { name: 'Start a new chat' }).waitFor();
      agentAgain.close();
      await context.close();
    } finally {
      await app.close();
      await database.drop();
    }
  }, 90000);

  it('a blocked email gets a clear alert and no form to retry', async () => {
    const floor = await newFloor(t, 1);
    await t.http().post(api('/blacklist')).set(auth(floor.org.owner)).send({ type: 'email', value: 'spam@example.test', reason: 'abuse' }).expect(201);
    const context = await chromium.newContext();
    const page = await context.newPage();
    const panel = await openAndStart(page, site.url(t.url, floor.inbox.id), { name: 'Spammer', email: 'spam@example.test' });
    await expect(panel.getByRole('alert').textContent()).resolves.toMatch(/cannot start a chat/);
    expect(await panel.getByRole('button', { name: 'Start chat' }).count()).toBe(0);
    expect(await panel.getByRole('textbox').count()).toBe(0);
    await context.close();
  });

  it("the host page's hostile CSS changes nothing in the widget", async () => {
    const floor = await newFloor(t, 1);
    const measure = async (hostile: boolean) => {
      const context = await chromium.newContext();
      const page = await context.newPage();
      await page.goto(site.url(t.url, floor.inbox.id, hostile));
      const button = page.getByRole('button', { name: 'Chat with us' });
      const closed = { box: await button.boundingBox(), font: await button.evaluate((el) => getComputedStyle(el).fontSize) };
      await button.click();
      const frame = page.locator('iframe[title="Chat"]');
      await panelOf(page).getByRole('button', { name: 'Start chat' }).waitFor();
      const open = await frame.boundingBox();
      await context.close();
      return { closed, open };
    };
    const clean = await measure(false);
    const hostile = await measure(true);
    expect(clean.closed.box!.width).toBeGreaterThan(50);
    expect(hostile).toEqual(clean);
  });

  it('a message with HTML shows as text on both sides', async () => {
    const floor = await newFloor(t, 1);
    const agent = await agentOf(floor);
    const context = await chromium.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
    const panel = await openAndStart(page, site.url(t.url, floor.inbox.id), { name: '<b>Eve</b>', email: 'eve@example.test' });
    const id = await chatIdOf(page, floor.inbox.id);
    await until(async () => (await t.http().get(api(`/transactions/${id}`)).set(auth(floor.agents[0]))).body.status === 'assigning');
    await ask(agent, 'chat.accept', { transactionId: id });
    const evil = '<img src=x onerror=alert(1)>';
    const atAgent = nextEvent(agent, 'message.new', 5000, (p: { message: { body: string } }) => p.message.body === evil);
    await panel.getByRole('textbox', { name: 'Message' }).fill(evil);
    await panel.getByRole('button', { name: 'Send' }).click();
    expect((await atAgent).message.body).toBe(evil);
    await ask(agent, 'message.send', { transactionId: id, clientMessageId: 'evil-back', body: `${evil} back` });
    await until(async () => (await logTexts(panel)).includes(`${evil} back`));
    expect(await panel.getByRole('log', { name: 'Messages' }).locator('img').count()).toBe(0);
    expect((await logTexts(panel)).filter((b) => b.startsWith(evil))).toEqual([evil, `${evil} back`]);
    expect(dialogs).toEqual([]);
    const stored = (await t.http().get(api(`/transactions/${id}/messages`)).set(auth(floor.agents[0])).expect(200)).body;
    expect((stored.items ?? stored).map((m: { body: string }) => m.body)).toContain(evil);
    await context.close();
  });
});

describe('widget pages and settings', () => {
  const t = useApp({ env: { WIDGET_ALLOWED_ORIGINS: 'https://env.example.test' } });
  const track = socketTracker();

  it("serves the panel framable by the inbox's allowed origins, else the environment's", async () => {
    const floor = await newFloor(t, 1);
    const res = await t.http().get(`/widget/panel?inboxId=${floor.inbox.id}`).expect(200);
    expect(res.headers['content-security-policy']).toContain('frame-ancestors https://env.example.test');
    await t.http().patch(api(`/inboxes/${floor.inbox.id}`)).set(auth(floor.org.owner)).send({ allowedOrigins: 'https://shop.example.test  https://www.example.test/' }).expect(200);
    const again = await t.http().get(`/widget/panel?inboxId=${floor.inbox.id}`).expect(200);
    expect(again.headers['content-security-policy']).toMatch(/frame-ancestors https:\/\/shop\.example\.test https:\/\/www\.example\.test$/);
    const bad = await t.http().patch(api(`/inboxes/${floor.inbox.id}`)).set(auth(floor.org.owner)).send({ allowedOrigins: "https://a.test 'unsafe-inline'" }).expect(400);
    expect(bad.body.message).toMatch(/allowedOrigins/);
    // the file name of the page is not framable by other sites
    const direct = await t.http().get('/web/widget/panel.html').expect(200);
    expect(direct.headers['content-security-policy']).toContain("frame-ancestors 'self'");
  });

  it('the inbox decides which pre-chat fields are asked and required; the public config says so; the start enforces it', async () => {
    const floor = await newFloor(t, 1);
    const patched = await t.http().patch(api(`/inboxes/${floor.inbox.id}`)).set(auth(floor.org.owner)).send({ preChatName: 'required', preChatPhone: 'off' }).expect(200);
    expect(patched.body).toMatchObject({ preChatName: 'required', preChatEmail: 'optional', preChatPhone: 'off' });
    const bad = await t.http().patch(api(`/inboxes/${floor.inbox.id}`)).set(auth(floor.org.owner)).send({ preChatEmail: 'sometimes' }).expect(400);
    expect(bad.body.message).toMatch(/preChatEmail must be one of/);
    const config = (await t.http().get(api(`/visitor/inboxes/${floor.inbox.id}/config`)).expect(200)).body;
    expect(config).toMatchObject({ inboxId: floor.inbox.id, preChat: { name: 'required', email: 'optional', phone: 'off' }, agentsOnline: false, maxUploadBytes: expect.any(Number) });
    expect(config.allowedFileTypes).toContain('pdf');
    const agent = track(await goOnline(t, floor.agents[0]));
    expect((await t.http().get(api(`/visitor/inboxes/${floor.inbox.id}/config`)).expect(200)).body.agentsOnline).toBe(true);
    agent.close();
    const refused = await t.http().post(api(`/visitor/inboxes/${floor.inbox.id}/chats`)).send({ email: 'x@example.test' }).expect(400);
    expect(refused.body.message).toMatch(/asks for your name/);
    await t.http().post(api(`/visitor/inboxes/${floor.inbox.id}/chats`)).send({ name: 'Ann' }).expect(201);
    await t.http().get(api('/visitor/inboxes/nope/config')).expect(404);
  });

  it('GET /demo embeds the widget of the oldest inbox, or of ?inboxId=', async () => {
    const floor = await newFloor(t, 1);
    const page = await t.http().get(`/demo?inboxId=${floor.inbox.id}`).expect(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain(`<script src="/widget.js" data-inbox-id="${floor.inbox.id}" async></script>`);
    const any = await t.http().get('/demo').expect(200);
    expect(any.text).toMatch(/data-inbox-id="[A-Za-z0-9-]+"/);
    const hostile = await t.http().get('/demo?inboxId=%22%3E%3Cscript%3E').expect(200);
    expect(hostile.text).not.toContain('<script>');
    expect(hostile.text).toContain('role="alert"');
  });

});
