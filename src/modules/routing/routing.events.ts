import type { TransactionView } from '../chat/chat.views.js';

declare module '../../common/events/domain-events.js' {
  interface DomainEventMap {
    'transaction.offered': { transaction: TransactionView; agentId: string; expiresAt: string };
    /** An offer was taken back: the agent rejected it or it expired (followed by `transaction.updated`). */
    'offer.released': { transactionId: string; agentId: string; outcome: 'rejected' | 'expired' };
    /** The waiting queue of an inbox moved: visitors get their position. */
    'queue.changed': { inboxId: string };
  }
}
