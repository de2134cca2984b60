import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { api, ask, collect, connectSocket, nextEvent, startApp, useApp, until, socketTracker, type TestApp } from './support/app.js';
import { getTxn, goOnline, newFloor, startChat, type StartedChat } from './support/chat.js';
import { createTestDatabase } from './support/database.js';
import { TransferService } from '../src/modules/transfer/transfer.service.js';
import { auth, newInbox, newOrganization, newUser, setAgents, type Org, type Session } from './support/factories.js';

const OUTCOMES = ['transfer_accepted', 'transfer_rejected', 'transfer_expired', 'transfer_cancelled'];
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('transfers', () => {
  const t = useApp();
  const track = socketTracker();

  interface Desk {
    org: Org;
    inbox: { id: string };
    a: Session;
    b: Session;
    sa: Socket;
    sb: Socket;
  }

  /** Two online member agents A and B of one inbox. */
  async function desk(settings: Record<string, unknown> = {}): Promise<Desk> {
    const { org, inbox, agents: [a, b] } = await newFloor(t, 2, settings);
    const sa = track(await goOnline(t, a));
    const sb = track(await goOnline(t, b));
    return { org, inbox, a, b, sa, sb };
  }

  /** A chat of the desk's inbox that agent `holder` has accepted (the others are made busy-proof by away). */
  async function chatWith(d: Desk, holder: Session = d.a, body: Record<string, unknown> = {}): Promise<StartedChat> {
    const other = holder === d.a ? d.b : d.a;
    await t.http().put(api('/me/presence')).set(auth(other)).send({ status: 'away' }).expect(200);
    const chat = await startChat(t, d.inbox.id, body);
    await until(async () => (await getTxn(t, holder, chat.transaction.id)).assigneeId === holder.user.id);
    await t.http().post(api(`/transactions/${chat.transaction.id}/accept`)).set(auth(holder)).expect(200);
    await t.http().put(api('/me/presence')).set(auth(other)).send({ status: 'online' }).expect(200);
    return chat;
  }

  const requestTransfer = (as: Session, txnId: string, body: Record<string, unknown>) =>
    t.http().post(api(`/transactions/${txnId}/transfers`)).set(auth(as)).send(body);

  /** The TXN's lifecycle entries (the timeline also lists every message; those are left out here). */
  const events = (detail: { timeline: Array<{ type: string }> }) => detail.timeline.filter((e) => e.type !== 'message');
  const timelineTypes = async (as: Session, txnId: string) => events(await getTxn(t, as, txnId)).map((e) => e.type);

  const systemNotes = async (as: Session, txnId: string) =>
    (await t.http().get(api(`/transactions/${txnId}/messages?limit=200`)).set(auth(as)).expect(200)).body.items
      .filter((m: { sender: { type: string } }) => m.sender.type === 'system')
      .map((m: { body: string }) => m.body) as string[];

  it('A transfers to B and B accepts: both notified, chat assigned to B, A stops receiving it, the visitor sees the new agent', async () => {
    const d = await desk();
    const chat = await chatWith(d, d.a);
    const id = chat.transaction.id;
    const visitor = track(await connectSocket(t.url, '/visitor', chat.visitorToken));
    // A also follows the chat's room, as a workspace with the chat open does
    expect(await ask(d.sa, 'transaction.join', { transactionId: id })).toEqual({ ok: true });

    const requested = nextEvent(d.sb, 'transfer.requested');
    const pending = nextEvent(d.sa, 'transfer.pending');
    const aTransferring = nextEvent(d.sa, 'chat.updated', 5000, (p) => p.transaction.status === 'transferring');
    const res = await requestTransfer(d.a, id, { toAgentId: d.b.user.id }).expect(201);
    expect(res.body).toMatchObject({ transactionId: id, fromAgentId: d.a.user.id, toAgentId: d.b.user.id, toInboxId: null, status: 'pending' });
    const transferId = res.body.id;
    expect(new Date(res.body.expiresAt).getTime()).toBe(t.clock.now().getTime() + 120_000);
    const req = await requested;
    expect(req.transfer).toMatchObject({ id: transferId, status: 'pending' });
    expect(req.transaction).toMatchObject({ id, status: 'transferring', assigneeId: d.a.user.id });
    expect((await pending).transfer.id).toBe(transferId);
    await aTransferring;

    const during = await getTxn(t, d.a, id);
    expect(during).toMatchObject({ status: 'transferring', assigneeId: d.a.user.id, pendingTransfer: { id: transferId, status: 'pending', toAgentId: d.b.user.id } });
    // A still holds the chat meanwhile and can write; B cannot yet
    expect(await ask(d.sa, 'message.send', { transactionId: id, body: 'one moment, a colleague will help' })).toMatchObject({ ok: true });
    expect(await ask(d.sb, 'message.send', { transactionId: id, body: 'hi' })).toMatchObject({ ok: false, code: 'not_assignee' });

    const aAccepted = nextEvent(d.sa, 'transfer.accepted');
    const bAccepted = nextEvent(d.sb, 'transfer.accepted');
    const visitorSees = nextEvent(visitor, 'chat.updated', 5000, (p) => p.transaction.assigneeId === d.b.user.id);
    const ack = await ask(d.sb, 'transfer.accept', { transferId });
    expect(ack).toMatchObject({ ok: true, transfer: { id: transferId, status: 'accepted', answeredBy: { type: 'agent', id: d.b.user.id } } });
    expect((await aAccepted).transfer).toMatchObject({ id: transferId, status: 'accepted' });
    expect((await bAccepted).transfer).toMatchObject({ id: transferId, status: 'accepted' });
    const seen = await visitorSees;
    expect(seen.transaction).toMatchObject({ status: 'assigned', assignee: { id: d.b.user.id, name: d.b.user.name } });

    const after = await getTxn(t, d.b, id);
    expect(after).toMatchObject({ status: 'assigned', assigneeId: d.b.user.id, pendingTransfer: null });
    expect(events(after).map((e) => e.type)).toEqual(['created', 'offered', 'accepted', 'transfer_requested', 'transfer_accepted']);
    expect(events(after).at(-1)).toMatchObject({ actor: { type: 'agent', id: d.b.user.id }, data: { transferId, fromAgentId: d.a.user.id, toAgentId: d.b.user.id } });
    expect((await systemNotes(d.b, id)).at(-1)).toBe(`${d.b.user.name} has taken over this chat from ${d.a.user.name}.`);
    expect((await t.http().get(api(`/transfers/${transferId}`)).set(auth(d.a)).expect(200)).body.status).toBe('accepted');

    // from now on the chat's events go to B, not to A
    const aMessages = collect(d.sa, 'message.new');
    const bGot = nextEvent(d.sb, 'message.new', 5000, (p) => p.message.body === 'are you still there?');
    expect(await ask(visitor, 'message.send', { transactionId: id, body: 'are you still there?' })).toMatchObject({ ok: true });
    await bGot;
    expect(await ask(d.sb, 'message.send', { transactionId: id, body: 'Yes, I am taking over.' })).toMatchObject({ ok: true });
    await pause(150);
    expect(aMessages).toEqual([]);
    expect(await ask(d.sa, 'message.send', { transactionId: id, body: 'me again' })).toMatchObject({ ok: false, code: 'not_assignee' });
  });

  it('B rejects with a reason: the chat stays with A and both are notified', async () => {
    const d = await desk();
    const chat = await chatWith(d, d.a);
    const id = chat.transaction.id;
    const transferId = (await requestTransfer(d.a, id, { toAgentId: d.b.user.id }).expect(201)).body.id;

    const aRejected = nextEvent(d.sa, 'transfer.rejected');
    const bRejected = nextEvent(d.sb, 'transfer.rejected');
    const aBack = nextEvent(d.sa, 'chat.updated', 5000, (p) => p.transaction.status === 'assigned');
    const res = await t.http().post(api(`/transfers/${transferId}/reject`)).set(auth(d.b)).send({ reason: 'I do not speak Finnish' }).expect(200);
    expect(res.body).toMatchObject({ id: transferId, status: 'rejected', reason: 'I do not speak Finnish' });
    expect((await aRejected).transfer).toMatchObject({ id: transferId, status: 'rejected', reason: 'I do not speak Finnish' });
    expect((await bRejected).transfer.id).toBe(transferId);
    await aBack;

    const after = await getTxn(t, d.a, id);
    expect(after).toMatchObject({ status: 'assigned', assigneeId: d.a.user.id, pendingTransfer: null });
    expect(events(after).at(-1)).toMatchObject({ type: 'transfer_rejected', actor: { type: 'agent', id: d.b.user.id }, data: { reason: 'I do not speak Finnish' } });
    expect((await systemNotes(d.a, id)).at(-1)).toMatch(/declined the transfer/);
    // answered once: B can no longer accept, A may transfer again
    const late = await t.http().post(api(`/transfers/${transferId}/accept`)).set(auth(d.b)).expect(409);
    expect(late.body).toMatchObject({ code: 'transfer_not_pending' });
    await requestTransfer(d.a, id, { toAgentId: d.b.user.id }).expect(201);
  });

  it('expires when nobody answers within transferTimeoutSeconds (stored deadline, sweeper): stays with A, transfer.expired to both', async () => {
    const d = await desk({ transferTimeoutSeconds: 30 });
    const chat = await chatWith(d, d.a);
    const id = chat.transaction.id;
    const transferId = (await requestTransfer(d.a, id, { toAgentId: d.b.user.id }).expect(201)).body.id;

    t.clock.advanceSeconds(29);
    await t.sweep();
    expect((await getTxn(t, d.a, id)).status).toBe('transferring');

    const aExpired = nextEvent(d.sa, 'transfer.expired');
    const bExpired = nextEvent(d.sb, 'transfer.expired');
    t.clock.advanceSeconds(2);
    await t.sweep();
    expect((await aExpired).transfer).toMatchObject({ id: transferId, status: 'expired', answeredBy: { type: 'system', id: null } });
    expect((await bExpired).transfer.id).toBe(transferId);
    const after = await getTxn(t, d.a, id);
    expect(after).toMatchObject({ status: 'assigned', assigneeId: d.a.user.id, pendingTransfer: null });
    expect(after.timeline.filter((e: { type: string }) => OUTCOMES.includes(e.type)).map((e: { type: string }) => e.type)).toEqual(['transfer_expired']);
    expect((await systemNotes(d.a, id)).at(-1)).toMatch(/not answered in time/);

    const late = await ask(d.sb, 'transfer.accept', { transferId });
    expect(late).toMatchObject({ ok: false, code: 'transfer_not_pending' });
    expect((await getTxn(t, d.a, id)).assigneeId).toBe(d.a.user.id);
  });

  it('an answer that arrives after the deadline, before any sweep, settles the request as expired', async () => {
    const d = await desk({ transferTimeoutSeconds: 30 });
    const chat = await chatWith(d, d.a);
    const transferId = (await requestTransfer(d.a, chat.transaction.id, { toAgentId: d.b.user.id }).expect(201)).body.id;
    t.clock.advanceSeconds(31);
    const aExpired = nextEvent(d.sa, 'transfer.expired');
    const res = await t.http().post(api(`/transfers/${transferId}/accept`)).set(auth(d.b)).expect(409);
    expect(res.body).toMatchObject({ code: 'transfer_not_pending', details: { status: 'expired' } });
    expect((await aExpired).transfer.id).toBe(transferId);
    expect(await getTxn(t, d.a, chat.transaction.id)).toMatchObject({ status: 'assigned', assigneeId: d.a.user.id });
  });

  it('A cancels before an answer (over the socket): transfer.cancelled to both, the chat stays with A', async () => {
    const d = await desk();
    const chat = await chatWith(d, d.a);
    const id = chat.transaction.id;
    const requested = nextEvent(d.sb, 'transfer.requested');
    const made = await ask(d.sa, 'transfer.request', { transactionId: id, toAgentId: d.b.user.id });
    expect(made).toMatchObject({ ok: true, transfer: { status: 'pending' } });
    const transferId = made.transfer.id;
    await requested;

    const aCancelled = nextEvent(d.sa, 'transfer.cancelled');
    const bCancelled = nextEvent(d.sb, 'transfer.cancelled');
    // only the requester (or an owner/admin) may withdraw it
    expect(await ask(d.sb, 'transfer.cancel', { transferId })).toMatchObject({ ok: false, code: 'not_transfer_requester' });
    const ack = await ask(d.sa, 'transfer.cancel', { transferId, reason: 'solved it myself' });
    expect(ack).toMatchObject({ ok: true, transfer: { id: transferId, status: 'cancelled', reason: 'solved it myself' } });
    expect((await aCancelled).transfer.status).toBe('cancelled');
    expect((await bCancelled).transfer.status).toBe('cancelled');
    expect(await getTxn(t, d.a, id)).toMatchObject({ status: 'assigned', assigneeId: d.a.user.id, pendingTransfer: null });
    expect((await timelineTypes(d.a, id)).at(-1)).toBe('transfer_cancelled');
    // cancelling again is idempotent; accepting now is refused
    expect(await ask(d.sa, 'transfer.cancel', { transferId })).toMatchObject({ ok: true, transfer: { status: 'cancelled' } });
    expect(await ask(d.sb, 'transfer.accept', { transferId })).toMatchObject({ ok: false, code: 'transfer_not_pending' });
  });

  it('refuses: a second pending transfer 409, a non-assignee member 403, another org’s agent 404, no inbox access 400, offline 409, bad input 400; nothing changes', async () => {
    const d = await desk();
    const chat = await chatWith(d, d.a);
    const id = chat.transaction.id;
    const c = await newUser(t, d.org, 'member');
    await setAgents(t, d.org, d.inbox.id, [d.a, d.b, c]);
    const outsider = await newUser(t, d.org, 'member'); // same organization, not an agent of the inbox
    track(await goOnline(t, outsider));
    const other = await newOrganization(t);
    const foreign = await newUser(t, other, 'member');
    track(await goOnline(t, foreign));

    expect((await requestTransfer(d.b, id, { toAgentId: c.user.id }).expect(403)).body.code).toBe('not_assignee');
    expect((await requestTransfer(d.a, id, { toAgentId: foreign.user.id }).expect(404)).body.code).toBe('agent_not_found');
    expect((await requestTransfer(d.a, id, { toAgentId: outsider.user.id }).expect(400)).body.code).toBe('agent_no_inbox_access');
    expect((await requestTransfer(d.a, id, { toAgentId: c.user.id }).expect(409)).body.code).toBe('agent_unavailable');
    expect((await requestTransfer(d.a, id, { toAgentId: d.a.user.id }).expect(400)).body.code).toBe('same_agent');
    expect((await requestTransfer(d.a, id, {}).expect(400)).body.code).toBe('transfer_target_required');
    expect((await requestTransfer(d.a, id, { toAgentId: d.b.user.id, toInboxId: d.inbox.id }).expect(400)).body.code).toBe('transfer_target_required');
    expect((await requestTransfer(d.a, id, { toAgentId: d.b.user.id, priority: 1 }).expect(400)).body.code).toBe('validation_failed');
    expect((await requestTransfer(d.a, id, { toInboxId: d.inbox.id }).expect(400)).body.code).toBe('same_inbox');
    expect((await requestTransfer(d.a, id, { toInboxId: (await newInbox(t, other)).id }).expect(404)).body.code).toBe('inbox_not_found');
    // someone of another organization cannot even see the chat
    expect((await requestTransfer(foreign, id, { toAgentId: d.b.user.id }).expect(404)).body.code).toBe('transaction_not_found');
    expect(await getTxn(t, d.a, id)).toMatchObject({ status: 'assigned', assigneeId: d.a.user.id, pendingTransfer: null });
    expect((await timelineTypes(d.a, id)).filter((x) => x.startsWith('transfer'))).toEqual([]);

    const first = await requestTransfer(d.a, id, { toAgentId: d.b.user.id }).expect(201);
    const [second, third] = await Promise.all([requestTransfer(d.a, id, { toAgentId: d.b.user.id }), requestTransfer(d.a, id, { toAgentId: d.b.user.id })]);
    expect([second.status, second.body.code]).toEqual([409, 'transfer_pending']);
    expect([third.status, third.body.code]).toEqual([409, 'transfer_pending']);
    expect((await requestTransfer(d.a, id, { toInboxId: (await newInbox(t, d.org)).id }).expect(409)).body.code).toBe('transfer_pending');

    // answers: only the target accepts/rejects; strangers get 404
    expect((await t.http().post(api(`/transfers/${first.body.id}/accept`)).set(auth(c)).expect(403)).body.code).toBe('not_transfer_target');
    expect((await t.http().post(api(`/transfers/${first.body.id}/accept`)).set(auth(d.a)).expect(403)).body.code).toBe('not_transfer_target');
    expect((await t.http().post(api(`/transfers/${first.body.id}/accept`)).set(auth(foreign)).expect(404)).body.code).toBe('transfer_not_found');
    expect((await t.http().post(api(`/transfers/${first.body.id}/accept`)).set(auth(outsider)).expect(404)).body.code).toBe('transfer_not_found');
    expect((await t.http().post(api(`/transfers/${first.body.id}/reject`)).set(auth(d.b)).send({ reason: 'x'.repeat(501) }).expect(400)).body.code).toBe('validation_failed');
    expect((await t.http().post(api('/transfers/00000000-0000-0000-0000-000000000000/accept')).set(auth(d.b)).expect(404)).body.code).toBe('transfer_not_found');
    expect(await ask(d.sb, 'transfer.accept', {})).toMatchObject({ ok: false, code: 'validation_failed' });
    const still = await getTxn(t, d.a, id);
    expect(still).toMatchObject({ status: 'transferring', assigneeId: d.a.user.id, pendingTransfer: { id: first.body.id, status: 'pending' } });
    expect(still.timeline.filter((e: { type: string }) => e.type === 'transfer_requested')).toHaveLength(1);
  });

  it('an owner who may see the inbox may transfer for A; the outcome reaches A, the owner and B', async () => {
    const d = await desk({ contactCenterLicense: true });
    const chat = await chatWith(d, d.a);
    const owner = track(await goOnline(t, d.org.owner));
    const res = await requestTransfer(d.org.owner, chat.transaction.id, { toAgentId: d.b.user.id }).expect(201);
    expect(res.body).toMatchObject({ fromAgentId: d.a.user.id, requestedById: d.org.owner.user.id });
    const events = [nextEvent(d.sa, 'transfer.rejected'), nextEvent(owner, 'transfer.rejected'), nextEvent(d.sb, 'transfer.rejected')];
    await t.http().post(api(`/transfers/${res.body.id}/reject`)).set(auth(d.b)).send({}).expect(200);
    await Promise.all(events);
  });

  it('completing the chat or the visitor leaving cancels a pending transfer', async () => {
    const d = await desk();
    const one = await chatWith(d, d.a);
    const two = await chatWith(d, d.a);
    const first = (await requestTransfer(d.a, one.transaction.id, { toAgentId: d.b.user.id }).expect(201)).body.id;
    const second = (await requestTransfer(d.a, two.transaction.id, { toAgentId: d.b.user.id }).expect(201)).body.id;

    const bCancelledFirst = nextEvent(d.sb, 'transfer.cancelled', 5000, (p) => p.transfer.id === first);
    const aCancelledFirst = nextEvent(d.sa, 'transfer.cancelled', 5000, (p) => p.transfer.id === first);
    expect(await ask(d.sa, 'chat.complete', { transactionId: one.transaction.id })).toMatchObject({ ok: true, transaction: { status: 'ended' } });
    expect((await bCancelledFirst).transfer).toMatchObject({ status: 'cancelled', reason: 'chat_ended', answeredBy: { type: 'agent', id: d.a.user.id } });
    await aCancelledFirst;
    const bCancelledSecond = nextEvent(d.sb, 'transfer.cancelled', 5000, (p) => p.transfer.id === second);
    await t.http().post(api(`/visitor/chats/${two.transaction.id}/leave`)).set(auth(two.visitorToken)).expect(200);
    expect((await bCancelledSecond).transfer).toMatchObject({ status: 'cancelled', reason: 'chat_ended', answeredBy: { type: 'visitor' } });

    for (const [txnId, transferId] of [[one.transaction.id, first], [two.transaction.id, second]]) {
      const detail = await getTxn(t, d.a, txnId);
      expect(detail).toMatchObject({ status: 'ended', assigneeId: d.a.user.id, pendingTransfer: null });
      expect(detail.timeline.filter((e: { type: string }) => OUTCOMES.includes(e.type)).map((e: { type: string }) => e.type)).toEqual(['transfer_cancelled']);
      expect((await t.http().post(api(`/transfers/${transferId}/accept`)).set(auth(d.b)).expect(409)).body.code).toBe('transfer_not_pending');
    }
  });

  it('capacity: a transferring chat counts for A; an accepted one counts for B even over the limit; A’s freed slot takes the backlog', async () => {
    const d = await desk({ maxActiveChatsPerAgent: 1 });
    const mine = await chatWith(d, d.a);
    const theirs = await chatWith(d, d.b);
    const backlog = await startChat(t, d.inbox.id);
    expect(backlog.transaction.status).toBe('waiting');

    const transferId = (await requestTransfer(d.a, mine.transaction.id, { toAgentId: d.b.user.id }).expect(201)).body.id;
    // going online again triggers a routing pass: A is still full while the transfer is pending
    await t.http().put(api('/me/presence')).set(auth(d.a)).send({ status: 'away' }).expect(200);
    await t.http().put(api('/me/presence')).set(auth(d.a)).send({ status: 'online' }).expect(200);
    await pause(200);
    expect((await getTxn(t, d.a, backlog.transaction.id)).status).toBe('waiting');

    const offered = nextEvent(d.sa, 'chat.offered', 5000, (p) => p.transaction.id === backlog.transaction.id);
    await t.http().post(api(`/transfers/${transferId}/accept`)).set(auth(d.b)).expect(200);
    const mineNow = await getTxn(t, d.b, mine.transaction.id);
    const theirsNow = await getTxn(t, d.b, theirs.transaction.id);
    expect([mineNow.assigneeId, mineNow.status, theirsNow.assigneeId, theirsNow.status]).toEqual([d.b.user.id, 'assigned', d.b.user.id, 'assigned']);
    expect((await offered).transaction).toMatchObject({ status: 'assigning', assigneeId: d.a.user.id });
  });

  it('transfer to another inbox: the chat waits there by original start time, is offered to its agents, never to A who lacks access', async () => {
    const org = await newOrganization(t, { maxActiveChatsPerAgent: 1 });
    const a = await newUser(t, org, 'member');
    const c = await newUser(t, org, 'member');
    const source = await newInbox(t, org, [a]);
    const target = await newInbox(t, org, [c]);
    const sa = track(await goOnline(t, a));
    const sc = track(await goOnline(t, c));
    const aOffers = collect(sa, 'chat.offered');

    const moved = await startChat(t, source.id, { name: 'Mo' });
    await until(async () => (await getTxn(t, a, moved.transaction.id)).status === 'assigning');
    await t.http().post(api(`/transactions/${moved.transaction.id}/accept`)).set(auth(a)).expect(200);
    t.clock.advanceSeconds(1);
    const busy = await startChat(t, target.id);
    await until(async () => (await getTxn(t, c, busy.transaction.id)).status === 'assigning');
    await t.http().post(api(`/transactions/${busy.transaction.id}/accept`)).set(auth(c)).expect(200);
    t.clock.advanceSeconds(1);
    const later = await startChat(t, target.id); // started after `moved`, waits behind it once moved arrives
    expect(later.queuePosition).toBe(1);

    const visitor = track(await connectSocket(t.url, '/visitor', moved.visitorToken));
    const cNew = nextEvent(sc, 'chat.new', 5000, (p) => p.transaction.id === moved.transaction.id);
    const aDone = nextEvent(sa, 'transfer.accepted');
    const aUpdated = nextEvent(sa, 'chat.updated', 5000, (p) => p.transaction.id === moved.transaction.id && p.transaction.status === 'waiting');
    const visitorWaits = nextEvent(visitor, 'chat.updated', 5000, (p) => p.transaction.status === 'waiting');
    const res = await requestTransfer(a, moved.transaction.id, { toInboxId: target.id }).expect(201);
    expect(res.body).toMatchObject({ toInboxId: target.id, toAgentId: null, fromInboxId: source.id, fromAgentId: a.user.id, status: 'accepted' });
    expect((await cNew).transaction).toMatchObject({ inboxId: target.id, status: 'waiting', assigneeId: null });
    expect((await aDone).transfer).toMatchObject({ id: res.body.id, toInboxId: target.id });
    await aUpdated;
    await visitorWaits;

    // A lost access; the chat is C's inbox's now, first in its queue by original start
    expect((await t.http().get(api(`/transactions/${moved.transaction.id}`)).set(auth(a)).expect(404)).body.code).toBe('transaction_not_found');
    expect(await ask(sa, 'message.send', { transactionId: moved.transaction.id, body: 'bye' })).toMatchObject({ ok: false, code: 'transaction_not_found' });
    const there = await getTxn(t, c, moved.transaction.id);
    expect(there).toMatchObject({ status: 'waiting', inboxId: target.id, assigneeId: null, pendingTransfer: null });
    expect(events(there).at(-1)).toMatchObject({ type: 'transferred_to_inbox', data: { fromInboxId: source.id, toInboxId: target.id, fromAgentId: a.user.id } });
    const v = await t.http().get(api(`/visitor/chats/${moved.transaction.id}`)).set(auth(moved.visitorToken)).expect(200);
    expect(v.body.queuePosition).toBe(1);
    expect((await t.http().get(api(`/visitor/chats/${later.transaction.id}`)).set(auth(later.visitorToken)).expect(200)).body.queuePosition).toBe(2);

    // C frees a slot: the transferred chat (older start) is offered before the later one
    const cOffered = nextEvent(sc, 'chat.offered');
    await t.http().post(api(`/transactions/${busy.transaction.id}/complete`)).set(auth(c)).expect(200);
    expect((await cOffered).transaction).toMatchObject({ id: moved.transaction.id, assigneeId: c.user.id, status: 'assigning' });
    expect((await getTxn(t, c, later.transaction.id)).status).toBe('waiting');
    // A is online with a free slot the whole time, yet never offered the chat
    await pause(100);
    expect(aOffers.map((o) => o.transaction.id)).toEqual([moved.transaction.id]);
  });

  describe('with two instances on one database', () => {
    // A second app instance on the same database (on SQLite, the instances of one process share the
    // file's write queue, see Db); the expiry task is also called directly, concurrently with itself.
    let t2: TestApp;
    beforeAll(async () => {
      t2 = await startApp({ database: t.database, clock: t.clock });
    });
    afterAll(async () => {
      await t2.close();
    });
    /** Every way a due transfer gets expired, at once: both instances' sweepers and their expiry tasks directly. */
    const expireEverywhere = () =>
      Promise.all([t.sweep(), t2.sweep(), t.app.get(TransferService).expireDue(t.clock.now()), t2.app.get(TransferService).expireDue(t.clock.now())]);

    /** Exactly one outcome recorded, and the chat's state agrees with it. */
    async function expectOneOutcome(d: Desk, txnId: string, transferId: string) {
      const transfer = (await t.http().get(api(`/transfers/${transferId}`)).set(auth(d.a)).expect(200)).body;
      const detail = await getTxn(t, d.a, txnId);
      const outcomes = detail.timeline.filter((e: { type: string }) => OUTCOMES.includes(e.type)).map((e: { type: string }) => e.type);
      expect(outcomes).toEqual([`transfer_${transfer.status}`]);
      expect(detail.status).toBe('assigned');
      expect(detail.assigneeId).toBe(transfer.status === 'accepted' ? d.b.user.id : d.a.user.id);
      const notes = (await systemNotes(d.a, txnId)).filter((n) => /transfer|taken over/.test(n));
      expect(notes).toHaveLength(1);
      return transfer.status as string;
    }

    it('accept racing expiry: exactly one outcome', async () => {
      const d = await desk({ transferTimeoutSeconds: 30, maxActiveChatsPerAgent: 50 });
      const seen: string[] = [];
      for (let round = 0; round < 6; round++) {
        const chat = await chatWith(d, d.a);
        const transferId = (await requestTransfer(d.a, chat.transaction.id, { toAgentId: d.b.user.id }).expect(201)).body.id;
        const aOutcomes = [...['transfer.accepted', 'transfer.expired'].map((e) => collect(d.sa, e))];
        t.clock.advanceSeconds(29);
        const accept = t.http().post(api(`/transfers/${transferId}/accept`)).set(auth(d.b)).then((r) => r);
        const expire = (async () => {
          await pause([0, 4, 8, 12, 20, 30][round]);
          t.clock.advanceSeconds(2);
          await expireEverywhere();
        })();
        const [res] = await Promise.all([accept, expire]);
        const status = await expectOneOutcome(d, chat.transaction.id, transferId);
        expect(res.status).toBe(status === 'accepted' ? 200 : 409);
        if (res.status === 409) expect(res.body).toMatchObject({ code: 'transfer_not_pending', details: { status: 'expired' } });
        await pause(50);
        expect(aOutcomes.flat().filter((p) => p.transfer.id === transferId).length).toBeLessThanOrEqual(1);
        seen.push(status);
        // give the chat back to A for the next round when B took it
        if (status === 'accepted') await t.http().post(api(`/transactions/${chat.transaction.id}/complete`)).set(auth(d.b)).expect(200);
      }
      expect(seen.every((s) => s === 'accepted' || s === 'expired')).toBe(true);
    });

    it('accept racing cancel: exactly one wins', async () => {
      const d = await desk({ maxActiveChatsPerAgent: 50 });
      for (let round = 0; round < 6; round++) {
        const chat = await chatWith(d, d.a);
        const transferId = (await requestTransfer(d.a, chat.transaction.id, { toAgentId: d.b.user.id }).expect(201)).body.id;
        const accept = t.http().post(api(`/transfers/${transferId}/accept`)).set(auth(d.b)).then((r) => r);
        const cancel = t2.http().post(api(`/transfers/${transferId}/cancel`)).set(auth(d.a)).send({}).then((r) => r);
        const [acc, can] = round % 2 ? await Promise.all([accept, cancel]) : (await Promise.all([cancel, accept])).reverse();
        expect([acc.status, can.status].sort()).toEqual([200, 409]);
        const status = await expectOneOutcome(d, chat.transaction.id, transferId);
        expect(status).toBe(acc.status === 200 ? 'accepted' : 'cancelled');
        expect((acc.status === 200 ? can : acc).body.code).toBe('transfer_not_pending');
        if (status === 'accepted') await t.http().post(api(`/transactions/${chat.transaction.id}/complete`)).set(auth(d.b)).expect(200);
      }
    });

    it('two instances sweeping the same due transfer expire it once', async () => {
      const d = await desk({ transferTimeoutSeconds: 30 });
      const chat = await chatWith(d, d.a);
      const transferId = (await requestTransfer(d.a, chat.transaction.id, { toAgentId: d.b.user.id }).expect(201)).body.id;
      t.clock.advanceSeconds(31);
      await expireEverywhere();
      expect(await expectOneOutcome(d, chat.transaction.id, transferId)).toBe('expired');
    });
  });

  it('the expiry deadline survives a restart', async () => {
    const database = await createTestDatabase();
    let first: TestApp | null = await startApp({ database, clock: t.clock });
    try {
      const { inbox, agents: [a, b] } = await newFloor(first, 2, { transferTimeoutSeconds: 30 });
      const sa = await goOnline(first, a);
      const sb = await goOnline(first, b);
      await first.http().put(api('/me/presence')).set(auth(b)).send({ status: 'away' }).expect(200);
      const chat = await startChat(first, inbox.id);
      await until(async () => (await getTxn(first!, a, chat.transaction.id)).status === 'assigning');
      await first.http().post(api(`/transactions/${chat.transaction.id}/accept`)).set(auth(a)).expect(200);
      await first.http().put(api('/me/presence')).set(auth(b)).send({ status: 'online' }).expect(200);
      const transferId = (await first.http().post(api(`/transactions/${chat.transaction.id}/transfers`)).set(auth(a)).send({ toAgentId: b.user.id }).expect(201)).body.id;
      sa.close();
      sb.close();
      await first.close();
      first = null;

      const second = await startApp({ database, clock: t.clock });
      try {
        t.clock.advanceSeconds(31);
        await second.sweep();
        const transfer = (await second.http().get(api(`/transfers/${transferId}`)).set(auth(a)).expect(200)).body;
        expect(transfer).toMatchObject({ status: 'expired' });
        expect(await getTxn(second, a, chat.transaction.id)).toMatchObject({ status: 'assigned', assigneeId: a.user.id });
      } finally {
        await second.close();
      }
    } finally {
      if (first) await first.close();
      await database.drop();
    }
  });
});
