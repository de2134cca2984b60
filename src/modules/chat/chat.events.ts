import type { TransactionView } from './chat.views.js';

declare module '../../common/events/domain-events.js' {
  interface DomainEventMap {
    /** A new chat is waiting (or arrived in an inbox by transfer): agents who may see the inbox hear of it. */
    'transaction.created': { transaction: TransactionView };
    /** Status, assignee or inbox changed; `previous` tells who or where it was before. */
    'transaction.updated': { transaction: TransactionView; previous: { status: string; assigneeId: string | null; inboxId: string } };
    /** Relayed, never stored. */
    typing: { transaction: TransactionView; from: 'agent' | 'visitor'; typing: boolean };
  }
}
