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
    '(?=a)b',
    '[(+*)]+',
    '(\\.|,)*',
    '(a+)?',
    '(a+){1}',
  ])('accepts %j', (pattern) => {
    expect(checkRegexSafety(pattern)).toBeNull();
  });

  it.each([
    ['(a+)+', /nests quantifiers/],
    ['(.*)*', /nests quantifiers/],
    ['(a*b)*c', /nests quantifiers/],
    ['((ab)+c){2}', /nests quantifiers/],
    ['(?:a?){5,}', /nests quantifiers/],
    ['(\\d{1,3}\\.){3}', /nests quantifiers/],
    ['((a)+)*', /nests quantifiers/],
    ['(a|a)*', /repeats an alternation/],
    ['(a|ab)+', /repeats an alternation/],
    ['([ab]|c)*', /repeats an alternation/],
    ['(a|)+', /repeats an alternation/],
    ['((a|a)b)*', /repeats an alternation/],
    ['(.|\\s){2,}', /repeats an alternation/],
    ['(a)\\1', /backreference/],
    ['(?<x>a)\\k<x>', /backreference/],
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
  });
});
