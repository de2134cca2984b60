import type { LoggerService } from '@nestjs/common';
import type { Level, Logger as Pino } from 'pino';

/** A stack trace, as Nest's exception handlers pass it to `error(message, stack, context)`. */
const STACK = /\n\s*at /;

/**
 * Nest's `Logger` calls, written by pino. Nest passes the logger's context
 * last (`log(message, context)`, `error(message, stack, context)`); it
 * becomes the line's `context`, an `Error` or a stack becomes `err`, an
 * object message is merged into the line (and the text after it, as in
 * `log.error({ txnId, err }, 'socket request failed')`, is its `msg`).
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]) {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    if (rest.length && typeof rest[rest.length - 1] === 'string') fields.context = rest.pop();
    if (message instanceof Error) {
      fields.err = message;
      this.pino[level](fields, message.message);
      return;
    }
    if (typeof rest[0] === 'string' && STACK.test(rest[0])) {
      const err = new Error(String(message));
      err.stack = rest.shift() as string;
      fields.err = err;
    }
    if (message === null || typeof message !== 'object') {
      this.pino[level](fields, String(message), ...rest);
      return;
    }
    const line = { ...message, ...fields };
    if (rest.length) this.pino[level](line, String(rest[0]), ...rest.slice(1));
    else this.pino[level](line);
  }
}
