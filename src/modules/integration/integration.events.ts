import type { CallView, TicketView } from './integration.views.js';

declare module '../../common/events/domain-events.js' {
  interface DomainEventMap {
    'call.created': { call: CallView };
    /** The call's details are final: it shows in the customer journey from now on. */
    'call.ended': { call: CallView };
    'ticket.created': { ticket: TicketView };
  }
}
