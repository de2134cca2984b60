import { beforeAll, describe, expect, it } from '@jest/globals';
import { api, useApp } from './support/app.js';
import { auth, newInbox, newOrganization, newUser, type Org, type Session } from './support/factories.js';

describe('accounts, organizations, inboxes and access rules', () => {
  const t = useApp();
  let a: Org;
  let b: Org;

  beforeAll(async () => {
    a = await newOrganization(t);
    b = await newOrganization(t);
  });

  describe('authentication', () => {
    it('signs up, logs in and answers /me', async () => {
      const signup = await t.http().post(api('/auth/signup')).send({ organizationName: 'Acme', name: 'Ann', email: 'Ann@Acme.test', password: 'correct-horse' }).expect(201);
      expect(signup.body.accessToken).toEqual(expect.any(String));
      expect(signup.body.user).toMatchObject({ email: 'ann@acme.test', role: 'owner', name: 'Ann' });
      expect(signup.body.user.passwordHash).toBeUndefined();

      const login = await t.http().post(api('/auth/login')).send({ email: 'ann@acme.test', password: 'correct-horse' }).expect(200);
      const me = await t.http().get(api('/me')).set(auth(login.body.accessToken)).expect(200);
      expect(me.body).toMatchObject({ id: signup.body.user.id, organizationId: signup.body.user.organizationId, role: 'owner' });
    });

    it('refuses a wrong password with 401 invalid_credentials', async () => {
      const res = await t.http().post(api('/auth/login')).send({ email: 'ann@acme.test', password: 'wrong-password' }).expect(401);
      expect(res.body).toEqual({ statusCode: 401, code: 'invalid_credentials', message: expect.any(String) });
    });

    it('refuses a missing or forged token with 401', async () => {
      expect((await t.http().get(api('/me')).expect(401)).body.code).toBe('unauthorized');
      expect((await t.http().get(api('/me')).set(auth('not.a.jwt')).expect(401)).body.code).toBe('invalid_token');
    });

    it('refuses a second account with the same email (409)', async () => {
      const res = await t.http().post(api('/auth/signup')).send({ organizationName: 'Other', name: 'X', email: 'ANN@acme.test', password: 'password123' }).expect(409);
      expect(res.body.code).toBe('email_taken');
    });
  });

  describe('organization isolation', () => {
    it("answers 404 for another organization's inbox and user ids", async () => {
      const inboxB = await newInbox(t, b);
      const memberB = await newUser(t, b);
      for (const path of [`/inboxes/${inboxB.id}`, `/users/${memberB.user.id}`]) {
        const res = await t.http().get(api(path)).set(auth(a.owner)).expect(404);
        expect(res.body.code).toMatch(/_not_found$/);
      }
      await t.http().patch(api(`/inboxes/${inboxB.id}`)).set(auth(a.owner)).send({ name: 'hijack' }).expect(404);
      await t.http().patch(api(`/users/${memberB.user.id}`)).set(auth(a.owner)).send({ name: 'hijack' }).expect(404);
      const put = await t.http().put(api(`/inboxes/${(await newInbox(t, a)).id}/agents`)).set(auth(a.owner)).send({ userIds: [memberB.user.id] }).expect(400);
      expect(put.body.code).toBe('unknown_users');
      const list = await t.http().get(api('/users')).set(auth(a.owner)).expect(200);
      expect(list.body.items.map((u: { id: string }) => u.id)).not.toContain(memberB.user.id);
    });
  });

  describe('inbox visibility', () => {
    let org: Org;
    let member: Session;
    let admin: Session;
    let mine: { id: string };
    let other: { id: string };
    let adminOwn: { id: string };

    beforeAll(async () => {
      org = await newOrganization(t);
      member = await newUser(t, org, 'member');
      admin = await newUser(t, org, 'admin');
      mine = await newInbox(t, org, [member]);
      other = await newInbox(t, org);
      adminOwn = await newInbox(t, org, [admin]);
    });

    const listIds = async (s: Session) => (await t.http().get(api('/inboxes')).set(auth(s)).expect(200)).body.items.map((i: { id: string }) => i.id).sort();

    it('shows a member only the inboxes assigned to them', async () => {
      expect(await listIds(member)).toEqual([mine.id]);
      await t.http().get(api(`/inboxes/${other.id}`)).set(auth(member)).expect(404);
      await t.http().get(api(`/inboxes/${mine.id}`)).set(auth(member)).expect(200);
    });

    it('shows an admin every inbox only with the Contact Center license', async () => {
      await t.http().patch(api('/organization')).set(auth(org.owner)).send({ contactCenterLicense: false }).expect(200);
      expect(await listIds(admin)).toEqual([adminOwn.id]);
      await t.http().patch(api('/organization')).set(auth(org.owner)).send({ contactCenterLicense: true }).expect(200);
      expect(await listIds(admin)).toEqual([mine.id, other.id, adminOwn.id].sort());
    });

    it('lets only owners and admins change settings, users and inboxes', async () => {
      const res = await t.http().patch(api('/organization')).set(auth(member)).send({ maxActiveChatsPerAgent: 5 }).expect(403);
      expect(res.body.code).toBe('admin_only');
      await t.http().post(api('/inboxes')).set(auth(member)).send({ name: 'x' }).expect(403);
      await t.http().patch(api(`/inboxes/${mine.id}`)).set(auth(member)).send({ name: 'x' }).expect(403);
      await t.http().put(api(`/inboxes/${mine.id}/agents`)).set(auth(member)).send({ userIds: [] }).expect(403);
      await t.http().post(api('/users')).set(auth(member)).send({ name: 'x', email: 'x@y.test', password: 'password123', role: 'member' }).expect(403);
      await t.http().patch(api(`/users/${admin.user.id}`)).set(auth(member)).send({ role: 'member' }).expect(403);
      const org1 = await t.http().patch(api('/organization')).set(auth(admin)).send({ maxActiveChatsPerAgent: 4 }).expect(200);
      expect(org1.body.maxActiveChatsPerAgent).toBe(4);
    });

    it('keeps creating an inbox from making its creator an agent of it', async () => {
      const res = await t.http().post(api('/inboxes')).set(auth(org.owner)).send({ name: 'Sales' }).expect(201);
      expect(res.body).toMatchObject({ name: 'Sales', autoAssign: true, agentIds: [] });
    });
  });

  describe('validation', () => {
    it('answers 400 validation_failed for missing, unknown and oversized fields, and changes nothing', async () => {
      const missing = await t.http().post(api('/inboxes')).set(auth(a.owner)).send({}).expect(400);
      expect(missing.body).toMatchObject({ statusCode: 400, code: 'validation_failed' });
      expect(missing.body.message).toMatch(/name/);

      const unknown = await t.http().post(api('/inboxes')).set(auth(a.owner)).send({ name: 'ok', color: 'red' }).expect(400);
      expect(unknown.body.message).toMatch(/color should not exist/);

      const oversized = await t.http().post(api('/inboxes')).set(auth(a.owner)).send({ name: 'x'.repeat(201) }).expect(400);
      expect(oversized.body.code).toBe('validation_failed');

      const badSetting = await t.http().patch(api('/organization')).set(auth(a.owner)).send({ maxUploadBytes: 10, offerTimeoutSeconds: 0 }).expect(400);
      expect(badSetting.body.message).toMatch(/maxUploadBytes/);
      expect(badSetting.body.message).toMatch(/offerTimeoutSeconds/);

      const nulls = await t.http().patch(api('/organization')).set(auth(a.owner)).send({ maxUploadBytes: null }).expect(400);
      expect(nulls.body.code).toBe('validation_failed');
      await t.http().patch(api(`/users/${a.owner.user.id}`)).set(auth(a.owner)).send({ name: null }).expect(400);

      const list = await t.http().get(api('/inboxes')).set(auth(a.owner)).expect(200);
      expect(list.body.items.some((i: { name: string }) => i.name === 'ok')).toBe(false);
      const org = await t.http().get(api('/organization')).set(auth(a.owner)).expect(200);
      expect(org.body).toMatchObject({ maxUploadBytes: 26214400, offerTimeoutSeconds: 60 });
    });

    it('answers malformed JSON and huge bodies with a coded 4xx, never 500', async () => {
      const bad = await t.http().post(api('/inboxes')).set(auth(a.owner)).set('Content-Type', 'application/json').send('{"name":').expect(400);
      expect(bad.body.code).toBe('malformed_json');
      const huge = await t.http().post(api('/inboxes')).set(auth(a.owner)).send({ name: 'x'.repeat(300_000) }).expect(413);
      expect(huge.body.code).toBe('payload_too_large');
    });

    it('accepts short timeouts and the documented settings', async () => {
      const res = await t.http().patch(api('/organization')).set(auth(a.owner))
        .send({ offerTimeoutSeconds: 1, transferTimeoutSeconds: 2, assignedInactivitySeconds: 3, waitingInactivitySeconds: 4, maxUploadBytes: 1024, maxActiveChatsPerAgent: 3 })
        .expect(200);
      expect(res.body).toMatchObject({ offerTimeoutSeconds: 1, transferTimeoutSeconds: 2, assignedInactivitySeconds: 3, waitingInactivitySeconds: 4, maxUploadBytes: 1024 });
    });
  });

  describe('service endpoints', () => {
    it('answers /health with the database status', async () => {
      expect((await t.http().get('/health').expect(200)).body).toEqual({ status: 'ok' });
    });

    it('serves the OpenAPI description generated from the code', async () => {
      const doc = await t.http().get('/api/docs-json').expect(200);
      expect(doc.body.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/inboxes/{id}/agents', '/api/v1/organization']));
      await t.http().get('/api/docs').expect(200).expect('Content-Type', /html/);
    });
  });
});
