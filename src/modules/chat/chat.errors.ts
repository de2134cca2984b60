import { DomainError } from '../../common/errors/domain-error.js';

type ChatErrorCode =
  | 'transaction_not_found'
  | 'transaction_ended'
  | 'not_offered'
  | 'not_assignee'
  | 'not_accepted'
  | 'unknown_message'
  | 'inbox_not_found';

const statusOf: Record<ChatErrorCode, number> = {
  transaction_not_found: 404,
  inbox_not_found: 404,
  transaction_ended: 409,
  not_offered: 409,
  not_accepted: 409,
  not_assignee: 403,
  unknown_message: 400,
};

/** A rule of the live-chat lifecycle was broken; HTTP and socket edges map it to `{statusCode, code, message}`. */
export class ChatError extends DomainError {
  constructor(code: ChatErrorCode, message: string) {
    super(code, message, statusOf[code]);
  }
}
