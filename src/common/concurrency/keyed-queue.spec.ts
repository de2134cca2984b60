import { describe, expect, it } from '@jest/globals';
import { KeyedQueue } from './keyed-queue.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeyedQueue', () => {
  it('runs tasks of one key in arrival order even when later ones are faster', async () => {
    const q = new KeyedQueue();
    const done: number[] = [];
    await Promise.all([30, 1, 10].map((ms, i) => q.run('a', async () => {
      await sleep(ms);
      done.push(i);
    })));
    expect(done).toEqual([0, 1, 2]);
  });

  it('runs different keys in parallel and keeps going after a failure', async () => {
    const q = new KeyedQueue();
    const done: string[] = [];
    const slow = q.run('a', async () => { await sleep(30); done.push('a'); });
    const fast = q.run('b', async () => { done.push('b'); });
    await Promise.all([slow, fast]);
    expect(done).toEqual(['b', 'a']);
    await expect(q.run('a', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(q.run('a', async () => 'next')).resolves.toBe('next');
  });
});
