import { NotFoundError } from '../../common/errors/domain-error.js';

/** Unknown, of another organization, or with no chat in an inbox the caller may see. */
export class CustomerNotFoundError extends NotFoundError {
  constructor() {
    super('Customer', 'customer_not_found');
  }
}
