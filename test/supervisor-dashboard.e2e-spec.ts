import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { adminLogin, launchBrowser } from './support/admin.js';
import { api, until, useApp } from './support/app.js';
import { getTxn, goOnline, startChat } from './support/chat.js';
import { auth, newInbox, newOrganization, newUser, type Org, type Session } from './support/factories.js';

/**
 * The panel's home is the supervisor's live overview. With SCREENSHOT_DIR set
 * (`npm run docs:screenshots`), the test also saves the pictures of docs/admin.md.
 */
jest.setTimeout(180_000);

describe('supervisor dashboard (admin panel home)', () => {
  const t = useApp({ env: { ADMIN_ENABLED: 'true' } });
  let org: Org;
  let maya: Session;
  let noah: Session;
  let sales: { id: string };
  let billing: { id: string };
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    org = await newOrganization(t, { contactCenterLicense: true });
    maya = await newUser(t, org, 'member', { name: 'Maya Lindqvist' });
    noah = await newUser(t, org, 'member', { name: 'Noah Okafor', maxActiveChats: 2 });
    sales = await newInbox(t, org, [maya, noah], { name: 'Sales' });
    const lena = await newUser(t, org, 'member', { name: 'Lena Brandt' });
    billing = await newInbox(t, org, [noah, lena], { name: 'Billing' });
    await history(lena, billing);
    browser = await launchBrowser();
  });

  const DAY = 86_400_000;
  /**
   * Six past days of Billing chats handled by Lena, for the Reports page: day d
   * has 2 + d chats accepted after 20·d … s and handled for some minutes, and
   * one missed chat every other day. The clock goes back, then to now again.
   */
  async function history(lena: Session, billing: { id: string }) {
    const now = t.clock.now().getTime();
    const today = Math.floor(now / DAY) * DAY;
    const moveTo = (at: number) => t.clock.advance(at - t.clock.now().getTime());
    const socket = await goOnline(t, lena);
    for (let d = 6; d >= 1; d--) {
      let at = today - d * DAY + 9 * 3600_000;
      for (let n = 0; n < 2 + d; n++) {
        moveTo(at);
        const chat = await startChat(t, billing.id);
        await until(async () => (await getTxn(t, lena, chat.transaction.id)).status === 'assigning');
        moveTo(at + 20_000 * (d + n));
        await t.http().post(api(`/transactions/${chat.transaction.id}/accept`)).set(auth(lena)).expect(200);
        moveTo(at + 20_000 * (d + n) + 60_000 * (3 + ((n * 7 + d) % 9)));
        await t.http().post(api(`/transactions/${chat.transaction.id}/complete`)).set(auth(lena)).expect(200);
        at += 3600_000;
      }
      if (d % 2 === 0) {
        moveTo(at);
        await t.http().put(api('/me/presence')).set(auth(lena)).send({ status: 'away' }).expect(200);
        const missed = await startChat(t, billing.id);
        await t.http().post(api(`/visitor/chats/${missed.transaction.id}/leave`)).set(auth(missed.visitorToken));
        await t.http().put(api('/me/presence')).set(auth(lena)).send({ status: 'online' }).expect(200);
      }
    }
    await t.http().put(api('/me/presence')).set(auth(lena)).send({ status: 'away' }).expect(200);
    sockets.push(socket);
    moveTo(now);
  }
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await browser?.close();
  });

  async function logIn(email: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1440, height: 1000 });
    // the first page of a run waits for AdminJS to bundle the components (slow on a busy machine)
    page.setDefaultNavigationTimeout(90_000);
    await page.goto(`${t.url}/admin/login`);
    await page.fill('input[name="email"]', email);
    await page.fill('input[name="password"]', 'password123');
    await Promise.all([page.waitForNavigation(), page.click('button')]);
    return page;
  }

  const screenshot = async (page: Page, name: string) => {
    const dir = process.env.SCREENSHOT_DIR;
    if (!dir) return;
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, name), fullPage: true });
  };

  it('shows the live overview; a new waiting chat and a presence change appear without a reload', async () => {
    const page = await logIn(org.owner.user.email);
    try {
      expect(new URL(page.url()).pathname).toBe('/admin');
      await page.getByRole('heading', { name: 'Live overview' }).waitFor({ timeout: 30_000 });
      const inboxes = page.getByRole('table', { name: 'Inboxes' });
      const agents = page.getByRole('table', { name: 'Agents' });
      const salesRow = inboxes.getByRole('row', { name: /^Sales/ });
      const mayaRow = agents.getByRole('row', { name: /^Maya Lindqvist/ });
      await salesRow.waitFor({ timeout: 10_000 });
      // the columns: waiting, longest wait, active chats, agents online
      expect(await salesRow.getByRole('cell').allInnerTexts()).toEqual(['0', '–', '0', '0']);
      await expect(mayaRow.getByRole('cell').first().innerText()).resolves.toBe('offline');
      // the page is not reloaded: a marker set now must survive the updates
      await page.evaluate(() => ((globalThis as unknown as { marker: string }).marker = 'same page'));

      await startChat(t, sales.id, { name: 'Visitor One' });
      await salesRow.getByRole('cell').first().filter({ hasText: /^1$/ }).waitFor({ timeout: 15_000 });

      sockets.push(await goOnline(t, maya));
      await mayaRow.getByRole('cell').first().filter({ hasText: /^online$/ }).waitFor({ timeout: 15_000 });
      // online, Maya was offered the waiting chat: it occupies her (1 of 3)
      await mayaRow.getByRole('cell').nth(1).filter({ hasText: /^1 of 3/ }).waitFor({ timeout: 15_000 });
      expect(await page.evaluate(() => (globalThis as unknown as { marker?: string }).marker)).toBe('same page');

      // the day's figures: one chat started
      await page.getByRole('list', { name: /^Today/ }).getByText('Chats started').waitFor();

      // a busier moment for the picture: Maya accepts after 95 s, two visitors wait in Billing
      t.clock.advanceSeconds(95);
      const offered = (await t.http().get(api('/transactions')).query({ inboxId: sales.id }).set(auth(org.owner)).expect(200)).body.items[0];
      await t.http().post(api(`/transactions/${offered.id}/accept`)).set(auth(maya)).expect(200);
      await startChat(t, billing.id, { name: 'Visitor Two' });
      t.clock.advanceSeconds(42);
      await startChat(t, billing.id, { name: 'Visitor Three' });
      const billingRow = inboxes.getByRole('row', { name: /^Billing/ });
      await billingRow.getByRole('cell').nth(1).filter({ hasText: /^42 s$/ }).waitFor({ timeout: 15_000 });
      await page.getByRole('list', { name: /^Today/ }).getByText('1 min 35 s').first().waitFor({ timeout: 15_000 });
      await screenshot(page, 'admin-live-overview.png');
    } finally {
      await page.close();
    }
  });

  it('tells an admin without the Contact Center license why they see only their inboxes', async () => {
    const other = await newOrganization(t);
    const admin = await newUser(t, other, 'admin', { name: 'Ada Admin' });
    const own = await newInbox(t, other, [admin], { name: 'Own desk' });
    await newInbox(t, other, [], { name: 'Not mine' });
    expect(own.id).toBeTruthy();
    const page = await logIn(admin.user.email);
    try {
      await page.getByRole('heading', { name: 'Live overview' }).waitFor({ timeout: 30_000 });
      await page.getByRole('table', { name: 'Inboxes' }).getByRole('row', { name: /^Own desk/ }).waitFor({ timeout: 10_000 });
      await page.getByText(/Without the Contact Center license, owners and admins see only the inboxes they are agents of/).waitFor();
      expect(await page.getByRole('table', { name: 'Inboxes' }).getByText('Not mine').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('Reports: charts and figures per day for a chosen period and inbox, a CSV download, and refusals as sentences', async () => {
    const page = await logIn(org.owner.user.email);
    try {
      await page.goto(`${t.url}/admin/pages/Reports`);
      await page.getByRole('heading', { name: 'Reports', exact: true }).waitFor({ timeout: 30_000 });
      const table = page.getByRole('table', { name: 'Figures per day' });
      // the default period is the last seven days; day 6 before today had 8 chats, 1 missed
      const sixDaysAgo = new Date(Math.floor(t.clock.now().getTime() / DAY) * DAY - 6 * DAY).toISOString().slice(0, 10);
      await table.getByRole('row', { name: new RegExp(`^${sixDaysAgo}`) }).waitFor({ timeout: 15_000 });
      expect((await table.getByRole('row', { name: new RegExp(`^${sixDaysAgo}`) }).getByRole('cell').allInnerTexts()).slice(0, 4)).toEqual(['9', '8', '1', '0']);
      await page.getByRole('img', { name: /^Chats started, accepted, missed and transferred per day/ }).waitFor();
      await screenshot(page, 'admin-reports.png');

      // one inbox only: Sales has no chat in the past days
      await page.getByLabel('Inbox').selectOption({ label: 'Sales' });
      await page.getByRole('button', { name: 'Show report' }).click();
      await table.getByRole('row', { name: new RegExp(`^${sixDaysAgo}`) }).waitFor({ state: 'detached', timeout: 15_000 });

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
      const csv = fs.readFileSync((await download.path())!, 'utf8');
      expect(csv.split('\r\n')[0]).toBe('date,chats_started,accepted,missed,transferred,avg_wait_seconds,p90_wait_seconds,avg_handling_seconds');

      await page.getByLabel('From (day, UTC)').fill('2026-03-10');
      await page.getByLabel('To (day, UTC, included)').fill('2025-03-01');
      await page.getByRole('button', { name: 'Show report' }).click();
      await page.getByText('The period must end after it starts and span at most 366 days').waitFor({ timeout: 10_000 });
    } finally {
      await page.close();
    }
  });

  it('Organization settings show their units and explain the license', async () => {
    const page = await logIn(org.owner.user.email);
    try {
      await page.goto(`${t.url}/admin/resources/Organization/records/${org.organizationId}/show`);
      await page.getByText('Upload size limit').first().waitFor({ timeout: 60_000 });
      // upload limit 26214400 bytes, inactivity ends 3600 s and 21600 s, offer timeout 60 s
      for (const shown of ['25 MB', '1 h', '6 h', '1 min']) {
        await page.getByText(shown, { exact: true }).first().waitFor();
      }
      expect(await page.getByText('Max Upload Bytes').count()).toBe(0);

      await page.goto(`${t.url}/admin/resources/Organization`);
      await page.getByRole('cell', { name: '25 MB' }).first().waitFor({ timeout: 15_000 });

      await page.goto(`${t.url}/admin/resources/Organization/records/${org.organizationId}/edit`);
      await page.getByText(/Without it they see those only for the inboxes they are agents of/).first().waitFor({ timeout: 15_000 });
      const upload = page.getByLabel('Upload size limit (bytes)');
      await upload.fill('5242880');
      await page.getByText('= 5 MB').waitFor();
      await page.getByLabel('Offer timeout (seconds)').fill('90');
      await page.getByText('= 1 min 30 s').waitFor();
      await page.click('button[type="submit"]');
      await page.waitForURL(/\/records\/[^/]+\/show/, { timeout: 10_000 });
      const saved = (await t.http().get(api('/organization')).set(auth(org.owner)).expect(200)).body;
      expect(saved).toMatchObject({ maxUploadBytes: 5242880, offerTimeoutSeconds: 90 });
      await page.getByText('5 MB').first().waitFor();
    } finally {
      await page.close();
    }
  });

  it('the dashboard data is refused to a session without a login', async () => {
    const res = await t.http().get('/admin/api/dashboard');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/admin/login');
    const login = await adminLogin(t, org.owner.user.email, 'password123');
    const ok = await t.http().get('/admin/api/dashboard').set('Cookie', login.cookie!).expect(200);
    expect(ok.body.inboxes.map((i: { name: string }) => i.name)).toEqual(['Billing', 'Sales']);
    // the same service as the API
    const viaApi = await t.http().get(api('/reports/live')).set(auth(org.owner)).expect(200);
    expect(viaApi.body.inboxes).toEqual(ok.body.inboxes);
  });
});
