import { api, until, type TestApp } from './app.js';
import { startChat, getTxn, type StartedChat } from './chat.js';
import { auth, type Session } from './factories.js';

/**
 * Starts a chat in an inbox where `agent` is the only online agent and has them
 * accept the offer: the chat is `assigned` to them.
 */
export async function assignedChat(t: TestApp, inboxId: string, agent: Session, body: Record<string, unknown> = {}): Promise<StartedChat> {
  const chat = await startChat(t, inboxId, body);
  await until(async () => {
    const txn = await getTxn(t, agent, chat.transaction.id);
    return txn.status === 'assigning' && txn.assigneeId === agent.user.id;
  });
  await t.http().post(api(`/transactions/${chat.transaction.id}/accept`)).set(auth(agent)).expect(200);
  return chat;
}
