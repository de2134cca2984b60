import { describe, expect, it } from '@jest/globals';
import { normalizeEmail, normalizePhone } from './normalize.js';

describe('contact normalization', () => {
  it('lowercases and trims emails', () => {
    expect(normalizeEmail('  Vera.Visitor@Example.COM ')).toBe('vera.visitor@example.com');
  });

  it('reduces phones to digits and keeps a leading +', () => {
    expect(normalizePhone('+1 (555) 010-99')).toBe('+155501099');
    expect(normalizePhone(' 0555.010.99 ')).toBe('055501099');
    expect(normalizePhone('555 +1')).toBe('5551');
  });
});
