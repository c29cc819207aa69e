import { describe, expect, it } from 'vitest';
import { verdict } from '../../bench/eval/verdict';

describe("the eval summary's verdict", () => {
  it('is met from 10× up, a miss above the floor from 5× up, and a broken floor under 5×', () => {
    expect(verdict(25)).toBe('met');
    expect(verdict(10)).toBe('met');
    expect(verdict(9.99)).toBe('MISSED (≥5× floor held)');
    expect(verdict(5)).toBe('MISSED (≥5× floor held)');
    expect(verdict(4.99)).toBe('MISSED (under 5×)');
    expect(verdict(0.5)).toBe('MISSED (under 5×)');
  });
});
