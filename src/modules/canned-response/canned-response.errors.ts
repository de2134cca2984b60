import { DomainError } from '../../common/errors/domain-error.js';

type CannedResponseErrorCode = 'canned_response_not_found' | 'shortcut_taken' | 'invalid_cursor' | 'empty_expansion';

const statusOf: Record<CannedResponseErrorCode, number> = {
  canned_response_not_found: 404,
  shortcut_taken: 409,
  invalid_cursor: 400,
  empty_expansion: 400,
};

export class CannedResponseError extends DomainError {
  constructor(code: CannedResponseErrorCode, message: string) {
    super(code, message, statusOf[code]);
  }
}
