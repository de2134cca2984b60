import type { DiscussionMessageView } from './discussion.views.js';

declare module '../../common/events/domain-events.js' {
  interface DomainEventMap {
    /**
     * A post (by an agent or the system) was stored. `participantIds`: the chat's
     * assignees, everyone who has posted, everyone mentioned; `mentionedIds`: the
     * agents this post invites. The realtime relay filters both by current access.
     */
    'discussion.message': {
      message: DiscussionMessageView;
      transactionId: string;
      inboxId: string;
      participantIds: string[];
      mentionedIds: string[];
    };
  }
}
