import { DomainError } from '../../common/errors/domain-error.js';

type ExportErrorCode = 'export_completed_only';

const statusOf: Record<ExportErrorCode, number> = {
  export_completed_only: 400,
};

/** An export was asked for something it does not do. */
export class ExportError extends DomainError {
  constructor(code: ExportErrorCode, message: string) {
    super(code, message, statusOf[code]);
  }
}
