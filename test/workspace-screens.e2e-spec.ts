import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { api, until, type TestApp, startApp } from './support/app.js';
import { launchChromium, type TestBrowser } from './support/browser.js';
import { getTxn, goOnline, startChat, type StartedChat } from './support/chat.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { auth, newInbox, newOrganization, newUser, type Org, type Session } from './support/factories.js';
import { signInToWorkspace } from './support/workspace.js';

/**
 * The workspace's own screens in Chromium (issue 12 points 11-13): the
 * Customer region (all transactions, journey, Block contact), the Internal
 * discussion and the Completed tab, against the real app and database.
 */
/** Keeps a response body as its bytes. */
const bytes = ((res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (chunk: Buffer) => parts.push(chunk));
  res.on('end', () => done(null, Buffer.concat(parts)));
}) as unknown as Parameters<import('supertest').Test['parse']>[0];

describe('workspace screens: customer, internal discussion, completed chats', () => {
  let database: TestDatabase;
  let t: TestApp;
  let chromium: TestBrowser;
  let org: Org;
  let support: { id: string };
  let sales: { id: string };
  let a: Session;
  let b: Session;
  const contexts: BrowserContext[] = [];
  const chats: Record<string, StartedChat> = {};

  const me = async (who: Session) => (await t.http().get(api('/me')).set(auth(who)).expect(200)).body;

  /** A chat the (only online) agent is offered and accepts through the API. */
  async function assigned(who: Session, inboxId: string, body: Record<string, unknown>): Promise<StartedChat> {
    const chat = await startChat(t, inboxId, body);
    const id = chat.transaction.id;
    await until(async () => (await getTxn(t, who, id)).status === 'assigning');
    await t.http().post(api(`/transactions/${id}/accept`)).set(auth(who)).expect(200);
    return chat;
  }
  async function ended(who: Session, inboxId: string, body: Record<string, unknown>): Promise<StartedChat> {
    const chat = await assigned(who, inboxId, body);
    await t.http().post(api(`/transactions/${chat.transaction.id}/complete`)).set(auth(who)).expect(200);
    return chat;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await startApp({ database });
    chromium = await launchChromium();
    org = await newOrganization(t, { maxActiveChatsPerAgent: 10, offerTimeoutSeconds: 120 });
    a = await newUser(t, org, 'member', { name: 'Alice Agent' });
    b = await newUser(t, org, 'member', { name: 'Bruno Agent' });
    support = await newInbox(t, org, [a, b], { name: 'Support' });
    sales = await newInbox(t, org, [a, b], { name: 'Sales' });

    // Bruno alone online: his completed chat in Sales
    const bs = await goOnline(t, b);
    chats.sam = await ended(b, sales.id, { name: 'Sam Sales', email: 'sam@example.test', message: 'A quote, please' });
    bs.close();
    await until(async () => (await me(b)).presence === 'offline');

    // Alice alone online: everything else
    const as = await goOnline(t, a);
    chats.carla = await ended(a, support.id, { name: 'Carla Complete', email: 'carla@example.test', message: 'Where is my parcel?' });
    chats.julesOld = await ended(a, support.id, { name: 'Jules Journey', email: 'jules@example.test', message: 'my first visit' });
    chats.dana = await assigned(a, support.id, { name: 'Dana Discuss', email: 'dana@example.test', message: 'Need a colleague' });
    chats.boris = await assigned(a, support.id, { name: 'Boris Block', email: 'boris@example.test', phone: '+49 30 1234567', message: 'You are all useless' });
    chats.julesNew = await assigned(a, support.id, { name: 'Jules Journey', email: 'jules@example.test', message: 'second visit' });
    as.close();
    await until(async () => (await me(a)).presence === 'offline');
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await chromium?.close();
    await t?.close();
    await database?.drop();
  });

  async function signIn(who: Session, options: Parameters<TestBrowser['newContext']>[0] = {}): Promise<Page> {
    const context = await chromium.newContext({ acceptDownloads: true, ...options });
    contexts.push(context);
    return signInToWorkspace(t, await context.newPage(), who);
  }

  const openChat = async (page: Page, name: string) => {
    await page.getByRole('region', { name: 'Chats' }).getByRole('button', { name: new RegExp(name) }).first().click();
    return page.getByRole('region', { name: 'Customer' });
  };
  const messages = (page: Page) => page.getByRole('log', { name: 'Messages' });
  const notification = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).or(page.getByRole('alert').filter({ hasText: text })).first();

  it('internal discussion: a post with an @mention picked from the list notifies the other agent; system posts show; read-only after the end', async () => {
    const pa = await signIn(a);
    const pb = await signIn(b);
    await openChat(pa, 'Dana Discuss');
    await pa.getByRole('button', { name: 'Internal discussion' }).click();
    const panel = pa.getByRole('region', { name: 'Internal discussion' });
    const log = panel.getByRole('log', { name: 'Discussion' });
    const box = panel.getByRole('textbox', { name: 'Discussion message' });

    // @ opens the inbox's agents (not me, no @everyone), filtered as I type; Enter picks
    await box.click();
    await box.pressSequentially('Can you check this, @');
    const list = panel.getByRole('listbox', { name: 'Agents to mention' });
    await list.waitFor();
    expect(await list.getByRole('option').allTextContents()).toEqual(['@Bruno Agent']);
    await box.pressSequentially('bru');
    await list.getByRole('option', { name: '@Bruno Agent' }).waitFor();
    await box.press('Enter');
    await expect(box.inputValue()).resolves.toBe('Can you check this, @Bruno Agent ');
    await box.pressSequentially('<b>please</b>');
    await box.press('Enter');
    await log.getByText('Can you check this, @Bruno Agent <b>please</b>').waitFor();
    expect(await box.inputValue()).toBe('');

    // Invite does the same from a list of the inbox's agents
    await panel.getByRole('combobox', { name: 'Invite agent' }).selectOption({ label: 'Bruno Agent' });
    await panel.getByRole('button', { name: 'Invite' }).click();
    await expect(box.inputValue()).resolves.toBe('@Bruno Agent ');
    await box.fill('');

    // stored with the mention (a user id), and Bruno, elsewhere, is told at once
    const posts = (await t.http().get(api(`/transactions/${chats.dana.transaction.id}/discussion`)).set(auth(a)).expect(200)).body.items;
    expect(posts).toEqual([expect.objectContaining({ body: 'Can you check this, @Bruno Agent <b>please</b>', mentions: [b.user.id] })]);
    await notification(pb, /Alice Agent mentioned you/).waitFor();

    // Bruno answers from the API: live in Alice's panel; a ticket's system post too
    await t.http().post(api(`/transactions/${chats.dana.transaction.id}/discussion`)).set(auth(b)).send({ body: 'On it' }).expect(201);
    await log.getByText('On it').waitFor();
    await t.http().post(api(`/transactions/${chats.dana.transaction.id}/tickets`)).set(auth(a)).send({ subject: 'Refund for Dana' }).expect(201);
    await log.locator('article').filter({ hasText: 'System' }).filter({ hasText: /Refund for Dana|ticket/i }).first().waitFor();

    // the chat ends: no textbox any more, the posts stay
    await t.http().post(api(`/transactions/${chats.dana.transaction.id}/complete`)).set(auth(a)).expect(200);
    await panel.getByText(/read-only/).waitFor();
    expect(await panel.getByRole('textbox', { name: 'Discussion message' }).count()).toBe(0);
    expect(await log.getByText('On it').count()).toBe(1);
  });

  it('blocks the visitor’s email with a reason (counted, at most 250); a new chat from it is refused; a refusal is shown as the server’s sentence', async () => {
    const pa = await signIn(a);
    const customer = await openChat(pa, 'Boris Block');
    await customer.getByText('boris@example.test').waitFor();
    const emailRow = customer.getByRole('listitem').filter({ hasText: 'boris@example.test' });
    const blockEmail = emailRow.getByRole('button', { name: 'Block' });

    // Escape closes the dialog and gives the focus back to its button
    await blockEmail.click();
    const dialog = pa.getByRole('dialog', { name: 'Block contact' });
    await dialog.waitFor();
    await pa.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // (the focus moves back once the dialog is gone, a moment after it is detached)
    await pa.waitForFunction('document.activeElement?.textContent === "Block" && !!document.activeElement.closest("li")?.textContent.includes("boris@example.test")', undefined, { timeout: 10_000 });

    await blockEmail.click();
    const reason = dialog.getByRole('textbox', { name: 'Reason' });
    await reason.fill('x'.repeat(300));
    expect((await reason.inputValue()).length).toBe(250);
    await dialog.getByText('250 of 250 characters').waitFor();
    await reason.fill('Abusive language');
    await dialog.getByText('16 of 250 characters').waitFor();
    await dialog.getByRole('button', { name: 'Block' }).click();
    await dialog.waitFor({ state: 'detached' });
    await emailRow.getByText('Blocked').waitFor();
    expect(await emailRow.getByRole('button', { name: 'Block' }).count()).toBe(0);

    const entries = (await t.http().get(api('/blacklist')).set(auth(org.owner)).expect(200)).body.items;
    expect(entries).toEqual([expect.objectContaining({ type: 'email', value: 'boris@example.test', reason: 'Abusive language', createdById: a.user.id })]);
    const refused = await t.http().post(api(`/visitor/inboxes/${support.id}/chats`)).send({ name: 'Boris Again', email: 'Boris@Example.test', message: 'hi' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('blocked');

    // while the phone's dialog is open an admin blocks the phone: the row says so at once,
    // and the dialog's Block gets the server's 409 as a sentence
    const phoneRow = customer.getByRole('listitem').filter({ hasText: 'Phone' });
    await phoneRow.getByRole('button', { name: 'Block' }).click();
    await dialog.waitFor();
    await t.http().post(api('/blacklist')).set(auth(org.owner)).send({ type: 'phone', value: '+49 30 1234567' }).expect(201);
    await phoneRow.getByText('Blocked').waitFor();
    await dialog.getByRole('button', { name: 'Block' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/already/i);
    await pa.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await t.http().get(api('/blacklist')).set(auth(org.owner)).expect(200)).body.items).toHaveLength(2);
  });

  it('Completed: listed with inbox, agent and date filters; a transcript with its timeline opens; Export CSV downloads exactly the API’s export', async () => {
    const pa = await signIn(a, { viewport: { width: 800, height: 700 } });
    await pa.getByRole('tab', { name: 'Completed' }).click();
    const chatsRegion = pa.getByRole('region', { name: 'Chats' });
    const item = (name: string) => chatsRegion.getByRole('button', { name: new RegExp(name) });
    await item('Carla Complete').waitFor();
    await item('Sam Sales').waitFor();
    expect(await item('Dana Discuss').count()).toBe(1); // ended in the discussion test
    expect(await item('Boris Block').count()).toBe(0); // still open

    await chatsRegion.getByRole('combobox', { name: 'Inbox' }).selectOption({ label: 'Sales' });
    await until(async () => (await item('Carla Complete').count()) === 0);
    expect(await item('Sam Sales').count()).toBe(1);

    // Export CSV with the same filter: the bytes the API gives
    const download = pa.waitForEvent('download');
    await chatsRegion.getByRole('button', { name: 'Export CSV' }).click();
    const file = await (await download).path();
    const fromPage = fs.readFileSync(file!);
    const fromApi = await t.http().get(api('/exports/transactions.csv')).query({ inboxId: sales.id }).set(auth(a)).buffer(true).parse(bytes).expect(200);
    expect(fromPage.equals(fromApi.body as Buffer)).toBe(true);
    expect(fromPage.toString('utf8')).toContain('Sam Sales');
    expect(fromPage.toString('utf8')).not.toContain('Carla Complete');

    await chatsRegion.getByRole('combobox', { name: 'Inbox' }).selectOption({ label: 'All inboxes' });
    await chatsRegion.getByRole('combobox', { name: 'Agent' }).selectOption({ label: 'Bruno Agent' });
    await until(async () => (await item('Carla Complete').count()) === 0 && (await item('Sam Sales').count()) === 1);
    await chatsRegion.getByRole('combobox', { name: 'Agent' }).selectOption({ label: 'All agents' });
    await item('Carla Complete').waitFor();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await chatsRegion.getByLabel('From').fill(tomorrow);
    await chatsRegion.getByText('No completed chats match these filters.').waitFor();
    await chatsRegion.getByLabel('From').fill('');
    await item('Carla Complete').waitFor();

    // the transcript with its timeline, then the chat itself
    await item('Carla Complete').click();
    const transcript = pa.getByRole('dialog', { name: 'Transcript' });
    const timeline = transcript.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Where is my parcel?').waitFor();
    await timeline.getByText('Chat started').waitFor();
    await timeline.getByText('Accepted').waitFor();
    await transcript.getByRole('button', { name: 'Open chat' }).click();
    await transcript.waitFor({ state: 'detached' });
    await messages(pa).getByText('Where is my parcel?').waitFor();
  });

  it('View all transactions and Customer journey list this customer’s chats and calls and open another chat', async () => {
    const now = Date.now();
    await t.http().post(api(`/transactions/${chats.julesNew.transaction.id}/calls`)).set(auth(a))
      .send({ direction: 'inbound', startedAt: new Date(now - 5_000).toISOString(), endedAt: new Date(now).toISOString(), durationSeconds: 5 }).expect(201);
    const pa = await signIn(a);
    const customer = await openChat(pa, 'Jules Journey');
    await messages(pa).getByText('second visit').waitFor();

    await customer.getByRole('button', { name: 'View all transactions' }).click();
    const all = pa.getByRole('dialog', { name: 'All transactions' });
    const entries = all.getByRole('listitem');
    await entries.first().waitFor();
    expect(await entries.count()).toBe(2);
    expect(await entries.nth(0).textContent()).toContain('Assigned');
    expect(await entries.nth(1).textContent()).toContain('Ended');
    await entries.nth(1).getByRole('button').click();
    await all.waitFor({ state: 'detached' });
    await messages(pa).getByText('my first visit').waitFor();

    // the journey: newest first, the call among the chats; one opens as its timeline, then as the chat
    await pa.getByRole('region', { name: 'Customer' }).getByRole('button', { name: 'Customer journey' }).click();
    const journey = pa.getByRole('dialog', { name: 'Customer journey' });
    const steps = journey.getByRole('listitem');
    await steps.first().waitFor();
    const texts = await steps.allTextContents();
    expect(texts).toHaveLength(3);
    expect(texts[0]).toMatch(/Inbound call.*Alice Agent/);
    expect(texts[1]).toMatch(/Chat · Support.*Assigned.*Alice Agent/);
    expect(texts[2]).toMatch(/Chat · Support.*Ended.*Alice Agent/);
    await steps.nth(1).getByRole('button').click();
    const timeline = journey.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('second visit').waitFor();
    await timeline.getByText(/Call/).first().waitFor();
    await journey.getByRole('button', { name: 'Open chat' }).click();
    await journey.waitFor({ state: 'detached' });
    await messages(pa).getByText('second visit').waitFor();
  });
});
