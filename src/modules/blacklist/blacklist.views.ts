import type { ContactType } from './entities/blacklist-entry.entity.js';

/** A blacklist entry as the API, the admin panel and the events show it. */
export interface BlacklistEntryView {
  id: string;
  type: ContactType;
  value: string;
  reason: string | null;
  createdById: string;
  createdBy: { id: string; name: string } | null;
  sourceTransactionId: string | null;
  createdAt: string;
}
