import { webcrypto } from 'node:crypto';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { BulkRandom, newId } from './ids.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('gives distinct UUIDv7s in the order they were made', () => {
    const ids = Array.from({ length: 10_000 }, () => newId());
    for (const id of ids) expect(id).toMatch(V7);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('asks the crypto module for random numbers in bulk, not every few ids', () => {
    const fetches = jest.spyOn(webcrypto, 'getRandomValues');
    for (let i = 0; i < 1_000; i++) newId();
    // at most 3 numbers per id (a new millisecond), 256 per fetch
    expect(fetches.mock.calls.length).toBeLessThanOrEqual(Math.ceil((3 * 1_000) / 256));
    expect(fetches.mock.calls.length).toBeGreaterThan(0);
  });
});

describe('BulkRandom', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('fills its buffer once per size numbers and hands each number out once, in order', () => {
    let n = 0;
    const fetches = jest.spyOn(webcrypto, 'getRandomValues').mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      const numbers = array as unknown as Uint32Array;
      for (let i = 0; i < numbers.length; i++) numbers[i] = n++;
      return array;
    });
    const random = new BulkRandom(4);
    const drawn = Array.from({ length: 12 }, () => random.nextUint32());
    expect(fetches).toHaveBeenCalledTimes(3);
    expect(drawn).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});
