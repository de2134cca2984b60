import { describe, expect, it } from '@jest/globals';
import parsePrometheus from 'parse-prometheus-text-format';
import { Drain } from '../src/common/lifecycle/drain.js';
import { api, ask, connectSocket, socketTracker, startApp, useApp } from './support/app.js';
import { goOnline, newFloor, startChat } from './support/chat.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

interface Family {
  name: string;
  type: string;
  metrics: Array<{ value?: string; labels?: Record<string, string>; buckets?: Record<string, string>; count?: string }>;
}

describe('operations: metrics, liveness and readiness', () => {
  const t = useApp({ env: { METRICS_TOKEN } });
  const track = socketTracker();

  const scrape = async (): Promise<Map<string, Family>> => {
    const res = await t.http().get('/metrics').set({ Authorization: `Bearer ${METRICS_TOKEN}` }).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const families = parsePrometheus(res.text) as Family[];
    return new Map(families.map((f) => [f.name, f]));
  };
  const value = (families: Map<string, Family>, name: string, labels: Record<string, string> = {}) =>
    (families.get(name)?.metrics ?? [])
      .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
      .reduce((n, m) => n + Number(m.value ?? m.count ?? 0), 0);

  it('GET /metrics needs the token, parses as Prometheus text, and its counters move as chats happen', async () => {
    await t.http().get('/metrics').expect(401);
    await t.http().get('/metrics').set({ Authorization: 'Bearer wrong-token-wrong-token-00' }).expect(401);

    const before = await scrape();
    for (const name of ['switchboard_messages_total', 'switchboard_offers_total', 'switchboard_socket_ack_seconds', 'switchboard_chats', 'switchboard_waiting_chats',
      'switchboard_sockets_connected', 'switchboard_socket_requests_total', 'switchboard_deadlines_fired_total', 'switchboard_db_pool_connections', 'switchboard_offer_outcomes_total']) {
      expect(before.has(name)).toBe(true);
    }

    const floor = await newFloor(t, 1, { offerTimeoutSeconds: 1 });
    const agent = track(await goOnline(t, floor.agents[0]));
    const offered = await startChat(t, floor.inbox.id, { name: 'Vera', message: 'Hello there' });
    expect(offered.transaction.status).toBe('assigning');
    expect((await ask(agent, 'chat.accept', { transactionId: offered.transaction.id })).ok).toBe(true);
    expect((await ask(agent, 'message.send', { transactionId: offered.transaction.id, body: 'Hi Vera' })).ok).toBe(true);
    // a second chat waits (capacity is 3, but the agent goes away) and its offer expires through the sweeper
    const second = await startChat(t, floor.inbox.id, { name: 'Walt' });
    expect(second.transaction.status).toBe('assigning');
    t.clock.advance(1500);
    await t.sweep();

    const after = await scrape();
    expect(value(after, 'switchboard_messages_total', { sender: 'visitor' }) - value(before, 'switchboard_messages_total', { sender: 'visitor' })).toBe(1);
    expect(value(after, 'switchboard_messages_total', { sender: 'agent' }) - value(before, 'switchboard_messages_total', { sender: 'agent' })).toBe(1);
    expect(value(after, 'switchboard_offers_total') - value(before, 'switchboard_offers_total')).toBeGreaterThanOrEqual(2);
    expect(value(after, 'switchboard_offer_outcomes_total', { outcome: 'accepted' }) - value(before, 'switchboard_offer_outcomes_total', { outcome: 'accepted' })).toBe(1);
    expect(value(after, 'switchboard_offer_outcomes_total', { outcome: 'expired' }) - value(before, 'switchboard_offer_outcomes_total', { outcome: 'expired' })).toBeGreaterThanOrEqual(1);
    expect(value(after, 'switchboard_deadlines_fired_total', { kind: 'offer' }) - value(before, 'switchboard_deadlines_fired_total', { kind: 'offer' })).toBeGreaterThanOrEqual(1);
    // the ack latency histogram and the per-event request counter
    const acked = (families: Map<string, Family>) => Number(families.get('switchboard_socket_ack_seconds')?.metrics[0]?.buckets?.['+Inf'] ?? 0);
    expect(acked(after) - acked(before)).toBeGreaterThanOrEqual(2);
    expect(value(after, 'switchboard_socket_requests_total', { event: 'message.send', ok: 'true' }) - value(before, 'switchboard_socket_requests_total', { event: 'message.send', ok: 'true' })).toBe(1);
    expect(value(after, 'switchboard_chats', { status: 'assigned' })).toBeGreaterThanOrEqual(1);
    expect(value(after, 'switchboard_sockets_connected', { namespace: 'agent' })).toBe(1);
    expect(value(after, 'switchboard_db_pool_connections', { state: 'in_use' })).toBeGreaterThanOrEqual(0);
    // no message body in the metrics
    const text = (await t.http().get('/metrics').set({ Authorization: `Bearer ${METRICS_TOKEN}` })).text;
    expect(text).not.toContain('Hello there');
  });

  it('GET /metrics answers 404 without METRICS_TOKEN', async () => {
    const plain = await startApp({ database: t.database });
    try {
      await plain.http().get('/metrics').expect(404);
    } finally {
      await plain.close();
    }
  });

  it('liveness always answers; readiness is 503 while draining, and new socket requests are refused with server_draining', async () => {
    await t.http().get('/health').expect(200, { status: 'ok' });
    await t.http().get('/health/live').expect(200);
    expect((await t.http().get('/health/ready').expect(200)).body.status).toBe('ok');

    const floor = await newFloor(t, 1);
    const agent = track(await goOnline(t, floor.agents[0]));
    const chat = await startChat(t, floor.inbox.id, { name: 'Xena' });
    const visitor = track(await connectSocket(t.url, '/visitor', chat.visitorToken));

    t.app.get(Drain).begin();
    const ready = await t.http().get('/health/ready').expect(503);
    expect(ready.body).toMatchObject({ statusCode: 503, code: 'not_ready', message: 'This instance is shutting down', details: { server: { status: 'down' }, database: { status: 'up' } } });
    await t.http().get('/health/live').expect(200);
    const refused = await ask(visitor, 'message.send', { transactionId: chat.transaction.id, clientMessageId: 'd-1', body: 'during the drain' });
    expect(refused).toMatchObject({ ok: false, code: 'server_draining' });
    expect((await ask(agent, 'chat.accept', { transactionId: chat.transaction.id })).code).toBe('server_draining');
    // nothing was stored by the refused request
    const messages = await t.http().get(api(`/visitor/chats/${chat.transaction.id}/messages`)).set({ Authorization: `Bearer ${chat.visitorToken}` }).expect(200);
    expect(messages.body.items.map((m: { body: string }) => m.body)).not.toContain('during the drain');
  });
});
