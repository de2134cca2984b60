import type { TransactionView } from '../chat/chat.views.js';
import type { TransferView } from './transfer.views.js';

declare module '../../common/events/domain-events.js' {
  interface DomainEventMap {
    /** A pending agent-to-agent request: the target hears of it, the holder sees it pending. */
    'transfer.requested': { transfer: TransferView; transaction: TransactionView };
    /** The target took the chat, or the chat was moved to another inbox (`transfer.toInboxId`). */
    'transfer.accepted': { transfer: TransferView; transaction: TransactionView };
    'transfer.rejected': { transfer: TransferView; transaction: TransactionView };
    'transfer.expired': { transfer: TransferView; transaction: TransactionView };
    'transfer.cancelled': { transfer: TransferView; transaction: TransactionView };
  }
}
