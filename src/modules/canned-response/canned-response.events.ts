import type { CannedResponseView } from './canned-response.views.js';

declare module '../../common/events/domain-events.js' {
  interface DomainEventMap {
    /** A canned response was created, edited or deleted (pickers may refresh). Personal ones concern their owner only. */
    'canned_response.changed': { organizationId: string; ownerId: string | null; action: 'created' | 'updated' | 'deleted'; response: CannedResponseView };
  }
}
