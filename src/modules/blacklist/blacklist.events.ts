import type { BlacklistEntryView } from './blacklist.views.js';

declare module '../../common/events/domain-events.js' {
  interface DomainEventMap {
    /** A contact was blocked; `transactionIds` got a `contact_blocked` timeline entry (the source chat and open chats of that contact). */
    'contact.blocked': { entry: BlacklistEntryView; transactionIds: string[] };
    /** A block was lifted (its entry deleted). */
    'contact.unblocked': { entry: BlacklistEntryView; liftedById: string; transactionIds: string[] };
  }
}
