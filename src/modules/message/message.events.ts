import type { TransactionView } from '../chat/chat.views.js';
import type { MessageView } from './message.views.js';

declare module '../../common/events/domain-events.js' {
  interface DomainEventMap {
    /** `transaction`: where it goes (its id and assignee, as the view or the row has them). */
    'message.created': { message: MessageView; transaction: Pick<TransactionView, 'id' | 'assigneeId'> };
  }
}
