import { ValidationPipe, type ValidationError as ClassValidatorError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidateIf } from 'class-validator';
import { ValidationError } from './domain-error.js';

function flatten(errors: ClassValidatorError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) ? m.replace(e.property, path) : `${path}: ${m}`));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** Every body, query and socket payload: whitelisted, unknown fields refused, 400 `validation_failed`. */
export const createValidationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const messages = flatten(errors);
      return new ValidationError(messages.join('; ') || 'Invalid input', messages);
    },
  });

/**
 * Validates a plain object against a DTO class exactly as the HTTP pipe does, for
 * callers that are not HTTP (the admin panel, sockets): same rules, same error.
 */
export async function validateInput<T extends object>(cls: new () => T, plain: unknown): Promise<T> {
  const instance = plainToInstance(cls, plain ?? {});
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const messages = flatten(errors);
    throw new ValidationError(messages.join('; '), messages);
  }
  return instance;
}

/** Optional, but not nullable: absent is fine, `null` is validated (and refused) like any wrong value. */
export const IsOptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);
