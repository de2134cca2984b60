import type { Organization } from './entities/organization.entity.js';

declare module '../../common/events/domain-events.js' {
  interface DomainEventMap {
    'organization.updated': { organization: Organization };
  }
}
