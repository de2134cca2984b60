import { webcrypto } from 'node:crypto';
import { V7Generator } from 'uuidv7';

/**
 * Random 32-bit numbers for the id generator, drawn from the crypto module 256 at a
 * time. `uuidv7`'s own buffer holds 8, so under load it asked for random bytes every
 * few ids (≈1 % of the server's CPU on the message path); the numbers are the same
 * cryptographically strong ones, fetched in bulk. Exported for its test.
 */
export class BulkRandom {
  private readonly buffer: Uint32Array;
  private next: number;

  constructor(size = 256) {
    this.buffer = new Uint32Array(size);
    this.next = size;
  }

  nextUint32(): number {
    if (this.next === this.buffer.length) {
      webcrypto.getRandomValues(this.buffer);
      this.next = 0;
    }
    return this.buffer[this.next++];
  }
}

const generator = new V7Generator(new BulkRandom());

/**
 * Time-ordered ids (UUIDv7): sorting by id is sorting by creation, which cursor paging relies on.
 * `uuid`'s v7 asked the crypto module for 16 bytes per id (about 5 µs each, on every message);
 * `uuidv7` keeps a counter within a millisecond and takes its random bits from `BulkRandom`.
 */
export const newId = (): string => generator.generate().toString();
