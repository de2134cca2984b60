import { jest, afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import type { Socket } from 'socket.io-client';
import { adminLogin, adminRecordAction, adminResourceAction, launchBrowser } from './support/admin.js';
import { api, useApp } from './support/app.js';
import { goOnline, startChat } from './support/chat.js';
import { auth, newInbox, newOrganization, newUser, type Org, type Session } from './support/factories.js';
import { endedChat, failedChat } from './support/views.js';

// the panel's first page bundles its components (see test/support/admin.ts)
jest.setTimeout(180_000);

type BodyParser = Parameters<import('supertest').Test['parse']>[0];
/** Keeps a response body as raw bytes, to compare downloads byte for byte. */
const bytes = ((res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}) as unknown as BodyParser;

const ids = (body: { records: Array<{ id: string }> }) => body.records.map((r) => r.id).sort();

describe('admin panel: completed chats, CSV export, canned responses, blacklist, API keys', () => {
  const t = useApp({ env: { ADMIN_ENABLED: 'true' } });
  let a: Org;
  let b: Org;
  let adminA: Session;
  let memberA: Session;
  let ownInbox: { id: string };
  let otherInbox: { id: string };
  let inboxB: { id: string };
  let mine: string;
  let mineFailed: string;
  let theirs: string;
  let open: string;
  let chatB: string;
  let ownerCookie: string;
  let adminCookie: string;
  let ownerBCookie: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    a = await newOrganization(t);
    b = await newOrganization(t);
    adminA = await newUser(t, a, 'admin', { name: 'Ada Admin' });
    memberA = await newUser(t, a, 'member', { name: 'Mel Member' });
    ownInbox = await newInbox(t, a, [adminA], { name: 'Admin Desk' });
    otherInbox = await newInbox(t, a, [memberA], { name: 'Member Desk' });
    inboxB = await newInbox(t, b, [b.owner], { name: 'B Desk' });
    sockets.push(await goOnline(t, adminA), await goOnline(t, memberA), await goOnline(t, b.owner));

    mine = (await endedChat(t, adminA, ownInbox.id, { name: 'Olive Own', email: 'olive@example.test', message: 'Hello from Olive' })).transaction.id;
    t.clock.advanceSeconds(60);
    mineFailed = (await failedChat(t, ownInbox.id, { name: 'Fay Failed', phone: '+1 555 0100', message: 'Anyone there?' })).transaction.id;
    t.clock.advanceSeconds(60);
    theirs = (await endedChat(t, memberA, otherInbox.id, { name: 'Theo Theirs, "Jr"', email: 'theo@example.test', message: '=SUM(1,2) is my question' })).transaction.id;
    t.clock.advanceSeconds(60);
    open = (await startChat(t, otherInbox.id, { name: 'Still Open' })).transaction.id;
    chatB = (await endedChat(t, b.owner, inboxB.id, { name: 'Bea Other Org', message: 'Hello from B' })).transaction.id;

    ownerCookie = (await adminLogin(t, a.owner.user.email, 'password123')).cookie!;
    adminCookie = (await adminLogin(t, adminA.user.email, 'password123')).cookie!;
    ownerBCookie = (await adminLogin(t, b.owner.user.email, 'password123')).cookie!;
    expect([ownerCookie, adminCookie, ownerBCookie].every((c) => c?.startsWith('switchboard_admin='))).toBe(true);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await t?.close();
  });

  const setLicense = (on: boolean) => t.http().patch(api('/organization')).set(auth(a.owner)).send({ contactCenterLicense: on }).expect(200);
  const apiIds = async (who: Session, query: Record<string, string> = {}) =>
    ((await t.http().get(api('/transactions')).query({ status: 'ended,failed', ...query }).set(auth(who)).expect(200)).body.items as Array<{ id: string }>).map((i) => i.id).sort();
  const panelList = (cookie: string, query = '') => adminResourceAction(t, cookie, 'CompletedChat', 'list', undefined, `?perPage=100${query}`).expect(200);

  describe('completed chats', () => {
    it('lists only the completed chats the admin may see: own inboxes without the license, all with it, never another organization', async () => {
      await setLicense(false);
      const unlicensed = await panelList(adminCookie);
      expect(ids(unlicensed.body)).toEqual([mine, mineFailed].sort());
      expect(ids(unlicensed.body)).toEqual(await apiIds(adminA));
      const row = unlicensed.body.records.find((r: { id: string }) => r.id === mine);
      expect(row.params).toMatchObject({ inbox: 'Admin Desk', customer: 'Olive Own, olive@example.test', status: 'ended', agents: 'Ada Admin', endReason: expect.any(String) });
      expect(row.params.createdAt).toEqual(expect.any(String));
      expect(row.params.endedAt).toEqual(expect.any(String));
      expect(unlicensed.body.meta.total).toBe(2);

      await setLicense(true);
      try {
        const licensed = await panelList(adminCookie);
        expect(ids(licensed.body)).toEqual([mine, mineFailed, theirs].sort());
        expect(ids(licensed.body)).toEqual(await apiIds(adminA));
        expect(ids(licensed.body)).not.toContain(open);
        expect(ids(licensed.body)).not.toContain(chatB);
        // filters are the API's filters
        expect(ids((await panelList(adminCookie, '&filters.status=failed')).body)).toEqual([mineFailed]);
        expect(ids((await panelList(adminCookie, `&filters.inboxId=${otherInbox.id}`)).body)).toEqual([theirs]);
        // another organization's inbox as a filter: refused with the API's message, nothing listed
        const foreign = await panelList(adminCookie, `&filters.inboxId=${inboxB.id}`);
        expect(foreign.body.records).toEqual([]);
        expect(foreign.body.notice).toMatchObject({ type: 'error', message: 'Inbox not found' });
        // an open status cannot widen the list beyond completed chats
        expect(ids((await panelList(adminCookie, '&filters.status=waiting')).body)).toEqual([]);
      } finally {
        await setLicense(false);
      }
      expect(ids((await panelList(ownerBCookie)).body)).toEqual([chatB]);
    });

    it('shows a transcript only when the API would: license rule, completed only, own organization', async () => {
      const show = await adminRecordAction(t, adminCookie, 'CompletedChat', mine, 'show').expect(200);
      expect(show.body.record.params.transcript).toContain('Hello from Olive');
      expect(show.body.record.params.transcript).toContain(`Transcript of transaction ${mine}`);
      // the same text as the API's text transcript
      const viaApi = await t.http().get(api(`/transactions/${mine}/transcript`)).query({ format: 'text' }).set(auth(adminA)).buffer(true).parse(bytes).expect(200);
      expect(show.body.record.params.transcript).toBe((viaApi.body as Buffer).toString('utf8'));

      for (const id of [theirs, open, chatB]) {
        const refused = await adminRecordAction(t, adminCookie, 'CompletedChat', id, 'show');
        expect(refused.body.notice).toMatchObject({ type: 'error' });
        expect(refused.body.record.params).toEqual({});
        expect(JSON.stringify(refused.body)).not.toMatch(/Theo|Still Open|Hello from B/);
      }
      await t.http().get(api(`/transactions/${theirs}/transcript`)).set(auth(adminA)).expect(404);

      await setLicense(true);
      try {
        const licensed = await adminRecordAction(t, adminCookie, 'CompletedChat', theirs, 'show').expect(200);
        expect(licensed.body.record.params.transcript).toContain('=SUM(1,2) is my question');
      } finally {
        await setLicense(false);
      }
    });

    it('is read-only', async () => {
      for (const action of ['new', 'edit', 'delete']) {
        const res = action === 'new'
          ? await adminResourceAction(t, ownerCookie, 'CompletedChat', 'new', { status: 'ended' })
          : await adminRecordAction(t, ownerCookie, 'CompletedChat', mine, action, { status: 'failed' });
        expect(res.body.notice).toMatchObject({ type: 'error' });
      }
      expect((await t.http().get(api(`/transactions/${mine}`)).set(auth(adminA)).expect(200)).body.status).toBe('ended');
    });
  });

  describe('CSV export', () => {
    const viaApi = (who: Session, query: Record<string, string>) =>
      t.http().get(api('/exports/transactions.csv')).query(query).set(auth(who)).buffer(true).parse(bytes);
    const viaPanel = (cookie: string, query: Record<string, string>) =>
      t.http().get('/admin/api/resources/CompletedChat/actions/exportCsv').query({ download: '1', ...query }).set('Cookie', cookie).buffer(true).parse(bytes);

    it('downloads the same bytes as GET /exports/transactions.csv for the same filters and caller', async () => {
      const from = new Date(t.clock.now().getTime() - 3_600_000).toISOString();
      const filters: Array<Record<string, string>> = [
        {}, { status: 'failed' }, { inboxId: ownInbox.id }, { agentId: adminA.user.id }, { q: 'olive' }, { from, to: t.clock.now().toISOString() },
      ];
      for (const [who, cookie, license] of [[adminA, adminCookie, false], [adminA, adminCookie, true], [a.owner, ownerCookie, true]] as const) {
        await setLicense(license);
        for (const query of filters) {
          const [fromApi, fromPanel] = [await viaApi(who, query).expect(200), await viaPanel(cookie, query).expect(200)];
          expect(fromPanel.headers['content-type']).toBe('text/csv; charset=utf-8');
          expect(fromPanel.headers['content-disposition']).toMatch(/^attachment; filename="transactions-\d{8}T\d{6}Z\.csv"$/);
          expect(Buffer.isBuffer(fromPanel.body) && (fromPanel.body as Buffer).length).toBeGreaterThan(100);
          expect((fromPanel.body as Buffer).equals(fromApi.body as Buffer)).toBe(true);
        }
      }
      // the check above compares real content: the unlicensed admin's export leaves the other inbox out, the licensed one has it
      await setLicense(false);
      expect((await viaPanel(adminCookie, {}).expect(200)).body.toString('utf8')).not.toContain(theirs);
      await setLicense(true);
      expect((await viaPanel(adminCookie, {}).expect(200)).body.toString('utf8')).toContain(theirs);
      await setLicense(false);
    });

    it('refuses what the API refuses, with the same status and code', async () => {
      const refusals: Array<[Record<string, string>, number, string]> = [
        [{ status: 'assigned' }, 400, 'export_completed_only'],
        [{ from: 'yesterday' }, 400, 'validation_failed'],
        [{ from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' }, 400, 'invalid_range'],
        [{ unknownFilter: 'x' }, 400, 'validation_failed'],
        [{ inboxId: inboxB.id }, 404, 'inbox_not_found'],
        [{ inboxId: otherInbox.id }, 404, 'inbox_not_found'], // not the unlicensed admin's inbox
      ];
      for (const [query, status, code] of refusals) {
        const fromApi = await t.http().get(api('/exports/transactions.csv')).query(query).set(auth(adminA));
        expect([fromApi.status, fromApi.body.code]).toEqual([status, code]);
        const fromPanel = await t.http().get('/admin/api/resources/CompletedChat/actions/exportCsv').query({ download: '1', ...query }).set('Cookie', adminCookie);
        expect(fromPanel.status).toBe(status);
        expect(fromPanel.headers['content-type']).toMatch(/application\/json/);
        expect(fromPanel.body).toMatchObject({ code, notice: { type: 'error', message: fromApi.body.message } });
      }
    });

    it('offers inboxes and agents by name: the inboxes the admin may see, the users of the organization', async () => {
      const choices = async (cookie: string) =>
        (await t.http().get('/admin/api/resources/CompletedChat/actions/exportCsv').query({ choices: '1' }).set('Cookie', cookie).expect(200)).body.choices;
      await setLicense(false);
      const unlicensed = await choices(adminCookie);
      expect(unlicensed.inboxes).toEqual([{ id: ownInbox.id, name: 'Admin Desk' }]);
      expect(unlicensed.agents).toEqual(expect.arrayContaining([{ id: adminA.user.id, name: 'Ada Admin' }, { id: memberA.user.id, name: 'Mel Member' }]));
      expect(JSON.stringify(unlicensed)).not.toContain(b.owner.user.id);
      await setLicense(true);
      try {
        expect((await choices(adminCookie)).inboxes.map((i: { name: string }) => i.name).sort()).toEqual(['Admin Desk', 'Member Desk']);
      } finally {
        await setLicense(false);
      }
      expect((await choices(ownerBCookie)).inboxes).toEqual([{ id: inboxB.id, name: 'B Desk' }]);
    });

    it('needs a panel session', async () => {
      const res = await t.http().get('/admin/api/resources/CompletedChat/actions/exportCsv').query({ download: '1' });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/admin/login');
    });
  });

  describe('in a real browser', () => {
    let browser: Awaited<ReturnType<typeof launchBrowser>>;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(() => browser?.close());

    it('renders the completed chats list, a transcript, and downloads the export', async () => {
      const page = await browser.context.newPage();
      try {
        await page.goto(`${t.url}/admin/login`);
        await page.fill('input[name="email"]', adminA.user.email);
        await page.fill('input[name="password"]', 'password123');
        await Promise.all([page.waitForNavigation(), page.click('button')]);

        await page.goto(`${t.url}/admin/resources/CompletedChat`);
        await page.getByText('Olive Own, olive@example.test').first().waitFor({ timeout: 20_000 });
        await page.getByText('Fay Failed, +15550100').first().waitFor({ timeout: 10_000 });
        expect(await page.getByText('Theo Theirs').count()).toBe(0);

        await page.goto(`${t.url}/admin/resources/CompletedChat/records/${mine}/show`);
        await page.getByText('Hello from Olive', { exact: false }).first().waitFor({ timeout: 10_000 });

        // the export page: filters by name; a refused filter shows the service's message, a valid one downloads the API's bytes
        await page.goto(`${t.url}/admin/resources/CompletedChat/actions/exportCsv`);
        const inbox = page.getByLabel('Inbox', { exact: true });
        await page.getByRole('option', { name: 'Admin Desk' }).waitFor({ state: 'attached', timeout: 30_000 });
        // the unlicensed admin is offered only the inboxes they may see, by name, never an id
        expect(await inbox.locator('option').allTextContents()).toEqual(['All inboxes you may see', 'Admin Desk']);
        expect(await page.getByLabel('Agent', { exact: true }).locator('option').allTextContents()).toEqual(expect.arrayContaining(['Any agent', 'Ada Admin', 'Mel Member']));
        await page.getByLabel('Started from (your local time)').fill('2025-02-01T00:00');
        await page.getByLabel('Started until (your local time)').fill('2025-01-01T00:00');
        await page.getByRole('button', { name: 'Download CSV' }).click();
        await page.getByRole('alert').filter({ hasText: 'the start of the range is after its end' }).waitFor({ timeout: 30_000 });

        await page.getByLabel('Started from (your local time)').fill('');
        await page.getByLabel('Started until (your local time)').fill('');
        await inbox.selectOption({ label: 'Admin Desk' });
        // `npm run docs:screenshots` keeps the form as docs/admin.md shows it
        if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/admin-export.png`, fullPage: true });
        const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.getByRole('button', { name: 'Download CSV' }).click()]);
        const file = await download.path();
        const fromApi = await t.http().get(api('/exports/transactions.csv')).query({ inboxId: ownInbox.id }).set(auth(adminA)).buffer(true).parse(bytes).expect(200);
        expect(fs.readFileSync(file!).equals(fromApi.body as Buffer)).toBe(true);
      } finally {
        await page.context().clearCookies();
        await page.close();
      }
    });
  });

  describe('canned responses', () => {
    const orgResponses = async (org: Org) =>
      (await t.http().get(api('/canned-responses')).query({ scope: 'organization' }).set(auth(org.owner)).expect(200)).body.items as Array<{ id: string; shortcut: string; content: string }>;

    it('creates organization responses through CannedResponseService: invalid and duplicate refused, valid accepted', async () => {
      await t.http().post(api('/canned-responses')).set(auth(a.owner)).send({ shortcut: 'greet', content: 'Hello!', scope: 'organization' }).expect(201);
      const before = await orgResponses(a);

      const invalid = await adminResourceAction(t, adminCookie, 'CannedResponse', 'new', { shortcut: 'not valid!', content: 'x' }).expect(200);
      expect(invalid.body.notice.type).toBe('error');
      expect(invalid.body.record.errors.shortcut).toMatchObject({ type: 'validation_failed', message: 'shortcut must be 1 to 50 letters, digits, - or _' });
      const blank = await adminResourceAction(t, adminCookie, 'CannedResponse', 'new', { shortcut: 'blank', content: '   ' }).expect(200);
      expect(blank.body.record.errors.content).toMatchObject({ message: 'content must not be blank' });

      const duplicate = await adminResourceAction(t, adminCookie, 'CannedResponse', 'new', { shortcut: 'GREET', content: 'Hi again' }).expect(200);
      expect(duplicate.body.notice).toEqual({ type: 'error', message: 'The shortcut /GREET is already taken in this scope' });
      // the API answers the same refusal with 409
      const viaApi = await t.http().post(api('/canned-responses')).set(auth(adminA)).send({ shortcut: 'GREET', content: 'Hi again', scope: 'organization' }).expect(409);
      expect(viaApi.body).toMatchObject({ code: 'shortcut_taken', message: duplicate.body.notice.message });
      expect(await orgResponses(a)).toEqual(before);

      const created = await adminResourceAction(t, adminCookie, 'CannedResponse', 'new', { shortcut: '/thanks', content: 'Thanks {{customer.name}}!' }).expect(200);
      expect(created.body.notice.type).toBe('success');
      const after = await orgResponses(a);
      expect(after.map((r) => r.shortcut).sort()).toEqual(['greet', 'thanks']);
      const thanks = after.find((r) => r.shortcut === 'thanks')!;
      expect(thanks).toMatchObject({ content: 'Thanks {{customer.name}}!', scope: 'organization', ownerId: null });
      expect(created.body.record.id).toBe(thanks.id);
      // another organization's admins do not see it
      expect(await orgResponses(b)).toEqual([]);
    });

    it('lists organization responses only, edits and deletes through the service', async () => {
      const personal = (await t.http().post(api('/canned-responses')).set(auth(memberA)).send({ shortcut: 'mine', content: 'My own' }).expect(201)).body;
      const listed = (await adminResourceAction(t, ownerCookie, 'CannedResponse', 'list', undefined, '?perPage=100').expect(200)).body.records.map((r: { params: { shortcut: string } }) => r.params.shortcut);
      expect(listed.sort()).toEqual(['greet', 'thanks']);
      expect((await adminRecordAction(t, ownerCookie, 'CannedResponse', personal.id, 'show')).body.notice).toMatchObject({ type: 'error' });
      expect((await adminResourceAction(t, ownerBCookie, 'CannedResponse', 'list').expect(200)).body.records).toEqual([]);

      const thanks = (await orgResponses(a)).find((r) => r.shortcut === 'thanks')!;
      const clash = await adminRecordAction(t, ownerCookie, 'CannedResponse', thanks.id, 'edit', { shortcut: 'greet', content: 'x' }).expect(200);
      expect(clash.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('already taken') });
      await adminRecordAction(t, ownerCookie, 'CannedResponse', thanks.id, 'edit', { shortcut: 'thank-you', content: 'Thank you!' }).expect(200);
      expect((await orgResponses(a)).find((r) => r.id === thanks.id)).toMatchObject({ shortcut: 'thank-you', content: 'Thank you!' });

      // another organization cannot delete it; its owner can
      expect((await adminRecordAction(t, ownerBCookie, 'CannedResponse', thanks.id, 'delete', {})).body.notice).toMatchObject({ type: 'error' });
      const deleted = await adminRecordAction(t, ownerCookie, 'CannedResponse', thanks.id, 'delete', {}).expect(200);
      expect(deleted.body.notice.type).toBe('success');
      expect((await orgResponses(a)).map((r) => r.shortcut)).toEqual(['greet']);
    });
  });

  describe('blacklist', () => {
    const apiList = async (org: Org) => (await t.http().get(api('/blacklist')).set(auth(org.owner)).expect(200)).body.items as Array<Record<string, unknown>>;

    it('blocks through BlacklistService (shown in GET /blacklist with who, when, why) and lifts it', async () => {
      const invalid = await adminResourceAction(t, adminCookie, 'Blacklist', 'new', { type: 'email', value: 'not-an-email' }).expect(200);
      expect(invalid.body.notice.type).toBe('error');
      expect(invalid.body.record.errors.value).toBeDefined();
      expect(await apiList(a)).toEqual([]);

      const created = await adminResourceAction(t, adminCookie, 'Blacklist', 'new', { type: 'email', value: ' Spammer@Example.TEST ', reason: 'abusive' }).expect(200);
      expect(created.body.notice.type).toBe('success');
      const [entry] = await apiList(a);
      expect(entry).toMatchObject({ type: 'email', value: 'spammer@example.test', reason: 'abusive', createdBy: { id: adminA.user.id, name: 'Ada Admin' }, createdAt: expect.any(String) });
      expect(created.body.record.id).toBe(entry.id);
      // the block is real: a chat from that email is refused
      const start = await t.http().post(api(`/visitor/inboxes/${ownInbox.id}/chats`)).send({ name: 'S', email: 'spammer@example.test' });
      expect([start.status, start.body.code]).toEqual([403, 'blocked']);

      const again = await adminResourceAction(t, adminCookie, 'Blacklist', 'new', { type: 'email', value: 'spammer@example.test' }).expect(200);
      expect(again.body.notice).toEqual({ type: 'error', message: 'This email is already blocked' });

      const listed = await adminResourceAction(t, ownerCookie, 'Blacklist', 'list').expect(200);
      expect(listed.body.records.map((r: { params: Record<string, unknown> }) => r.params)).toEqual([
        expect.objectContaining({ id: entry.id, value: 'spammer@example.test', reason: 'abusive', createdById: adminA.user.id }),
      ]);
      expect((await adminResourceAction(t, ownerBCookie, 'Blacklist', 'list').expect(200)).body.records).toEqual([]);
      expect((await adminRecordAction(t, ownerBCookie, 'Blacklist', String(entry.id), 'delete', {})).body.notice).toMatchObject({ type: 'error' });
      expect(await apiList(a)).toHaveLength(1);

      const lifted = await adminRecordAction(t, ownerCookie, 'Blacklist', String(entry.id), 'delete', {}).expect(200);
      expect(lifted.body.notice).toMatchObject({ type: 'success' });
      expect(await apiList(a)).toEqual([]);
      await t.http().post(api(`/visitor/inboxes/${ownInbox.id}/chats`)).send({ name: 'S', email: 'spammer@example.test' }).expect(201);
    });
  });

  describe('API keys', () => {
    it('creates a key shown once, lists it without secret, revokes it', async () => {
      const empty = await adminResourceAction(t, ownerCookie, 'ApiKey', 'new', { name: '  ' }).expect(200);
      expect(empty.body.notice.type).toBe('error');
      expect((await t.http().get(api('/api-keys')).set(auth(a.owner)).expect(200)).body.items).toEqual([]);

      const created = await adminResourceAction(t, ownerCookie, 'ApiKey', 'new', { name: 'PBX' }).expect(200);
      expect(created.body.notice).toMatchObject({ type: 'success', message: expect.stringContaining('not shown again') });
      const key = created.body.record.params.key as string;
      expect(key).toMatch(/^sbk_[A-Za-z0-9_-]{43}$/);
      const call = { direction: 'inbound', startedAt: t.clock.now().toISOString() };
      await t.http().post(api(`/transactions/${open}/calls`)).set('X-Api-Key', key).send(call).expect(201);

      const list = await adminResourceAction(t, ownerCookie, 'ApiKey', 'list').expect(200);
      expect(list.body.records).toHaveLength(1);
      expect(list.body.records[0].params).toMatchObject({ name: 'PBX', prefix: key.slice(0, 12) });
      const shown = await adminRecordAction(t, ownerCookie, 'ApiKey', created.body.record.id, 'show').expect(200);
      expect(JSON.stringify([list.body, shown.body])).not.toContain(key);
      expect(JSON.stringify([list.body, shown.body])).not.toMatch(/keyHash/);
      expect((await adminResourceAction(t, ownerBCookie, 'ApiKey', 'list').expect(200)).body.records).toEqual([]);

      expect((await adminRecordAction(t, ownerBCookie, 'ApiKey', created.body.record.id, 'revoke', {})).body.notice).toMatchObject({ type: 'error' });
      await t.http().post(api(`/transactions/${open}/calls`)).set('X-Api-Key', key).send(call).expect(201);
      const revoked = await adminRecordAction(t, ownerCookie, 'ApiKey', created.body.record.id, 'revoke', {}).expect(200);
      expect(revoked.body.notice).toMatchObject({ type: 'success' });
      expect(revoked.body.record.params.revokedAt).toEqual(expect.any(String));
      await t.http().post(api(`/transactions/${open}/calls`)).set('X-Api-Key', key).send(call).expect(401);
    });
  });
});
