import { api, type TestApp } from './app.js';

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export interface Session {
  token: string;
  user: { id: string; organizationId: string; role: string; name: string; email: string };
}

export interface Org {
  owner: Session;
  organizationId: string;
}

/** A new organization through the public signup, with its owner's session. */
export async function newOrganization(t: TestApp, settings: Record<string, unknown> = {}): Promise<Org> {
  const email = `owner-${unique()}@example.test`;
  const res = await t.http().post(api('/auth/signup')).send({ organizationName: `Org ${unique()}`, name: 'Olivia Owner', email, password: 'password123' }).expect(201);
  const owner = { token: res.body.accessToken, user: res.body.user };
  if (Object.keys(settings).length) await t.http().patch(api('/organization')).set(auth(owner)).send(settings).expect(200);
  return { owner, organizationId: owner.user.organizationId };
}

export const auth = (s: { token: string } | string) => ({ Authorization: `Bearer ${typeof s === 'string' ? s : s.token}` });

/** A user of the organization, created by its owner, and logged in. */
export async function newUser(t: TestApp, org: Org, role: 'owner' | 'admin' | 'member' = 'member', extra: Record<string, unknown> = {}): Promise<Session> {
  const email = `${role}-${unique()}@example.test`;
  await t.http().post(api('/users')).set(auth(org.owner)).send({ name: `Agent ${unique()}`, email, password: 'password123', role, ...extra }).expect(201);
  const res = await t.http().post(api('/auth/login')).send({ email, password: 'password123' }).expect(200);
  return { token: res.body.accessToken, user: res.body.user };
}

export async function newInbox(t: TestApp, org: Org, agents: Session[] = [], body: Record<string, unknown> = {}): Promise<{ id: string }> {
  const res = await t.http().post(api('/inboxes')).set(auth(org.owner)).send({ name: `Inbox ${unique()}`, ...body }).expect(201);
  if (agents.length) await setAgents(t, org, res.body.id, agents);
  return res.body;
}

export async function setAgents(t: TestApp, org: Org, inboxId: string, agents: Session[]) {
  await t.http().put(api(`/inboxes/${inboxId}/agents`)).set(auth(org.owner)).send({ userIds: agents.map((a) => a.user.id) }).expect(200);
}
