import { parse } from 'csv-parse/sync';
import { api, until, type TestApp } from './app.js';
import { getTxn, startChat, type StartedChat } from './chat.js';
import { auth, type Session } from './factories.js';

/** A chat that an (online) agent of the inbox accepts and completes: status `ended`. */
export async function endedChat(t: TestApp, agent: Session, inboxId: string, body: Record<string, unknown> = {}): Promise<StartedChat> {
  const chat = await startChat(t, inboxId, body);
  const id = chat.transaction.id;
  await until(async () => (await getTxn(t, agent, id)).status === 'assigning');
  await t.http().post(api(`/transactions/${id}/accept`)).set(auth(agent)).expect(200);
  await t.http().post(api(`/transactions/${id}/complete`)).set(auth(agent)).expect(200);
  return chat;
}

/** A chat whose visitor leaves before any agent accepted it: status `failed`. */
export async function failedChat(t: TestApp, inboxId: string, body: Record<string, unknown> = {}): Promise<StartedChat> {
  const chat = await startChat(t, inboxId, body);
  await t.http().post(api(`/visitor/chats/${chat.transaction.id}/leave`)).set(auth(chat.visitorToken)).expect(200);
  return chat;
}

/** `GET /transactions` with a query, answering the ids in order. */
export async function listIds(t: TestApp, who: Session, query: Record<string, string | number> = {}): Promise<string[]> {
  const res = await t.http().get(api('/transactions')).query(query).set(auth(who)).expect(200);
  return res.body.items.map((i: { id: string }) => i.id);
}

/** Downloads the CSV export and parses it back into records keyed by header. */
export async function exportCsv(t: TestApp, who: Session, query: Record<string, string> = {}) {
  const res = await t.http().get(api('/exports/transactions.csv')).query(query).set(auth(who)).buffer(true).parse(textParser).expect(200);
  const text = res.body as string;
  return { res, text, rows: parse(text, { bom: true, columns: true, skip_empty_lines: false }) as Record<string, string>[] };
}

type BodyParser = Parameters<import('supertest').Test['parse']>[0];

/** Keeps a response body as text whatever its content type (supertest would otherwise drop text/csv). */
export const textParser = ((res: NodeJS.ReadableStream & { setEncoding(e: string): void }, done: (err: Error | null, body: string) => void) => {
  let data = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (data += chunk));
  res.on('end', () => done(null, data));
}) as unknown as BodyParser;
