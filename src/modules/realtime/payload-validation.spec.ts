import { describe, expect, it } from '@jest/globals';
import { plainToInstance, Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, validate, ValidateNested } from 'class-validator';
import { fastPath } from '../../common/errors/validation-fast-path.js';
import { IsOptionalNotNull, validateInput } from '../../common/errors/validation.js';
import { TransactionRefDto, TypingDto } from '../chat/dto/chat.dto.js';
import { MessagesQuery, SocketMessageDto, SyncDto } from '../message/dto/message.dto.js';
import { SocketCreateTransferDto, SocketTransferAnswerDto } from '../transfer/dto/transfer.dto.js';

/*
 * The socket payloads' validation (ack.ts `handle` → validateInput): the fast
 * path for valid payloads must accept exactly what class-transformer and
 * class-validator accept, and give the same instance.
 */

/** The general path, as validateInput runs it. */
async function general<T extends object>(cls: new () => T, plain: unknown): Promise<T | undefined> {
  const instance = plainToInstance(cls, plain ?? {});
  return (await validate(instance, { whitelist: true, forbidNonWhitelisted: true })).length ? undefined : instance;
}

class Rules {
  @IsOptionalNotNull() @IsString() @Length(2, 4) name?: string;
  @IsDefined() @IsIn(['a', 'b']) kind: string;
  @IsOptional() @IsInt() @Min(1) @Max(3) count?: number;
}

class Loose {
  @IsString() a: string;
  b?: string; // a field without a rule: class-validator's whitelist refuses every payload of this class
}

class Inner {
  @IsString() x: string;
}
class Nested {
  @ValidateNested() @Type(() => Inner) inner: Inner;
}

const values: unknown[] = [
  undefined, null, '', 'a', 'ab', 'abcde', 'x'.repeat(36), 'x'.repeat(37), 'x'.repeat(100), 'x'.repeat(101), 'x'.repeat(5000), 'x'.repeat(5001),
  0, 1, 3, 4, -1, 1.5, Number.NaN, true, false, {}, [], ['a'], { a: 1 },
];

/** Every combination of the pool's values on the class's fields (a field set to `undefined` is left out). */
function* payloads(fields: string[]): Generator<Record<string, unknown>> {
  if (!fields.length) {
    yield {};
    return;
  }
  const [first, ...rest] = fields;
  for (const tail of payloads(rest)) {
    for (const value of values) yield value === undefined ? { ...tail } : { [first]: value, ...tail };
  }
}

const simple: Array<[string, new () => object, string[]]> = [
  ['SocketMessageDto', SocketMessageDto, ['transactionId', 'body', 'clientMessageId']],
  ['SyncDto', SyncDto, ['transactionId', 'afterMessageId']],
  ['TypingDto', TypingDto, ['transactionId', 'typing']],
  ['TransactionRefDto', TransactionRefDto, ['transactionId']],
  ['SocketCreateTransferDto', SocketCreateTransferDto, ['transactionId', 'toAgentId', 'toInboxId']],
  ['a class with optional, conditional, defined and numeric rules', Rules, ['name', 'kind', 'count']],
];

describe('validation fast path', () => {
  it.each(simple)('%s: accepts exactly what class-transformer and class-validator accept, as the same instance', async (_name, cls, fields) => {
    const path = fastPath(cls);
    expect(path).not.toBeNull();
    let accepted = 0;
    for (const payload of payloads(fields)) {
      const fast = path!(payload);
      const slow = await general(cls, payload);
      const primitives = Object.values(payload).every((v) => v === null || typeof v !== 'object');
      if (fast) {
        expect(slow).toBeDefined();
        expect(fast).toBeInstanceOf(cls);
        expect(fast).toEqual(slow);
        accepted++;
      } else if (primitives) {
        // the fast path declines only payloads that the general path refuses, or nested values
        expect(slow).toBeUndefined();
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });

  it('declines unknown fields, prototypes and non-objects, and leaves them to class-transformer and class-validator', async () => {
    const path = fastPath(SocketMessageDto)!;
    const valid = { transactionId: 't1', body: 'hi' };
    expect(path(valid)).toBeDefined();
    for (const payload of [
      { ...valid, extra: 1 },
      JSON.parse('{"transactionId":"t1","body":"hi","__proto__":{"polluted":true}}'),
      { ...valid, constructor: 'x' },
      Object.assign(Object.create({ inherited: 1 }), valid),
      Object.assign(new SocketMessageDto(), valid),
      [valid],
      'text',
      42,
    ]) {
      expect(path(payload)).toBeUndefined();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await expect(validateInput(SocketMessageDto, { ...valid, extra: 1 })).rejects.toThrow('property extra should not exist');
    // class-transformer leaves a `__proto__` field out
    const dropped = await validateInput(SocketMessageDto, JSON.parse('{"transactionId":"t1","body":"hi","__proto__":{"polluted":true}}'));
    expect(Object.getPrototypeOf(dropped)).toBe(SocketMessageDto.prototype);
    expect(Object.keys(dropped).sort()).toEqual(['body', 'clientMessageId', 'transactionId']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers the same refusal as before: the general path gives it', async () => {
    await expect(validateInput(SocketMessageDto, { transactionId: 7, body: '' })).rejects.toThrow(
      'transactionId must be shorter than or equal to 36 characters; transactionId must be a string; body must be longer than or equal to 1 characters',
    );
    await expect(validateInput(TypingDto, { transactionId: 't1', typing: 'yes' })).rejects.toThrow('typing must be a boolean value');
  });

  it('keeps out of classes whose rules it does not model', async () => {
    expect(fastPath(SocketTransferAnswerDto)).toBeNull(); // @Transform
    expect(fastPath(MessagesQuery)).toBeNull(); // @Type
    expect(fastPath(Nested)).toBeNull(); // nested validation
    expect(fastPath(class Bare {})).toBeNull(); // no rules: refused as an unknown value
    expect(fastPath(Loose)).toBeNull();
    await expect(validateInput(Loose, { a: 'x' })).rejects.toThrow('property b should not exist');
  });

  it('is what validateInput uses for a valid payload', async () => {
    const payload = { transactionId: 't1', typing: true };
    const instance = await validateInput(TypingDto, payload);
    expect(instance).toBeInstanceOf(TypingDto);
    expect(instance).toEqual(fastPath(TypingDto)!(payload));
  });
});
