import { ValidationPipe, type ValidationError as ClassValidatorError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate, ValidateIf, type MetadataStorage } from 'class-validator';
import { ValidationError } from './domain-error.js';
import { fastPath } from './validation-fast-path.js';

type RuleLookup = MetadataStorage['getTargetValidationMetadatas'];

/**
 * class-validator looks a class's rules up again at every validation, scanning
 * every decorated class of the app for its ancestors (typestack/class-validator#2686):
 * on the socket path that was a fifth of what a message allocated. A class's rules
 * are complete once it is defined (decorators run then, after its ancestors'), so
 * each answer is kept, per class and per lookup options. Nest's pipe and
 * `validateInput` share the storage, so both gain. Exported for its test.
 */
export function rememberRuleLookups(storage: MetadataStorage = getMetadataStorage()): void {
  const lookUp: RuleLookup = storage.getTargetValidationMetadatas.bind(storage);
  const known = new WeakMap<object, Map<string, ReturnType<RuleLookup>>>();
  const remembered: RuleLookup = (target, schema, always, strictGroups, groups) => {
    // a schema validated by its name (a string) is not a class: not kept
    if (typeof target !== 'function') return lookUp(target, schema, always, strictGroups, groups);
    const options = `${schema}\n${always}\n${strictGroups}\n${groups?.join('\n') ?? ''}`;
    let byOptions = known.get(target);
    if (!byOptions) known.set(target, (byOptions = new Map()));
    let rules = byOptions.get(options);
    if (!rules) byOptions.set(options, (rules = lookUp(target, schema, always, strictGroups, groups)));
    return rules;
  };
  storage.getTargetValidationMetadatas = remembered;
}
rememberRuleLookups();

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
 * A valid payload of a simple DTO (every socket payload of a message) is
 * accepted by `fastPath` without class-validator's machinery; the rest, and every
 * refusal, go through class-transformer and class-validator.
 */
export async function validateInput<T extends object>(cls: new () => T, plain: unknown): Promise<T> {
  const valid = fastPath(cls)?.(plain ?? {});
  if (valid) return valid;
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
