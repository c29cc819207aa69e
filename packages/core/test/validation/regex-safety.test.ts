import { describe, expect, it } from 'vitest';
import { checkRegexSafety, LIMITS } from '../../src/index';

describe('checkRegexSafety', () => {
  it.each([
    '^[a-z]+@example\\.(com|org)$',
    'beta',
    '^/admin',
    '(foo|bar)*',
    '(?:ab)+c',
    '[a-z]{2,3}-\\d+',
    '\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}',
    '(a)(b)?',
    '(?<year>\\d{4})-\\d{2}',
    '\\p{Lu}+',
    '\\u{1F600}+',
    '😀+',
    '[(+*)]+',
    '(\\.|,)*',
    '(a+)?',
    '(a+){1}',
    // Run in linear time, these are as safe as any other pattern now.
    '(a+)+',
    '(.*)*',
    '(a|ab)+',
    '(\\d{1,3}\\.){3}\\d{1,3}',
    '.*Mozilla.*Chrome.*Safari.*',
  ])('accepts %j', (pattern) => {
    expect(checkRegexSafety(pattern)).toBeNull();
  });

  it.each([
    ['(?=a)b', /lookahead or lookbehind/],
    ['(a)\\1', /backreference/],
    ['(?<x>a)\\k<x>', /backreference/],
    ['a{1001}', /more than linear-time matching allows/],
    ['(', /does not compile/],
    ['a{', /does not compile/],
    ['\\-', /does not compile/],
  ])('rejects %j', (pattern, reason) => {
    expect(checkRegexSafety(pattern)).toMatch(reason);
  });

  it('rejects patterns longer than the limit', () => {
    expect(checkRegexSafety('a'.repeat(LIMITS.regexLength))).toBeNull();
    expect(checkRegexSafety('a'.repeat(LIMITS.regexLength + 1))).toMatch(/longer than 256 characters/);
  });

  it('does not mistake escaped or bracketed syntax for groups', () => {
    expect(checkRegexSafety('\\(a+\\)+')).toBeNull();
    expect(checkRegexSafety('[()]+(x)+')).toBeNull();
    expect(checkRegexSafety('[\\]]+')).toBeNull();
    expect(checkRegexSafety('[(?=]')).toBeNull();
  });
});
