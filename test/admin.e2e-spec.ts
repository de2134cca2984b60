import { jest, afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { adminLogin, adminRecordAction, adminResourceAction, launchBrowser } from './support/admin.js';
import { api, useApp } from './support/app.js';
import { auth, newInbox, newOrganization, newUser, type Org, type Session } from './support/factories.js';

// the panel's first page bundles its components (see test/support/admin.ts)
jest.setTimeout(180_000);

describe('admin panel', () => {
  const t = useApp({ env: { ADMIN_ENABLED: 'true' } });
  let a: Org;
  let b: Org;
  let ownerA: { email: string; cookie: string };
  let memberA: Session;

  beforeAll(async () => {
    a = await newOrganization(t);
    b = await newOrganization(t);
    memberA = await newUser(t, a, 'member');
    const login = await adminLogin(t, a.owner.user.email, 'password123');
    expect(login.status).toBe(302);
    ownerA = { email: a.owner.user.email, cookie: login.cookie! };
    expect(ownerA.cookie).toMatch(/^switchboard_admin=/);
  });
  afterAll(() => t?.close());

  const organization = async (org: Org) => (await t.http().get(api('/organization')).set(auth(org.owner)).expect(200)).body;

  describe('login', () => {
    it('serves the login page', async () => {
      const res = await t.http().get('/admin/login').expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      // the form is rendered in the browser from this state
      expect(res.text).toContain('"action":"/admin/login"');
    });

    it('sends a visitor without a session to the login page', async () => {
      const res = await t.http().get('/admin/resources/Inbox').expect(302);
      expect(res.headers.location).toBe('/admin/login');
      await t.http().get('/admin/api/resources/Organization/actions/list').expect(302);
    });

    it('refuses a member and a wrong password', async () => {
      const member = await adminLogin(t, memberA.user.email, 'password123');
      expect(member.cookie).toBeNull();
      expect(member.body).toContain('Only owners and admins may sign in to the admin panel');
      const wrong = await adminLogin(t, a.owner.user.email, 'wrong-password');
      expect(wrong.cookie).toBeNull();
      expect(wrong.status).toBe(200);
      expect(wrong.body).toContain('invalidCredentials');
    });
  });

  describe('in a real browser', () => {
    let browser: Awaited<ReturnType<typeof launchBrowser>>;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(() => browser?.close());

    const logIn = async (email: string) => {
      const page = await browser.context.newPage();
      await page.goto(`${t.url}/admin/login`);
      await page.fill('input[name="email"]', email);
      await page.fill('input[name="password"]', 'password123');
      await Promise.all([page.waitForNavigation(), page.click('button')]);
      return page;
    };

    it('lets an owner in and shows the inboxes created through the API', async () => {
      const inbox = await newInbox(t, a, [memberA], { name: 'Browser Support Desk' });
      const page = await logIn(a.owner.user.email);
      try {
        expect(new URL(page.url()).pathname).toBe('/admin');
        await page.goto(`${t.url}/admin/resources/Inbox`);
        await page.getByText('Browser Support Desk').first().waitFor({ timeout: 20_000 });
        // its page names the agents (references read through the organization-scoped User resource)
        await page.goto(`${t.url}/admin/resources/Inbox/records/${inbox.id}/show`);
        await page.getByText(memberA.user.name).first().waitFor({ timeout: 10_000 });
      } finally {
        await page.context().clearCookies();
        await page.close();
      }
    });

    it('refuses an invalid setting in the edit form with the API message, and saves a valid one', async () => {
      const org = await newOrganization(t);
      const page = await logIn(org.owner.user.email);
      try {
        await page.goto(`${t.url}/admin/resources/Organization/records/${org.organizationId}/edit`);
        await page.fill('input[name="maxUploadBytes"]', '10');
        await page.click('button[type="submit"]');
        await page.getByText('maxUploadBytes must not be less than 1024').first().waitFor({ timeout: 10_000 });
        expect((await organization(org)).maxUploadBytes).toBe(26214400);

        await page.fill('input[name="maxUploadBytes"]', '4096');
        await page.click('button[type="submit"]');
        await page.waitForURL(/\/records\/[^/]+\/show/, { timeout: 10_000 });
        expect((await organization(org)).maxUploadBytes).toBe(4096);
      } finally {
        await page.context().clearCookies();
        await page.close();
      }
    });

    it('refuses a member with a message', async () => {
      const page = await logIn(memberA.user.email);
      try {
        expect(new URL(page.url()).pathname).toBe('/admin/login');
        await page.getByText('Only owners and admins may sign in to the admin panel').waitFor({ timeout: 10_000 });
        const cookies = await page.context().cookies();
        expect(cookies.filter((c) => c.name === 'switchboard_admin')).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });

  describe('changes go through the services', () => {
    it('refuses an invalid organization setting and changes nothing', async () => {
      const before = await organization(a);
      const res = await adminRecordAction(t, ownerA.cookie, 'Organization', a.organizationId, 'edit', { name: before.name, maxUploadBytes: '10', maxActiveChatsPerAgent: '7' }).expect(200);
      expect(res.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('maxUploadBytes') });
      expect(res.body.record.errors.maxUploadBytes).toMatchObject({ type: 'validation_failed' });
      expect(await organization(a)).toEqual(before);

      const refused = await t.http().patch(api('/organization')).set(auth(a.owner)).send({ maxUploadBytes: 10 }).expect(400);
      expect(refused.body.code).toBe('validation_failed');
    });

    it('applies a valid organization setting exactly as the API does', async () => {
      const res = await adminRecordAction(t, ownerA.cookie, 'Organization', a.organizationId, 'edit', { contactCenterLicense: 'true', maxUploadBytes: '2048', maxActiveChatsPerAgent: '5' }).expect(200);
      expect(res.body.notice).toMatchObject({ type: 'success' });
      const viaPanel = await organization(a);
      expect(viaPanel).toMatchObject({ contactCenterLicense: true, maxUploadBytes: 2048, maxActiveChatsPerAgent: 5 });

      // the same change through the API on another organization gives the same settings
      await t.http().patch(api('/organization')).set(auth(b.owner)).send({ contactCenterLicense: true, maxUploadBytes: 2048, maxActiveChatsPerAgent: 5 }).expect(200);
      const viaApi = await organization(b);
      const settings = (o: Record<string, unknown>) => ({ ...o, id: undefined, name: undefined, createdAt: undefined, updatedAt: undefined });
      expect(settings(viaPanel)).toEqual(settings(viaApi));
      await t.http().patch(api('/organization')).set(auth(b.owner)).send({ contactCenterLicense: false }).expect(200);
    });

    it('creates a user through UserService: password hashed, validation applied, hash never shown', async () => {
      const short = await adminResourceAction(t, ownerA.cookie, 'User', 'new', { name: 'Pat', email: 'pat-admin@example.test', password: 'short', role: 'member' }).expect(200);
      expect(short.body.notice.type).toBe('error');
      expect(short.body.record.errors.password).toBeDefined();
      await t.http().post(api('/auth/login')).send({ email: 'pat-admin@example.test', password: 'short' }).expect(401);

      const created = await adminResourceAction(t, ownerA.cookie, 'User', 'new', { name: 'Pat', email: 'pat-admin@example.test', password: 'long-enough-password', role: 'member', maxActiveChats: '' }).expect(200);
      expect(created.body.notice.type).toBe('success');
      const login = await t.http().post(api('/auth/login')).send({ email: 'pat-admin@example.test', password: 'long-enough-password' }).expect(200);
      expect(login.body.user).toMatchObject({ organizationId: a.organizationId, role: 'member', maxActiveChats: null });

      const list = await adminResourceAction(t, ownerA.cookie, 'User', 'list').expect(200);
      expect(JSON.stringify(list.body)).not.toMatch(/passwordHash|\$2[aby]\$/);
    });

    it('sets inbox agents through InboxService', async () => {
      const inbox = await newInbox(t, a);
      const res = await adminRecordAction(t, ownerA.cookie, 'Inbox', inbox.id, 'edit', { name: 'Renamed in panel', autoAssign: 'false', 'agentIds.0': memberA.user.id }).expect(200);
      expect(res.body.notice).toMatchObject({ type: 'success' });
      const viaApi = (await t.http().get(api(`/inboxes/${inbox.id}`)).set(auth(a.owner)).expect(200)).body;
      expect(viaApi).toMatchObject({ name: 'Renamed in panel', autoAssign: false, agentIds: [memberA.user.id] });

      const empty = await adminRecordAction(t, ownerA.cookie, 'Inbox', inbox.id, 'edit', { name: '', agentIds: '__FORM_VALUE_EMPTY_ARRAY__' }).expect(200);
      expect(empty.body.notice.type).toBe('error');
      expect((await t.http().get(api(`/inboxes/${inbox.id}`)).set(auth(a.owner)).expect(200)).body).toEqual(viaApi);
    });

    it("edits the inbox's widget settings (pre-chat fields, allowed origins); a bad value changes nothing", async () => {
      const inbox = await newInbox(t, a);
      const res = await adminRecordAction(t, ownerA.cookie, 'Inbox', inbox.id, 'edit', { name: 'Web', preChatEmail: 'required', preChatPhone: 'off', allowedOrigins: 'https://shop.example.test' }).expect(200);
      expect(res.body.notice).toMatchObject({ type: 'success' });
      const viaApi = (await t.http().get(api(`/inboxes/${inbox.id}`)).set(auth(a.owner)).expect(200)).body;
      expect(viaApi).toMatchObject({ preChatName: 'optional', preChatEmail: 'required', preChatPhone: 'off', allowedOrigins: 'https://shop.example.test' });
      const bad = await adminRecordAction(t, ownerA.cookie, 'Inbox', inbox.id, 'edit', { name: 'Web', preChatName: 'maybe', allowedOrigins: 'javascript:alert(1)' }).expect(200);
      expect(bad.body.notice.type).toBe('error');
      expect((await t.http().get(api(`/inboxes/${inbox.id}`)).set(auth(a.owner)).expect(200)).body).toEqual(viaApi);
    });
  });

  describe('organization isolation', () => {
    let inboxB: { id: string };
    let memberB: Session;

    beforeAll(async () => {
      memberB = await newUser(t, b, 'member');
      inboxB = await newInbox(t, b, [memberB], { name: 'Other org inbox' });
    });

    it("does not list or search another organization's records", async () => {
      for (const resource of ['Organization', 'User', 'Inbox']) {
        const res = await adminResourceAction(t, ownerA.cookie, resource, 'list', undefined, '?perPage=500').expect(200);
        const ids = res.body.records.map((r: { id: string }) => r.id);
        expect(ids.length).toBeGreaterThan(0);
        expect(ids).not.toContain(b.organizationId);
        expect(ids).not.toContain(memberB.user.id);
        expect(ids).not.toContain(inboxB.id);
        expect(ids).not.toContain(b.owner.user.id);
      }
      const search = (name: string) => t.http().get(`/admin/api/resources/User/actions/search/${encodeURIComponent(name)}`).set('Cookie', ownerA.cookie).expect(200);
      expect((await search(memberA.user.name)).body.records.map((r: { id: string }) => r.id)).toEqual([memberA.user.id]);
      expect((await search(memberB.user.name)).body.records).toEqual([]);
      const filtered = await adminResourceAction(t, ownerA.cookie, 'Inbox', 'list', undefined, `?filters.organizationId=${b.organizationId}`).expect(200);
      expect(filtered.body.records.map((r: { id: string }) => r.id)).not.toContain(inboxB.id);
    });

    it("cannot open or edit another organization's records by id", async () => {
      const ownBefore = await organization(a);
      const targets: Array<[string, string]> = [['Organization', b.organizationId], ['User', memberB.user.id], ['Inbox', inboxB.id]];
      for (const [resource, id] of targets) {
        const show = await adminRecordAction(t, ownerA.cookie, resource, id, 'show');
        expect(show.body.notice).toMatchObject({ type: 'error' });
        expect(show.body.record.params).toEqual({});
        const edit = await adminRecordAction(t, ownerA.cookie, resource, id, 'edit', { name: 'hijacked' });
        expect(edit.body.notice).toMatchObject({ type: 'error' });
      }
      expect((await organization(b)).name).not.toBe('hijacked');
      expect(await organization(a)).toEqual(ownBefore);
      expect((await t.http().get(api(`/users/${memberB.user.id}`)).set(auth(b.owner)).expect(200)).body.name).toBe(memberB.user.name);
      expect((await t.http().get(api(`/inboxes/${inboxB.id}`)).set(auth(b.owner)).expect(200)).body).toMatchObject({ name: 'Other org inbox', agentIds: [memberB.user.id] });
    });

    it("cannot make another organization's user an agent", async () => {
      const inbox = await newInbox(t, a);
      const res = await adminRecordAction(t, ownerA.cookie, 'Inbox', inbox.id, 'edit', { name: 'Mine', 'agentIds.0': memberB.user.id }).expect(200);
      expect(res.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('Unknown users') });
      expect((await t.http().get(api(`/inboxes/${inbox.id}`)).set(auth(a.owner)).expect(200)).body.agentIds).toEqual([]);
    });
  });
});
