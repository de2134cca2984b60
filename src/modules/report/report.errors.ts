import { ValidationError } from '../../common/errors/domain-error.js';

export const invalidPeriod = () => new ValidationError('The period must end after it starts and span at most 366 days', undefined, 'invalid_period');
