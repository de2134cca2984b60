import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import type { Socket } from 'socket.io-client';
import type { UserPrincipal } from '../src/common/auth/principal.js';
import { MessageViews, type AttachmentView } from '../src/modules/message/message.views.js';
import { ExportService } from '../src/modules/export/export.service.js';
import { api, useApp, until } from './support/app.js';
import { getTxn, goOnline, startChat } from './support/chat.js';
import { auth, newInbox, newOrganization, newUser, type Org, type Session } from './support/factories.js';
import { exportCsv, failedChat, listIds, textParser } from './support/views.js';

const label = (s: string) => s[0].toUpperCase() + s.slice(1);
/** API.md: a cell a spreadsheet would run as a formula gets a leading `'`. */
const safe = (v: string | null | undefined) => (v == null ? '' : /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

const AWKWARD = [
  'Smith, John',
  'The "Boss" O\'Brien',
  'Line one\nLine two',
  'Zoë 😀 李小龍 Ωμέγα',
  '=HYPERLINK("http://evil.test","click")',
  '+SUM(1,2)',
  '-2+3',
  '@cmd',
];

describe('exports: CSV of completed chats and transcripts', () => {
  const t = useApp();
  let org: Org;
  let agent: Session;
  let member2: Session;
  let inbox: { id: string };
  let inbox2: { id: string };
  const sockets: Socket[] = [];
  const exported: string[] = [];
  let openChat: string;

  beforeAll(async () => {
    org = await newOrganization(t, { contactCenterLicense: true });
    agent = await newUser(t, org, 'member', { name: '=Agent, "Ace"' });
    member2 = await newUser(t, org, 'member', { name: 'Second Member' });
    inbox = await newInbox(t, org, [agent], { name: 'Sales, "EU"' });
    inbox2 = await newInbox(t, org, [member2], { name: 'Support' });
    sockets.push(await goOnline(t, agent));
    for (const [i, name] of AWKWARD.entries()) {
      if (i % 2 === 0) {
        const chat = await startChat(t, inbox.id, { name, email: `c${i}@example.test`, phone: `+1 555 010${i}`, message: `hello from ${i}` });
        const id = chat.transaction.id;
        await until(async () => (await getTxn(t, agent, id)).status === 'assigning');
        t.clock.advanceSeconds(30 + i);
        await t.http().post(api(`/transactions/${id}/accept`)).set(auth(agent)).expect(200);
        t.clock.advanceSeconds(120);
        await t.http().post(api(`/transactions/${id}/complete`)).set(auth(agent)).expect(200);
        exported.push(id);
      } else {
        exported.push((await failedChat(t, inbox.id, { name, email: `c${i}@example.test` })).transaction.id);
      }
      t.clock.advanceSeconds(60);
    }
    exported.push((await failedChat(t, inbox2.id, { name: 'Other Inbox' })).transaction.id);
    openChat = (await startChat(t, inbox2.id, { name: 'Still Waiting' })).transaction.id;
    exported.reverse(); // newest first
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
  });

  /** The CSV record the export must contain for a TXN, computed from its detail view. */
  async function expectedRow(id: string): Promise<Record<string, string>> {
    const d = await getTxn(t, org.owner, id);
    const secs = (a: string | null, b: string | null) => (a && b ? String(Math.round((Date.parse(b) - Date.parse(a)) / 1000)) : '');
    return {
      id: d.id,
      inbox_id: d.inboxId,
      inbox: safe(d.inbox.name),
      customer_id: d.customerId,
      customer_name: safe(d.customer.name),
      customer_email: safe(d.customer.email),
      customer_phone: safe(d.customer.phone),
      status: label(d.status),
      // handling agents: who accepted it (offered only is not handling)
      agents: safe(d.timeline.filter((e: { type: string }) => e.type === 'accepted').map((e: { actor: { name: string } }) => e.actor.name).join('; ')),
      started_at: d.createdAt,
      assigned_at: d.firstAssignedAt ?? '',
      ended_at: d.endedAt,
      ended_by: d.endedBy.type,
      ended_by_name: d.endedBy.type === 'agent' ? safe(d.agents.find((a: { id: string }) => a.id === d.endedBy.id).name) : '',
      end_reason: d.endReason,
      wait_seconds: secs(d.createdAt, d.firstAssignedAt ?? d.endedAt),
      handle_seconds: secs(d.firstAssignedAt, d.endedAt),
      message_count: String(d.messageCount),
    };
  }

  it('exports completed chats as CSV that parses back to the seeded data, awkward names included', async () => {
    const { res, text, rows } = await exportCsv(t, org.owner);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="transactions-\d{8}T\d{6}Z\.csv"$/);
    expect(res.headers['x-export-row-count']).toBe(String(exported.length));
    expect(text.charCodeAt(0)).toBe(0xfeff); // BOM: spreadsheets read the UTF-8 right
    expect(rows.map((r) => r.id)).toEqual(exported);
    expect(rows).not.toContainEqual(expect.objectContaining({ id: openChat }));
    const expected = [];
    for (const id of exported) expected.push(await expectedRow(id));
    expect(rows).toEqual(expected);

    // the awkward values, spelled out
    const byName = new Map(rows.map((r) => [r.customer_name, r]));
    for (const name of AWKWARD.slice(0, 4)) expect(byName.get(name)).toBeDefined();
    expect(byName.get(`'=HYPERLINK("http://evil.test","click")`)).toBeDefined();
    expect(byName.get(`'+SUM(1,2)`)).toBeDefined();
    expect(byName.get(`'-2+3`)).toBeDefined();
    expect(byName.get(`'@cmd`)).toBeDefined();
    expect(rows[rows.length - 1]).toMatchObject({ customer_name: 'Smith, John', inbox: 'Sales, "EU"', agents: `'=Agent, "Ace"`, status: 'Ended', wait_seconds: '30', handle_seconds: '120', customer_phone: "'+15550100", ended_by: 'agent', end_reason: 'agent_completed', message_count: '2' });
    expect(rows.find((r) => r.customer_name === 'The "Boss" O\'Brien')).toMatchObject({ status: 'Failed', agents: '', assigned_at: '', handle_seconds: '', ended_by: 'visitor', end_reason: 'visitor_left' });
    expect(text).toContain('"Smith, John"');
    expect(text).toContain('"The ""Boss"" O\'Brien"');
    expect(text).toContain('"Line one\nLine two"');
    // no cell anywhere starts a formula
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('applies the filters of GET /transactions, and only ever exports completed chats', async () => {
    const failedIds = (await exportCsv(t, org.owner, { status: 'failed' })).rows.map((r) => r.id);
    expect(failedIds).toEqual(await listIds(t, org.owner, { status: 'failed' }));
    expect(failedIds.length).toBeGreaterThan(0);
    const q = (await exportCsv(t, org.owner, { q: 'smith', inboxId: inbox.id })).rows;
    expect(q.map((r) => r.customer_name)).toEqual(['Smith, John']);
    expect((await exportCsv(t, org.owner, { agentId: agent.user.id })).rows.map((r) => r.id)).toEqual(await listIds(t, org.owner, { agentId: agent.user.id, status: 'ended,failed' }));
    const first = await getTxn(t, org.owner, exported[exported.length - 1]);
    expect((await exportCsv(t, org.owner, { to: first.createdAt })).rows.map((r) => r.id)).toEqual([first.id]);
    const none = await exportCsv(t, org.owner, { from: '2999-01-01T00:00:00Z' });
    expect(none.rows).toEqual([]);
    expect(none.text.replace('\ufeff', '').trim().split(',')).toContain('customer_name'); // the header still comes

    const open = await t.http().get(api('/exports/transactions.csv')).query({ status: 'ended,waiting' }).set(auth(org.owner)).expect(400);
    expect(open.headers['content-type']).toMatch(/application\/json/);
    expect(open.headers['content-disposition']).toBeUndefined();
    expect(open.body.code).toBe('export_completed_only');
    expect((await t.http().get(api('/exports/transactions.csv')).query({ from: 'soon' }).set(auth(org.owner)).expect(400)).body.code).toBe('validation_failed');
    expect((await t.http().get(api('/exports/transactions.csv')).query({ cursor: 'x' }).set(auth(org.owner)).expect(400)).body.code).toBe('validation_failed');
    await t.http().get(api('/exports/transactions.csv')).expect(401);
  });

  it('lets nobody export or read chats of an inbox they may not see', async () => {
    // a member: their inbox only; another inbox by id is not found
    const mine = (await exportCsv(t, member2)).rows.map((r) => r.id);
    expect(mine).toEqual([exported[0]]);
    expect((await t.http().get(api('/exports/transactions.csv')).query({ inboxId: inbox.id }).set(auth(member2)).expect(404)).body.code).toBe('inbox_not_found');
    expect((await exportCsv(t, member2, { customerId: (await getTxn(t, org.owner, exported[1])).customerId })).rows).toEqual([]);
    expect((await t.http().get(api(`/transactions/${exported[1]}/transcript`)).set(auth(member2)).expect(404)).body.code).toBe('transaction_not_found');

    // an admin without the license: like a member
    const other = await newOrganization(t);
    const admin = await newUser(t, other, 'admin');
    const adminInbox = await newInbox(t, other, [admin]);
    const hidden = await newInbox(t, other);
    const own = await failedChat(t, adminInbox.id, { name: 'Visible' });
    const theirs = await failedChat(t, hidden.id, { name: 'Hidden' });
    expect((await exportCsv(t, admin)).rows.map((r) => r.id)).toEqual([own.transaction.id]);
    await t.http().get(api('/exports/transactions.csv')).query({ inboxId: hidden.id }).set(auth(admin)).expect(404);
    await t.http().get(api(`/transactions/${theirs.transaction.id}/transcript`)).set(auth(admin)).expect(404);
    // its owner is unlicensed too
    expect((await exportCsv(t, other.owner)).rows).toEqual([]);

    // another organization: 404 by id, nothing by filter
    await t.http().get(api('/exports/transactions.csv')).query({ inboxId: inbox.id }).set(auth(other.owner)).expect(404);
    expect((await exportCsv(t, admin, { q: 'Smith' })).rows).toEqual([]);
    await t.http().get(api(`/transactions/${exported[1]}/transcript`)).set(auth(other.owner)).expect(404);
    await t.http().get(api(`/transactions/${exported[1]}/transcript`)).query({ format: 'text' }).set(auth(admin)).expect(404);
  });

  it('produces the same CSV through ExportService (what the admin panel calls) as through the API', async () => {
    const api1 = await exportCsv(t, org.owner, { status: 'ended,failed', inboxId: inbox.id });
    const owner: UserPrincipal = { kind: 'user', userId: org.owner.user.id, organizationId: org.organizationId, role: 'owner', name: org.owner.user.name };
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    let started: number | undefined;
    const result = await t.app.get(ExportService).streamTransactionsCsv(owner, { status: 'ended,failed', inboxId: inbox.id }, sink, { onStart: (i) => (started = i.rowCount) });
    expect(Buffer.concat(chunks).toString('utf8')).toBe(api1.text);
    expect(result).toEqual({ rows: api1.rows.length, completed: true });
    expect(started).toBe(api1.rows.length);
    // and the same validation: bad filters are refused before anything is written
    await expect(t.app.get(ExportService).streamTransactionsCsv(owner, { status: 'open' } as never, new PassThrough())).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('gives the transcript as JSON and as text: every message with time and sender, attachments by name and link, system entries', async () => {
    const chat = await startChat(t, inbox.id, { name: 'Tina Transcript', email: 'tina@example.test', message: 'I need help' });
    const id = chat.transaction.id;
    await until(async () => (await getTxn(t, agent, id)).status === 'assigning');
    t.clock.advanceSeconds(5);
    await t.http().post(api(`/transactions/${id}/accept`)).set(auth(agent)).expect(200);
    t.clock.advanceSeconds(5);
    const reply = await t.http().post(api(`/transactions/${id}/messages`)).set(auth(agent)).send({ body: 'Sure.\nWhat is the order number?' }).expect(201);
    t.clock.advanceSeconds(5);
    const file = await t.http().post(api(`/visitor/chats/${id}/messages`)).set(auth(chat.visitorToken)).send({ body: 'here is the receipt' }).expect(201);
    t.clock.advanceSeconds(5);
    await t.http().post(api(`/transactions/${id}/complete`)).set(auth(agent)).expect(200);

    // the upload module decorates messages with their attachments; stand in for it here
    const attachment: AttachmentView = { id: 'f-0001', name: 'receipt, 2024.pdf', size: 1234, contentType: 'application/pdf' };
    const views = t.app.get(MessageViews);
    views.useDecorator({ attachments: async (ids: string[]) => new Map(ids.includes(file.body.id) ? [[file.body.id, [attachment]]] : []) });
    try {
      const json = await t.http().get(api(`/transactions/${id}/transcript`)).set(auth(agent)).expect(200);
      expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
      const body = json.body;
      expect(body.transaction).toMatchObject({ id, status: 'ended', customer: { name: 'Tina Transcript' }, inbox: { name: 'Sales, "EU"' }, messageCount: 4 });
      expect(body.messages.map((m: { sender: { type: string; name: string }; body: string }) => [m.sender.type, m.sender.name, m.body])).toEqual([
        ['visitor', 'Tina Transcript', 'I need help'],
        ['agent', '=Agent, "Ace"', 'Sure.\nWhat is the order number?'],
        ['visitor', 'Tina Transcript', 'here is the receipt'],
        ['system', 'System', expect.stringMatching(/completed/)],
      ]);
      expect(body.messages[1].createdAt).toBe(reply.body.createdAt);
      expect(body.messages[2].attachments).toEqual([{ ...attachment, url: '/api/v1/files/f-0001' }]);
      expect(body.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'offered', 'accepted', 'ended']);

      const text = await t.http().get(api(`/transactions/${id}/transcript`)).set(auth(agent)).set('Accept', 'text/plain').buffer(true).parse(textParser).expect(200);
      expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(text.headers['content-disposition']).toBe(`attachment; filename="transcript-${id}.txt"`);
      const lines = (text.body as string).split('\n');
      expect(lines[0]).toBe(`Transcript of transaction ${id}`);
      expect(lines).toContain('Customer: Tina Transcript, tina@example.test');
      expect(lines).toContain('Status: Ended (agent_completed)');
      const at = (m: { createdAt: string }) => `[${m.createdAt}]`;
      expect(lines).toContain(`${at(body.messages[0])} Tina Transcript (visitor): I need help`);
      expect(lines).toContain(`${at(body.messages[1])} =Agent, "Ace" (agent): Sure.`);
      expect(lines).toContain('    What is the order number?');
      expect(lines).toContain('    attachment: receipt, 2024.pdf (1234 bytes, application/pdf) /api/v1/files/f-0001');
      expect(lines).toContain(`${at(body.messages[3])} System: ${body.messages[3].body}`);
      expect(lines).toContain(`${at(body.timeline[2])} -- Accepted by =Agent, "Ace"`);
      const order = ['-- Chat started', 'I need help', '-- Accepted by', 'Sure.', 'here is the receipt', '-- Ended by', 'System:'].map((s) => lines.findIndex((l) => l.includes(s)));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(order).not.toContain(-1);

      // ?format wins over Accept; a bad format is refused
      const forced = await t.http().get(api(`/transactions/${id}/transcript`)).query({ format: 'json' }).set('Accept', 'text/plain').set(auth(agent)).expect(200);
      expect(forced.body.transaction.id).toBe(id);
      const asText = await t.http().get(api(`/transactions/${id}/transcript`)).query({ format: 'text' }).set(auth(agent)).buffer(true).parse(textParser).expect(200);
      expect(asText.body).toBe(text.body);
      expect((await t.http().get(api(`/transactions/${id}/transcript`)).query({ format: 'pdf' }).set(auth(agent)).expect(400)).body.code).toBe('validation_failed');
    } finally {
      views.useDecorator(undefined as never);
    }
  });
});
