import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { api, useApp } from './support/app.js';
import { startChat } from './support/chat.js';
import { newInbox, newOrganization, newUser } from './support/factories.js';

/**
 * A chat start whose answer was lost (the instance died after storing it, the
 * network dropped it) is sent again by the widget. With the same
 * `clientChatId` it must answer the chat started first, never start a second
 * one: the visitor would only know the second, and whatever an agent wrote in
 * the first would never reach them.
 */
describe('chat start sent again with the same clientChatId', () => {
  const t = useApp();
  const rows = async (clientChatId: string) =>
    (await t.app.get(DataSource).query('SELECT id FROM transactions WHERE clientChatId = ?', [clientChatId])) as Array<{ id: string }>;

  it('answers the chat started first, also when the starts run at the same time, and only in the same inbox', async () => {
    const org = await newOrganization(t);
    const agent = await newUser(t, org);
    const inbox = await newInbox(t, org, [agent]);
    const other = await newInbox(t, org, [agent]);

    const first = await startChat(t, inbox.id, { name: 'Vera', message: 'hello', clientChatId: 'retry-key-000000000001' });
    const again = await startChat(t, inbox.id, { name: 'Vera', message: 'hello', clientChatId: 'retry-key-000000000001' });
    expect(again.transaction.id).toBe(first.transaction.id);
    expect(await rows('retry-key-000000000001')).toHaveLength(1);
    // the token of the answer to the resend works for the chat: one first message, not two
    const messages = await t.http().get(api(`/visitor/chats/${first.transaction.id}/messages`)).set({ Authorization: `Bearer ${again.visitorToken}` }).expect(200);
    expect(messages.body.items.map((m: { body: string }) => m.body)).toEqual(['hello']);

    const together = await Promise.all(Array.from({ length: 5 }, () => startChat(t, inbox.id, { name: 'Walt', clientChatId: 'retry-key-000000000002' })));
    expect(new Set(together.map((s) => s.transaction.id)).size).toBe(1);
    expect(await rows('retry-key-000000000002')).toHaveLength(1);

    const elsewhere = await startChat(t, other.id, { name: 'Vera', clientChatId: 'retry-key-000000000001' });
    expect(elsewhere.transaction.id).not.toBe(first.transaction.id);
    // without a key every start is a new chat, as before
    const a = await startChat(t, inbox.id, { name: 'Xena' });
    const b = await startChat(t, inbox.id, { name: 'Xena' });
    expect(a.transaction.id).not.toBe(b.transaction.id);
  });

  it('refuses a key too short to be random', async () => {
    const org = await newOrganization(t);
    const inbox = await newInbox(t, org, []);
    const res = await t.http().post(api(`/visitor/inboxes/${inbox.id}/chats`)).send({ name: 'Yves', clientChatId: 'short' });
    expect(res.status).toBe(400);
  });
});
