import { DomainError } from '../../common/errors/domain-error.js';

type DiscussionErrorCode = 'discussion_closed' | 'invalid_mention';

const statusOf: Record<DiscussionErrorCode, number> = {
  discussion_closed: 409,
  invalid_mention: 400,
};

export class DiscussionError extends DomainError {
  constructor(code: DiscussionErrorCode, message: string, details?: unknown) {
    super(code, message, statusOf[code], details);
  }
}
