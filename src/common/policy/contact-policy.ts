import type { VisitorPrincipal } from '../auth/principal.js';

/**
 * "May this visitor still act?" Implemented by the blacklist module (a global
 * provider), asked by paths a blocked visitor must no longer use with an
 * existing token: chat starts and visitor uploads. Inject it `@Optional()` so a
 * module works without the blacklist.
 */
export abstract class ContactPolicy {
  /** Throws 403 `blocked` when the visitor's customer has a blocked email or phone. */
  abstract assertNotBlocked(visitor: VisitorPrincipal): Promise<void>;
}
