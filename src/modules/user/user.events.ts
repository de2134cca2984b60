import type { Presence } from './entities/user.entity.js';

declare module '../../common/events/domain-events.js' {
  interface DomainEventMap {
    /** Effective presence changed (connect, disconnect, PUT /me/presence, stale sweep). */
    'agent.presence': { userId: string; organizationId: string; presence: Presence };
    'user.updated': { userId: string; organizationId: string };
  }
}
