import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError } from './domain-error.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

const codeByStatus: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** One mapping from anything thrown to the documented error shape, for HTTP and sockets alike. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof DomainError) {
    return { statusCode: error.status, code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const r = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
    const message = Array.isArray(r.message) ? r.message.join('; ') : String(r.message ?? error.message);
    return { statusCode: status, code: typeof r.code === 'string' ? r.code : codeByStatus[status] ?? 'error', message };
  }
  const e = error as { type?: string; status?: number; statusCode?: number; message?: string };
  // body-parser errors (malformed JSON, body too large) carry a status and a type
  if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    const code = e.type === 'entity.too.large' ? 'payload_too_large' : e.type === 'entity.parse.failed' ? 'malformed_json' : codeByStatus[e.status] ?? 'bad_request';
    return { statusCode: e.status, code, message: e.message ?? 'Bad request' };
  }
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'internal_error', message: 'Internal server error' };
}
