import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { toErrorBody } from './error-body.js';

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const body = toErrorBody(exception);
    if (body.statusCode >= 500) {
      // JSON logs: the request's own line (with its id and TXN) carries the failure as `err`
      if (res.log) res.err = exception instanceof Error ? exception : new Error(String(exception));
      else this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(body.statusCode).json(body);
  }
}
