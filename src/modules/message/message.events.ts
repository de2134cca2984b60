import type { TransactionView } from '../chat/chat.views.js';
import type { MessageView } from './message.views.js';

declare module '../../common/events/domain-events.js' {
  interface DomainEventMap {
    'message.created': { message: MessageView; transaction: TransactionView };
  }
}
