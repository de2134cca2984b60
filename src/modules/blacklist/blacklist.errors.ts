import { DomainError } from '../../common/errors/domain-error.js';

type BlacklistErrorCode = 'blocked' | 'already_blocked' | 'blacklist_entry_not_found' | 'contact_missing' | 'contact_not_visible';

const statusOf: Record<BlacklistErrorCode, number> = {
  blocked: 403,
  contact_not_visible: 403,
  blacklist_entry_not_found: 404,
  already_blocked: 409,
  contact_missing: 409,
};

export class BlacklistError extends DomainError {
  constructor(code: BlacklistErrorCode, message: string) {
    super(code, message, statusOf[code]);
  }
}
