import fc from 'fast-check';

/**
 * Random `matches` patterns in the supported subset, and inputs over an alphabet where ECMAScript
 * and RE2 differ (line terminators, Unicode spaces, non-ASCII letters, astral characters, lone
 * surrogates), for comparing the engine with the host's RegExp.
 */
const literal = fc.constantFrom('a', 'b', 'c', 'A', '1', '_', ' ', '-', 'é', '😀', ',', '\\.', '\\n', '\\r', '\\t', '\\u0061', '\\x62', '\\u{1F600}', '\\uD83D\\uDE00', '\\/', '\\cJ', '(?:\\0)');
const classAtom = fc.constantFrom('a', 'b', 'c', 'a-c', 'A-Z', '0-9', '\\d', '\\D', '\\s', '\\S', '\\w', '\\W', '\\n', ' ', '.', '-', '\\-', '\\b', '\\p{L}', '\\P{Lu}', '\\p{Nd}', '😀', '\\u{1F600}-\\u{1F64F}', '\\x00-\\x1F');
const characterClass = fc.tuple(fc.boolean(), fc.array(classAtom, { maxLength: 3 })).map(([negated, atoms]) => `[${negated ? '^' : ''}${atoms.join('')}]`);
const escapeClass = fc.constantFrom('\\d', '\\D', '\\s', '\\S', '\\w', '\\W', '\\p{L}', '\\P{L}', '\\p{Lu}', '\\p{Script=Greek}', '\\p{Cs}');
const assertion = fc.constantFrom('^', '$', '\\b', '\\B');
const quantifier = fc.constantFrom('', '', '', '*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?', '??', '{0,2}?');

export const patternArbitrary: fc.Arbitrary<string> = fc.letrec<{ pattern: string; alternative: string; term: string; atom: string }>((tie) => ({
  pattern: fc.array(tie('alternative'), { minLength: 1, maxLength: 3 }).map((alts) => alts.join('|')),
  alternative: fc.array(tie('term'), { maxLength: 4 }).map((terms) => terms.join('')),
  term: fc.oneof({ weight: 1, arbitrary: assertion }, { weight: 5, arbitrary: fc.tuple(tie('atom'), quantifier).map(([a, q]) => a + q) }),
  atom: fc.oneof(
    { weight: 6, arbitrary: literal },
    { weight: 2, arbitrary: fc.constant('.') },
    { weight: 2, arbitrary: characterClass },
    { weight: 2, arbitrary: escapeClass },
    { weight: 1, arbitrary: fc.constantFrom('[]', '[^]') },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('(', '(?:'), tie('pattern')).map(([open, body]) => `${open}${body})`) },
  ),
})).pattern;

export const inputArbitrary: fc.Arbitrary<string> = fc
  .array(fc.constantFrom('a', 'b', 'c', 'A', 'B', '1', '9', '_', ' ', '-', '.', ',', '/', '\n', '\r', '\t', '\v', '\u2028', '\u00a0', '\ufeff', 'é', 'Σ', '😀', '\ud800', '\udc00', '\u0000', '\u001f'), { maxLength: 10 })
  .map((chars) => chars.join(''));
