import type { Socket } from 'socket.io-client';
import { api, connectSocket, until, type TestApp } from './app.js';
import { auth, newInbox, newOrganization, newUser, type Org, type Session } from './factories.js';

export interface StartedChat {
  transaction: { id: string; status: string; assigneeId: string | null; inboxId: string; customerId: string };
  visitorToken: string;
  queuePosition: number | null;
}

export async function startChat(t: TestApp, inboxId: string, body: Record<string, unknown> = {}): Promise<StartedChat> {
  const res = await t.http().post(api(`/visitor/inboxes/${inboxId}/chats`)).send(body);
  if (res.status !== 201) throw new Error(`start failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Connects an agent's socket and waits until the server counts them online. */
export async function goOnline(t: TestApp, agent: Session): Promise<Socket> {
  const socket = await connectSocket(t.url, '/agent', agent.token);
  await until(async () => (await t.http().get(api('/me')).set(auth(agent)).expect(200)).body.presence === 'online');
  return socket;
}

export interface Floor {
  org: Org;
  agents: Session[];
  inbox: { id: string };
}

/** An organization with `n` member agents in one inbox (not yet online). */
export async function newFloor(t: TestApp, n: number, settings: Record<string, unknown> = {}): Promise<Floor> {
  const org = await newOrganization(t, settings);
  const agents: Session[] = [];
  for (let i = 0; i < n; i++) agents.push(await newUser(t, org, 'member'));
  const inbox = await newInbox(t, org, agents);
  return { org, agents, inbox };
}

export const getTxn = async (t: TestApp, token: Session | string, id: string) =>
  (await t.http().get(api(`/transactions/${id}`)).set(auth(token)).expect(200)).body;
