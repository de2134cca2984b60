import { DomainError } from '../../common/errors/domain-error.js';

type JourneyErrorCode = 'customer_not_found' | 'invalid_cursor';

const statusOf: Record<JourneyErrorCode, number> = { customer_not_found: 404, invalid_cursor: 400 };

export class JourneyError extends DomainError {
  constructor(code: JourneyErrorCode, message: string) {
    super(code, message, statusOf[code]);
  }
}
