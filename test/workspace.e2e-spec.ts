import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { api, ask, connectSocket, nextEvent, startApp, until, type TestApp } from './support/app.js';
import { launchChromium, type TestBrowser } from './support/browser.js';
import { getTxn, startChat } from './support/chat.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { auth, newInbox, newOrganization, newUser, type Org, type Session } from './support/factories.js';
import { samples } from './support/files.js';
import { signInToWorkspace } from './support/workspace.js';

/**
 * The agent workspace in Chromium (issue 12): two agents in their own browser
 * contexts and a visitor on a socket, against the real app on a real database.
 */
/** Browser steps are slow on a loaded machine: generous per-test time, no timed asserts. */
const SLOW = 180_000;

describe('agent workspace (/app) in the browser', () => {
  let database: TestDatabase;
  let t: TestApp;
  let chromium: TestBrowser;
  let org: Org;
  let inbox: { id: string };
  let a: Session;
  let b: Session;
  const contexts: BrowserContext[] = [];
  const sockets: Socket[] = [];
  /** The two agents' pages, signed in once and used by the tests that follow. */
  let pa: Page;
  let pb: Page;
  /** The chat of the first test, transferred from A to B. */
  let vera: { chat: { transaction: { id: string } }; socket: Socket };

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await startApp({ database });
    chromium = await launchChromium();
    org = await newOrganization(t, { offerTimeoutSeconds: 60, transferTimeoutSeconds: 60 });
    a = await newUser(t, org, 'member', { name: 'Alice Agent' });
    b = await newUser(t, org, 'member', { name: 'Bruno Agent' });
    inbox = await newInbox(t, org, [a, b], { name: 'Support' });
  }, SLOW);
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await chromium?.close();
    await t?.close();
    await database?.drop();
  });

  async function signIn(who: Session): Promise<Page> {
    const context = await chromium.newContext();
    contexts.push(context);
    return signInToWorkspace(t, await context.newPage(), who);
  }

  const presence = (page: Page, status: 'Online' | 'Away') => page.getByRole('combobox', { name: 'Presence' }).selectOption({ label: status });

  async function visitor(name: string, message: string) {
    const chat = await startChat(t, inbox.id, { name, email: `${name.toLowerCase().replace(/\W/g, '')}@example.test`, message });
    const socket = await connectSocket(t.url, '/visitor', chat.visitorToken);
    sockets.push(socket);
    return { chat, socket };
  }

  const messages = (page: Page) => page.getByRole('log', { name: 'Messages' });
  const composer = (page: Page) => page.getByRole('textbox', { name: 'Message', exact: true });
  const notification = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).or(page.getByRole('alert').filter({ hasText: text })).first();

  it('signs in with the login of the API: a wrong password says so, the session survives a reload, sign out ends it', async () => {
    const context = await chromium.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${t.url}/app`);
    await page.getByRole('textbox', { name: 'Email' }).fill(a.user.email);
    await page.getByRole('textbox', { name: 'Password' }).fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/password/i);
    await page.getByRole('textbox', { name: 'Password' }).fill('password123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('tab', { name: 'Mine' }).waitFor();
    await page.reload();
    await page.getByRole('tab', { name: 'Waiting' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Presence' }).inputValue()).toBe('online');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await context.close();
  }, SLOW);

  it('offer, accept, messages and typing both ways, canned response by /, file upload, transfer accepted', async () => {
    pa = await signIn(a);
    pb = await signIn(b);
    await presence(pb, 'Away');
    await until(async () => (await t.http().get(api('/me')).set(auth(b)).expect(200)).body.presence === 'away');
    await t.http().post(api('/canned-responses')).set(auth(org.owner)).send({ shortcut: 'greet', content: 'Hello {{customer.name}}, this is {{agent.name}} from {{inbox.name}}.', scope: 'organization' }).expect(201);

    // a new chat: the notification, then the offer with customer, first message and time left
    const v = (vera = await visitor('Vera Visitor', 'My order never arrived'));
    const offer = pa.getByRole('alertdialog', { name: /offered/ });
    await offer.waitFor();
    expect(await offer.textContent()).toContain('Vera Visitor');
    // the dialog fetches the first message after it opens ('Loading…' meanwhile): wait for it, do not read it at once
    await offer.getByText('My order never arrived').waitFor();
    expect(await offer.textContent()).toMatch(/\d:\d\d left/);
    await notification(pa, 'New chat').waitFor();
    expect(await pa.title()).toMatch(/^\(\d+\) Switchboard/);
    await offer.getByRole('button', { name: 'Accept' }).click();
    await offer.waitFor({ state: 'detached' });
    expect(await getTxn(t, a, v.chat.transaction.id)).toMatchObject({ status: 'assigned', assigneeId: a.user.id });
    await pa.getByRole('region', { name: 'Chats' }).getByRole('button', { name: /Vera Visitor/ }).waitFor();
    await expect(pa.getByText('1 of 3 chats').count()).resolves.toBe(1);
    await messages(pa).getByText('My order never arrived').waitFor();

    // visitor → agent, with typing shown first
    await ask(v.socket, 'typing', { transactionId: v.chat.transaction.id, typing: true });
    await pa.getByText(/typing/).waitFor();
    await ask(v.socket, 'message.send', { transactionId: v.chat.transaction.id, clientMessageId: 'v-1', body: 'Order 4711, please check' });
    await messages(pa).getByText('Order 4711, please check').waitFor();
    expect(await messages(pa).locator('article').filter({ hasText: 'Order 4711' }).textContent()).toMatch(/Vera Visitor.*\d{1,2}:\d{2}/);

    // agent → visitor: typing, then Enter sends; Shift+Enter is a new line
    const typing = nextEvent(v.socket, 'typing', 5000, (p: { typing: boolean }) => p.typing);
    await composer(pa).click();
    await composer(pa).pressSequentially('Let me check');
    await typing;
    await composer(pa).press('Shift+Enter');
    await composer(pa).pressSequentially('one moment');
    const got = nextEvent(v.socket, 'message.new', 5000, (p: { message: { body: string; sender: { type: string } } }) => p.message.sender.type === 'agent');
    await composer(pa).press('Enter');
    expect((await got).message.body).toBe('Let me check\none moment');
    await messages(pa).locator('article').filter({ hasText: 'one moment' }).getByText('Sent').waitFor();
    expect(await composer(pa).inputValue()).toBe('');

    // canned response: / opens the list filtered as one types; choosing fills the message expanded
    await composer(pa).pressSequentially('/gr');
    const list = pa.getByRole('listbox', { name: 'Canned responses' });
    await list.waitFor();
    await expect(list.getByRole('option').count()).resolves.toBe(1);
    await composer(pa).press('Enter');
    await list.waitFor({ state: 'detached' });
    expect(await composer(pa).inputValue()).toBe('Hello Vera Visitor, this is Alice Agent from Support.');
    const canned = nextEvent(v.socket, 'message.new', 5000, (p: { message: { body: string } }) => p.message.body.startsWith('Hello'));
    await composer(pa).press('Enter');
    expect((await canned).message.body).toBe('Hello Vera Visitor, this is Alice Agent from Support.');
    // the button opens the same list
    await pa.getByRole('button', { name: 'Canned responses' }).click();
    await list.getByRole('option', { name: /greet/ }).waitFor();
    await pa.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });

    // attachments: an image is previewed and downloadable; a refused type is a sentence
    const uploaded = nextEvent(v.socket, 'message.new', 5000, (p: { message: { attachments: unknown[] } }) => p.message.attachments.length > 0);
    await pa.getByLabel('Attach file').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: samples.png });
    expect((await uploaded).message.attachments[0]).toMatchObject({ name: 'receipt.png', contentType: 'image/png' });
    await messages(pa).getByRole('img', { name: 'receipt.png' }).waitFor();
    await messages(pa).getByRole('link', { name: 'Download receipt.png' }).waitFor();
    await pa.getByLabel('Attach file').setInputFiles({ name: 'tool.exe', mimeType: 'application/octet-stream', buffer: samples.pe });
    await notification(pa, /not allowed/).waitFor();
    // an image pasted into the message box, and a file dropped on the composer, are uploaded too
    for (const [kind, name] of [['paste', 'pasted.png'], ['drop', 'dropped.png']] as const) {
      const arrived = nextEvent(v.socket, 'message.new', 10000, (p: { message: { attachments: Array<{ name: string }> } }) => p.message.attachments[0]?.name === name);
      await composer(pa).evaluate(
        (el, { kind, name, bytes }) => {
          const data = new DataTransfer();
          data.items.add(new File([new Uint8Array(bytes)], name, { type: 'image/png' }));
          const event = kind === 'paste'
            ? new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
            : new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
          el.dispatchEvent(event);
        },
        { kind, name, bytes: [...samples.png] },
      );
      expect((await arrived).message.attachments[0]).toMatchObject({ name, contentType: 'image/png' });
      await messages(pa).getByRole('link', { name: `Download ${name}` }).waitFor();
    }

    // transfer to Bruno, who is back online: the request with its countdown, accepted
    await presence(pb, 'Online');
    await until(async () => (await t.http().get(api('/me')).set(auth(b)).expect(200)).body.presence === 'online');
    await pa.getByRole('button', { name: 'Transfer', exact: true }).click();
    const dialog = pa.getByRole('dialog', { name: 'Transfer chat' });
    await dialog.getByRole('combobox', { name: 'Agent' }).selectOption(b.user.id);
    expect(await dialog.getByRole('combobox', { name: 'Agent' }).textContent()).toMatch(/Bruno Agent — Online, 3 free/);
    await dialog.getByRole('button', { name: 'Send request' }).click();
    await dialog.waitFor({ state: 'detached' });
    await pa.getByRole('button', { name: 'Cancel transfer' }).waitFor();
    const request = pb.getByRole('alertdialog', { name: /Transfer request/ });
    await request.waitFor();
    expect(await request.textContent()).toMatch(/Vera Visitor[\s\S]*\d:\d\d left/);
    await request.getByRole('button', { name: 'Accept' }).click();
    await notification(pa, 'accepted').waitFor();
    expect(await getTxn(t, b, v.chat.transaction.id)).toMatchObject({ status: 'assigned', assigneeId: b.user.id });
    await pb.getByRole('region', { name: 'Chats' }).getByRole('button', { name: /Vera Visitor/ }).waitFor();
    await messages(pb).getByText('Order 4711, please check').waitFor();
    // A no longer has it among Mine, and may not write into it
    await pa.getByRole('region', { name: 'Chats' }).getByRole('button', { name: /Vera Visitor/ }).waitFor({ state: 'detached' });
    await expect(composer(pa).count()).resolves.toBe(0);
  }, SLOW);

  it('the sender sees a transfer rejected, one expired and one cancelled; the receiver\'s dialog goes away', async () => {
    const id = vera.chat.transaction.id;
    const chats = (page: Page) => page.getByRole('region', { name: 'Chats' });
    await chats(pb).getByRole('button', { name: /Vera Visitor/ }).click();
    const transferTo = async (agent: Session) => {
      await pb.getByRole('button', { name: 'Transfer', exact: true }).click();
      const dialog = pb.getByRole('dialog', { name: 'Transfer chat' });
      await dialog.getByRole('combobox', { name: 'Agent' }).selectOption(agent.user.id);
      await dialog.getByRole('button', { name: 'Send request' }).click();
      await dialog.waitFor({ state: 'detached' });
      await pb.getByRole('button', { name: 'Cancel transfer' }).waitFor();
    };
    const request = pa.getByRole('alertdialog', { name: /Transfer request/ });

    // rejected
    await transferTo(a);
    await request.getByRole('button', { name: 'Reject' }).click();
    await notification(pb, 'rejected').waitFor();
    await pb.getByRole('button', { name: 'Cancel transfer' }).waitFor({ state: 'detached' });
    expect(await getTxn(t, b, id)).toMatchObject({ status: 'assigned', assigneeId: b.user.id });

    // expired: nobody answers until the deadline
    await transferTo(a);
    await request.waitFor();
    t.clock.advanceSeconds(61);
    await t.sweep();
    await notification(pb, 'expired').waitFor();
    await request.waitFor({ state: 'detached' });
    await notification(pa, 'expired').waitFor();

    // cancelled by the sender
    await transferTo(a);
    await request.waitFor();
    await pb.getByRole('button', { name: 'Cancel transfer' }).click();
    await notification(pb, 'cancelled').waitFor();
    await request.waitFor({ state: 'detached' });
    await notification(pa, 'cancelled').waitFor();
    expect(await getTxn(t, b, id)).toMatchObject({ status: 'assigned', assigneeId: b.user.id });
  }, SLOW);

  it('an offer that expires disappears with a note; the chat then waits', async () => {
    await presence(pb, 'Away');
    await until(async () => (await t.http().get(api('/me')).set(auth(b)).expect(200)).body.presence === 'away');
    const w = await visitor('Walter Waiting', 'Anyone there?');
    const offer = pa.getByRole('alertdialog', { name: /offered/ });
    await offer.waitFor();
    t.clock.advanceSeconds(61);
    await t.sweep();
    await offer.waitFor({ state: 'detached' });
    await notification(pa, /offer .* expired/).waitFor();
    await pa.getByRole('tab', { name: 'Waiting' }).click();
    const walter = pa.getByRole('region', { name: 'Chats' }).getByRole('button', { name: /Walter Waiting/ });
    await walter.waitFor();
    // a chat not open counts what arrives
    await ask(w.socket, 'message.send', { transactionId: w.chat.transaction.id, clientMessageId: 'w-1', body: 'Hello?' });
    await walter.getByLabel('1 unread').waitFor();
    await pa.getByRole('tab', { name: 'Mine' }).click();
    expect((await getTxn(t, a, w.chat.transaction.id)).status).toBe('waiting');
  }, SLOW);

  it('Complete ends the chat: status shown, composer gone, no longer among Mine', async () => {
    const id = vera.chat.transaction.id;
    await pb.getByRole('region', { name: 'Chats' }).getByRole('button', { name: /Vera Visitor/ }).click();
    await pb.getByRole('button', { name: 'Complete' }).click();
    await pb.getByRole('note').filter({ hasText: 'ended' }).waitFor();
    await expect(composer(pb).count()).resolves.toBe(0);
    await expect(pb.getByRole('button', { name: 'Complete' }).count()).resolves.toBe(0);
    expect(await pb.getByText('Ended', { exact: true }).count()).toBeGreaterThan(0);
    await pb.getByRole('region', { name: 'Chats' }).getByRole('button', { name: /Vera Visitor/ }).waitFor({ state: 'detached' });
    expect((await getTxn(t, b, id)).status).toBe('ended');
  }, SLOW);

  it('survives a server restart: Reconnecting, then every message exactly once, the unacked one resent', async () => {
    await presence(pa, 'Online');
    const x = await visitor('Xena Restart', 'Before the restart');
    const offer = pa.getByRole('alertdialog', { name: /offered/ });
    await offer.getByRole('button', { name: 'Accept' }).click();
    await messages(pa).getByText('Before the restart').waitFor();
    const id = x.chat.transaction.id;

    const port = Number(new URL(t.url).port);
    const clock = t.clock;
    await t.close();
    await pa.getByRole('status').filter({ hasText: 'Reconnecting' }).waitFor();
    // written while the server is away: stays pending
    await composer(pa).fill('Written while offline');
    await composer(pa).press('Enter');
    await messages(pa).locator('article').filter({ hasText: 'Written while offline' }).getByText('Sending…').waitFor();

    t = await startApp({ database, port, clock });
    await t.http().post(api(`/visitor/chats/${id}/messages`)).set(auth(x.chat.visitorToken)).send({ clientMessageId: 'x-2', body: 'Sent during the restart' }).expect(201);
    await pa.getByRole('status').filter({ hasText: 'Reconnecting' }).waitFor({ state: 'detached', timeout: 15000 });
    await messages(pa).getByText('Sent during the restart').waitFor();
    await messages(pa).locator('article').filter({ hasText: 'Written while offline' }).getByText('Sent').waitFor();
    for (const body of ['Before the restart', 'Sent during the restart', 'Written while offline']) {
      await expect(messages(pa).locator('article').filter({ hasText: body }).count()).resolves.toBe(1);
    }
    const stored = (await t.http().get(api(`/transactions/${id}/messages?limit=200`)).set(auth(a)).expect(200)).body.items as { body: string }[];
    expect(stored.filter((m) => m.body === 'Written while offline')).toHaveLength(1);
    expect(stored.filter((m) => m.body === 'Sent during the restart')).toHaveLength(1);
  }, SLOW);

  it('a member sees only the chats of their inboxes; a chat of another inbox is refused with a sentence', async () => {
    const other = await newInbox(t, org, [], { name: 'Sales' });
    const c = await newUser(t, org, 'member', { name: 'Carla Sales' });
    await t.http().put(api(`/inboxes/${other.id}/agents`)).set(auth(org.owner)).send({ userIds: [c.user.id] }).expect(200);
    const pc = await signIn(c);
    await presence(pc, 'Away');
    await presence(pa, 'Away');
    await until(async () => (await t.http().get(api('/me')).set(auth(c)).expect(200)).body.presence === 'away');
    await until(async () => (await t.http().get(api('/me')).set(auth(a)).expect(200)).body.presence === 'away');
    const support = await visitor('Sam Support', 'Support question');
    const sales = await startChat(t, other.id, { name: 'Olga Sales', message: 'Sales question' });

    await pc.getByRole('tab', { name: 'Waiting' }).click();
    await notification(pc, 'New chat from Olga Sales').waitFor();
    const list = pc.getByRole('region', { name: 'Chats' });
    await list.getByRole('button', { name: /Olga Sales/ }).waitFor();
    await pa.getByRole('tab', { name: 'Waiting' }).click();
    await pa.getByRole('region', { name: 'Chats' }).getByRole('button', { name: /Sam Support/ }).waitFor();
    expect(await list.getByRole('button', { name: /Sam Support|Walter Waiting/ }).count()).toBe(0);
    expect(await pa.getByRole('region', { name: 'Chats' }).getByRole('button', { name: /Olga Sales/ }).count()).toBe(0);
    expect(await notification(pc, 'Sam Support').count()).toBe(0);

    // a link to another inbox's chat: the server's refusal, as a sentence
    await pc.goto(`${t.url}/app/chats/${support.chat.transaction.id}`);
    await expect(pc.getByRole('main').getByRole('alert').textContent()).resolves.toMatch(/not found/i);
    // a long chat opens at its end and pages backwards
    for (let i = 1; i <= 60; i++) {
      await t.http().post(api(`/visitor/chats/${sales.transaction.id}/messages`)).set(auth(sales.visitorToken)).send({ body: `line ${i}` }).expect(201);
    }
    await pc.goto(`${t.url}/app/chats/${sales.transaction.id}`);
    await messages(pc).getByText('line 60', { exact: true }).waitFor();
    expect(await messages(pc).getByText('Sales question').count()).toBe(0);
    await messages(pc).getByRole('button', { name: 'Show earlier messages' }).click();
    await messages(pc).getByText('Sales question').waitFor();
    await expect(messages(pc).locator('article').count()).resolves.toBe(61);
  }, SLOW);
});
