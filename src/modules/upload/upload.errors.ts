import { DomainError } from '../../common/errors/domain-error.js';

type UploadErrorCode =
  | 'file_required'
  | 'empty_file'
  | 'file_too_large'
  | 'unsupported_file_type'
  | 'content_mismatch'
  | 'executable_refused'
  | 'invalid_upload'
  | 'file_not_found';

const statusOf: Record<UploadErrorCode, number> = {
  file_required: 400,
  empty_file: 400,
  invalid_upload: 400,
  file_too_large: 413,
  unsupported_file_type: 415,
  content_mismatch: 415,
  executable_refused: 415,
  file_not_found: 404,
};

/** An upload or download broke a rule; HTTP maps it to `{statusCode, code, message}`. */
export class UploadError extends DomainError {
  constructor(code: UploadErrorCode, message: string) {
    super(code, message, statusOf[code]);
  }
}
