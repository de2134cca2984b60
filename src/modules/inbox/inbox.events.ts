declare module '../../common/events/domain-events.js' {
  interface DomainEventMap {
    'inbox.agents.changed': { inboxId: string; organizationId: string; added: string[]; removed: string[] };
  }
}
