/**
 * The Socket.IO contract: every event a client may send and every event the
 * server emits, with their payloads. The gateways and relays are typed with
 * it, and the web pages (web/client) import it, so a renamed event or a
 * changed payload fails the type check on both sides.
 */
import type { TransactionView } from '../chat/chat.views.js';
import type { MessageView } from '../message/message.views.js';
import type { DiscussionMessageView } from '../discussion/discussion.views.js';
import type { TransferView } from '../transfer/transfer.views.js';
import type { Ack } from './ack.js';

export type { Ack, MessageView, TransactionView, TransferView, DiscussionMessageView };

type Call<P, R extends object = object> = (payload: P, ack: (answer: Ack<R>) => void) => void;

export interface TransactionRef { transactionId: string }
export interface SendMessage { transactionId: string; clientMessageId: string; body: string }
export interface SyncRequest { transactionId: string; afterMessageId?: string | null }
export interface TypingNotice { transactionId: string; typing: boolean }
export interface TypingEvent { transactionId: string; typing: boolean; from: 'visitor' | 'agent' }

/** What an agent's socket (`/agent`) may send. */
export interface AgentClientEvents {
  'message.send': Call<SendMessage, { message: MessageView }>;
  'chat.accept': Call<TransactionRef, { transaction: TransactionView }>;
  'chat.reject': Call<TransactionRef, { transaction: TransactionView }>;
  'chat.complete': Call<TransactionRef, { transaction: TransactionView }>;
  sync: Call<SyncRequest, { messages: MessageView[] }>;
  typing: Call<TypingNotice>;
  'transaction.join': Call<TransactionRef>;
  'transaction.leave': Call<TransactionRef>;
  'transfer.request': Call<{ transactionId: string; toAgentId?: string; toInboxId?: string }, { transfer: TransferView }>;
  'transfer.accept': Call<{ transferId: string }, { transfer: TransferView }>;
  'transfer.reject': Call<{ transferId: string; reason?: string }, { transfer: TransferView }>;
  'transfer.cancel': Call<{ transferId: string; reason?: string }, { transfer: TransferView }>;
}

/** What the server emits to agents. */
export interface AgentServerEvents {
  'chat.new': (payload: { transaction: TransactionView }) => void;
  'chat.offered': (payload: { transaction: TransactionView; expiresAt: string }) => void;
  'chat.updated': (payload: { transaction: TransactionView }) => void;
  'message.new': (payload: { message: MessageView }) => void;
  typing: (payload: TypingEvent) => void;
  'transfer.requested': (payload: { transfer: TransferView; transaction: TransactionView }) => void;
  'transfer.pending': (payload: { transfer: TransferView; transaction: TransactionView }) => void;
  'transfer.accepted': (payload: { transfer: TransferView }) => void;
  'transfer.rejected': (payload: { transfer: TransferView }) => void;
  'transfer.expired': (payload: { transfer: TransferView }) => void;
  'transfer.cancelled': (payload: { transfer: TransferView }) => void;
  'discussion.message': (payload: { message: DiscussionMessageView }) => void;
  'discussion.mention': (payload: { transactionId: string; message: DiscussionMessageView }) => void;
  /** The contact of these chats was blocked (or the block lifted): to their followers. */
  'contact.blocked': (payload: ContactChange) => void;
  'contact.unblocked': (payload: ContactChange) => void;
}

export interface ContactChange {
  transactionIds: string[];
  type: 'email' | 'phone';
  value: string;
}

/** What a visitor's socket (`/visitor`) may send. */
export interface VisitorClientEvents {
  'message.send': Call<SendMessage, { message: MessageView }>;
  sync: Call<SyncRequest, { messages: MessageView[] }>;
  typing: Call<TypingNotice>;
  'chat.leave': Call<TransactionRef, { transaction: TransactionView }>;
}

/** What the server emits to a visitor. */
export interface VisitorServerEvents {
  'chat.updated': (payload: { transaction: TransactionView }) => void;
  'message.new': (payload: { message: MessageView }) => void;
  typing: (payload: TypingEvent) => void;
  'queue.position': (payload: { transactionId: string; position: number | null }) => void;
}
