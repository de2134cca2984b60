import { afterEach, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { api, nextEvent, useApp } from './support/app.js';
import { goOnline, newFloor, startChat, getTxn } from './support/chat.js';
import { auth, newOrganization, newUser, type Org } from './support/factories.js';
import { assignedChat } from './support/assigned-chat.js';

describe('integrations: API keys, calls and linked tickets', () => {
  const t = useApp();
  const sockets: Socket[] = [];
  const track = (s: Socket) => (sockets.push(s), s);
  const key = (k: string) => ({ 'X-Api-Key': k });
  const newKey = async (org: Org, name = 'Phone system') => (await t.http().post(api('/api-keys')).set(auth(org.owner)).send({ name }).expect(201)).body;
  const posts = async (token: { token: string }, txnId: string) =>
    (await t.http().get(api(`/transactions/${txnId}/discussion`)).set(auth(token)).expect(200)).body.items as Array<{ kind: string; author: { type: string }; body: string; data: Record<string, unknown> }>;
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.close());
  });

  describe('API keys', () => {
    it('are created by owners/admins, shown once, stored hashed, and refused once revoked', async () => {
      const { org, inbox } = await newFloor(t, 0);
      const member = await newUser(t, org, 'member');
      const admin = await newUser(t, org, 'admin');
      expect((await t.http().post(api('/api-keys')).set(auth(member)).send({ name: 'x' }).expect(403)).body.code).toBe('admin_only');
      await t.http().get(api('/api-keys')).set(auth(member)).expect(403);

      const created = await t.http().post(api('/api-keys')).set(auth(admin)).send({ name: 'PBX' }).expect(201);
      expect(created.body).toMatchObject({ id: expect.any(String), name: 'PBX', key: expect.stringMatching(/^sbk_[A-Za-z0-9_-]{43}$/), revokedAt: null });
      expect(created.body.prefix).toBe(created.body.key.slice(0, 12));
      const list = await t.http().get(api('/api-keys')).set(auth(org.owner)).expect(200);
      expect(list.body.items).toEqual([expect.objectContaining({ id: created.body.id, name: 'PBX', prefix: created.body.prefix })]);
      expect(JSON.stringify(list.body)).not.toContain(created.body.key);
      expect(list.body.items[0].keyHash).toBeUndefined();

      const chat = await startChat(t, inbox.id, { name: 'Cal' });
      const call = { direction: 'inbound', startedAt: new Date().toISOString() };
      await t.http().post(api(`/transactions/${chat.transaction.id}/calls`)).set(key(created.body.key)).send(call).expect(201);

      const revoked = await t.http().delete(api(`/api-keys/${created.body.id}`)).set(auth(org.owner)).expect(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      const refused = await t.http().post(api(`/transactions/${chat.transaction.id}/calls`)).set(key(created.body.key)).send(call).expect(401);
      expect(refused.body.code).toBe('invalid_api_key');
      await t.http().post(api(`/transactions/${chat.transaction.id}/tickets`)).set(key(created.body.key)).send({ subject: 'x' }).expect(401);
      expect((await t.http().post(api(`/transactions/${chat.transaction.id}/calls`)).set(key('sbk_made-up')).send(call).expect(401)).body.code).toBe('invalid_api_key');
      // revoking again changes nothing
      const again = await t.http().delete(api(`/api-keys/${created.body.id}`)).set(auth(org.owner)).expect(200);
      expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
      // only integration routes take a key
      await t.http().get(api(`/transactions/${chat.transaction.id}`)).set(key((await newKey(org)).key)).expect(401);
    });

    it("of another organization cannot touch this organization's transactions, calls or keys", async () => {
      const { org, agents: [a], inbox } = await newFloor(t, 1);
      const other = await newOrganization(t);
      const otherKey = await newKey(other);
      const chat = await startChat(t, inbox.id);
      const call = await t.http().post(api(`/transactions/${chat.transaction.id}/calls`)).set(auth(a)).send({ direction: 'outbound', startedAt: new Date().toISOString() }).expect(201);

      const c = await t.http().post(api(`/transactions/${chat.transaction.id}/calls`)).set(key(otherKey.key)).send({ direction: 'inbound', startedAt: new Date().toISOString() }).expect(404);
      expect(c.body.code).toBe('transaction_not_found');
      expect((await t.http().post(api(`/transactions/${chat.transaction.id}/tickets`)).set(key(otherKey.key)).send({ subject: 'hijack' }).expect(404)).body.code).toBe('transaction_not_found');
      expect((await t.http().patch(api(`/calls/${call.body.id}`)).set(key(otherKey.key)).send({ durationSeconds: 5 }).expect(404)).body.code).toBe('call_not_found');
      const ownKey = await newKey(org);
      expect((await t.http().delete(api(`/api-keys/${ownKey.id}`)).set(auth(other.owner)).expect(404)).body.code).toBe('api_key_not_found');

      const after = await getTxn(t, a, chat.transaction.id);
      expect(after.timeline.filter((e: { type: string }) => e.type === 'call')).toHaveLength(1);
      expect(after.timeline.filter((e: { type: string }) => e.type === 'ticket.created')).toHaveLength(0);
      expect((await posts(a, chat.transaction.id)).filter((p) => p.kind === 'call')).toHaveLength(1);
      const stillOngoing = after.timeline.find((e: { type: string }) => e.type === 'call');
      expect(stillOngoing.data.status).toBe('ongoing');
    });
  });

  describe('calls', () => {
    it('during an ongoing chat: one system post when made, a journey entry with its duration when it ends', async () => {
      const { agents: [a], inbox } = await newFloor(t, 1);
      const aSocket = track(await goOnline(t, a));
      const chat = await assignedChat(t, inbox.id, a, { name: 'Carl', email: 'carl@example.test' });

      const post = nextEvent(aSocket, 'discussion.message', 5000, (p) => p.message.kind === 'call');
      const startedAt = new Date(Date.now() - 5 * 60_000);
      const created = await t.http().post(api(`/transactions/${chat.transaction.id}/calls`)).set(auth(a)).send({ direction: 'outbound', startedAt: startedAt.toISOString() }).expect(201);
      expect(created.body).toMatchObject({ transactionId: chat.transaction.id, agentId: a.user.id, direction: 'outbound', status: 'ongoing', durationSeconds: null });
      expect((await post).message).toMatchObject({ kind: 'call', author: { type: 'system' }, data: { callId: created.body.id } });
      const callPosts = (await posts(a, chat.transaction.id)).filter((p) => p.kind === 'call');
      expect(callPosts).toHaveLength(1);
      expect(callPosts[0].body).toContain(a.user.name);

      const journey = () => t.http().get(api(`/customers/${chat.transaction.customerId}/journey`)).set(auth(a)).expect(200);
      expect((await journey()).body.items.filter((i: { type: string }) => i.type === 'call')).toHaveLength(0);

      const ended = await t.http().patch(api(`/calls/${created.body.id}`)).set(auth(a)).send({ durationSeconds: 125, outcome: 'answered' }).expect(200);
      expect(ended.body).toMatchObject({ status: 'ended', durationSeconds: 125, outcome: 'answered', endedAt: new Date(startedAt.getTime() + 125_000).toISOString() });
      const calls = (await journey()).body.items.filter((i: { type: string }) => i.type === 'call');
      expect(calls).toEqual([
        expect.objectContaining({ id: created.body.id, direction: 'outbound', durationSeconds: 125, agent: { id: a.user.id, name: a.user.name }, startedAt: startedAt.toISOString(), outcome: 'answered' }),
      ]);
      expect((await t.http().patch(api(`/calls/${created.body.id}`)).set(auth(a)).send({ durationSeconds: 1 }).expect(409)).body.code).toBe('call_already_ended');
      // ending the call wrote no second post
      expect((await posts(a, chat.transaction.id)).filter((p) => p.kind === 'call')).toHaveLength(1);
    });

    it('after the chat ended: still one system post, and straight into the journey when reported with its end', async () => {
      const { org, agents: [a], inbox } = await newFloor(t, 1);
      track(await goOnline(t, a));
      const chat = await assignedChat(t, inbox.id, a, { phone: '+1 555 0100' });
      await t.http().post(api(`/transactions/${chat.transaction.id}/complete`)).set(auth(a)).expect(200);
      const pbx = await newKey(org);

      const startedAt = new Date(Date.now() - 60_000);
      const endedAt = new Date(startedAt.getTime() + 42_000);
      const created = await t.http().post(api(`/transactions/${chat.transaction.id}/calls`)).set(key(pbx.key))
        .send({ direction: 'outbound', agentId: a.user.id, startedAt: startedAt.toISOString(), endedAt: endedAt.toISOString(), externalId: 'pbx-1' }).expect(201);
      expect(created.body).toMatchObject({ status: 'ended', durationSeconds: 42, agentId: a.user.id, createdBy: { type: 'integration', id: pbx.id } });
      const callPosts = (await posts(a, chat.transaction.id)).filter((p) => p.kind === 'call');
      expect(callPosts).toHaveLength(1);
      expect(callPosts[0].author.type).toBe('system');

      const journey = await t.http().get(api(`/customers/${chat.transaction.customerId}/journey`)).set(auth(a)).expect(200);
      expect(journey.body.items.find((i: { type: string }) => i.type === 'call')).toMatchObject({ id: created.body.id, durationSeconds: 42, direction: 'outbound', agent: { id: a.user.id } });

      // the same external id twice: 409, nothing more stored
      const dup = await t.http().post(api(`/transactions/${chat.transaction.id}/calls`)).set(key(pbx.key)).send({ direction: 'inbound', startedAt: startedAt.toISOString(), externalId: 'pbx-1' }).expect(409);
      expect(dup.body.code).toBe('duplicate_external_id');
      expect((await posts(a, chat.transaction.id)).filter((p) => p.kind === 'call')).toHaveLength(1);
    });

    it('refuses bad input with coded 4xx and stores nothing', async () => {
      const { org, agents: [a], inbox } = await newFloor(t, 1);
      const outsider = await newUser(t, org, 'member');
      const chat = await startChat(t, inbox.id);
      const url = api(`/transactions/${chat.transaction.id}/calls`);
      const now = new Date().toISOString();
      for (const body of [{}, { direction: 'sideways', startedAt: now }, { direction: 'inbound', startedAt: 'yesterday' }, { direction: 'inbound', startedAt: now, durationSeconds: -1 }, { direction: 'inbound', startedAt: now, hack: true }, { direction: 'inbound', startedAt: now, outcome: 'DROP TABLE' }]) {
        expect((await t.http().post(url).set(auth(a)).send(body).expect(400)).body.code).toBe('validation_failed');
      }
      expect((await t.http().post(url).set(auth(a)).send({ direction: 'inbound', startedAt: now, endedAt: new Date(Date.now() - 60_000).toISOString() }).expect(400)).body.code).toBe('invalid_call_times');
      expect((await t.http().post(url).set(auth(a)).send({ direction: 'inbound', startedAt: now, agentId: outsider.user.id }).expect(400)).body.code).toBe('invalid_agent');
      expect((await t.http().post(url).set(auth(chat.visitorToken)).send({ direction: 'inbound', startedAt: now }).expect(403)).body.code).toBe('agent_only');
      expect((await t.http().post(api(`/transactions/${chat.transaction.id}/tickets`)).set(auth(a)).send({ subject: '' }).expect(400)).body.code).toBe('validation_failed');
      expect(await posts(a, chat.transaction.id)).toHaveLength(0);
      expect((await getTxn(t, a, chat.transaction.id)).timeline.filter((e: { type: string }) => e.type === 'call' || e.type === 'ticket.created')).toHaveLength(0);
    });
  });

  describe('tickets', () => {
    it('while the chat is open: copies the customer details and posts once; after the end: created and linked, no post', async () => {
      const { org, agents: [a], inbox } = await newFloor(t, 1);
      const aSocket = track(await goOnline(t, a));
      const chat = await assignedChat(t, inbox.id, a, { name: 'Tina Ticket', email: 'Tina@Example.test', phone: '+1 (555) 010-99' });
      const desk = await newKey(org, 'Helpdesk');

      const post = nextEvent(aSocket, 'discussion.message', 5000, (p) => p.message.kind === 'ticket');
      const open = await t.http().post(api(`/transactions/${chat.transaction.id}/tickets`)).set(key(desk.key)).send({ subject: 'Refund not received', externalId: 'HD-17' }).expect(201);
      expect(open.body).toMatchObject({
        transactionId: chat.transaction.id, customerId: chat.transaction.customerId, subject: 'Refund not received', status: 'open', externalId: 'HD-17',
        customer: { name: 'Tina Ticket', email: 'tina@example.test', phone: '+155501099' },
      });
      expect((await post).message).toMatchObject({ kind: 'ticket', author: { type: 'system' }, data: { ticketId: open.body.id } });
      expect((await posts(a, chat.transaction.id)).filter((p) => p.kind === 'ticket')).toHaveLength(1);

      await t.http().post(api(`/transactions/${chat.transaction.id}/complete`)).set(auth(a)).expect(200);
      const late = await t.http().post(api(`/transactions/${chat.transaction.id}/tickets`)).set(auth(a)).send({ subject: 'Follow-up' }).expect(201);
      expect(late.body).toMatchObject({ transactionId: chat.transaction.id, subject: 'Follow-up', customer: { name: 'Tina Ticket', email: 'tina@example.test' }, createdBy: { type: 'agent', id: a.user.id } });
      const ticketPosts = (await posts(a, chat.transaction.id)).filter((p) => p.kind === 'ticket');
      expect(ticketPosts).toHaveLength(1);
      expect(ticketPosts[0].data.ticketId).toBe(open.body.id);
      const linked = (await getTxn(t, a, chat.transaction.id)).timeline.filter((e: { type: string }) => e.type === 'ticket.created');
      expect(linked.map((e: { data: { ticketId: string } }) => e.data.ticketId)).toEqual([open.body.id, late.body.id]);
    });
  });
});
