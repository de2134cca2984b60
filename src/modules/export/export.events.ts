declare module '../../common/events/domain-events.js' {
  interface DomainEventMap {
    /**
     * An export of completed chats finished (or the client went away): who
     * exported how many rows with which filters. For audit trails; nothing
     * is sent to sockets.
     */
    'export.transactions': {
      organizationId: string;
      caller: { kind: string; id: string };
      filters: Record<string, unknown>;
      rows: number;
      completed: boolean;
    };
  }
}

export {};
