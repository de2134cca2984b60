import { DomainError } from '../../common/errors/domain-error.js';

type IntegrationErrorCode = 'api_key_not_found' | 'call_not_found' | 'call_already_ended' | 'invalid_call_times' | 'invalid_agent' | 'duplicate_external_id';

const statusOf: Record<IntegrationErrorCode, number> = {
  api_key_not_found: 404,
  call_not_found: 404,
  call_already_ended: 409,
  invalid_call_times: 400,
  invalid_agent: 400,
  duplicate_external_id: 409,
};

export class IntegrationError extends DomainError {
  constructor(code: IntegrationErrorCode, message: string) {
    super(code, message, statusOf[code]);
  }
}
