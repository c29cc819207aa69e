import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, patternProblem } from '../../src/pattern/compile-pattern';
import { inputArbitrary, patternArbitrary } from './pattern-arbitraries';

/** What the host's backtracking RegExp answers: the meaning every accepted pattern must keep. */
const native = (pattern: string, input: string): boolean => new RegExp(pattern, 'u').test(input);

/**
 * The one documented difference (docs/evaluation.md): V8 also tries an empty match between the two
 * UTF-16 halves of an astral character, where `\\B` always holds; the engine starts matches only
 * between code points. This is the host's answer with matches started only there (sticky, at each
 * code point boundary).
 */
function nativeAtCodePoints(pattern: string, input: string): boolean {
  const sticky = new RegExp(pattern, 'uy');
  for (let i = 0; i <= input.length; i += (input.codePointAt(i) ?? 0) > 0xffff ? 2 : 1) {
    sticky.lastIndex = i;
    if (sticky.test(input)) return true;
  }
  return false;
}

describe('matches patterns: the same answers as ECMAScript RegExp with the u flag', () => {
  it('for random patterns of the supported subset and inputs where ECMAScript and RE2 differ', () => {
    let accepted = 0;
    fc.assert(
      fc.property(patternArbitrary, fc.array(inputArbitrary, { minLength: 1, maxLength: 6 }), (pattern, inputs) => {
        const problem = patternProblem(pattern);
        let hostReads = true;
        try {
          new RegExp(pattern, 'u');
        } catch {
          hostReads = false;
        }
        // What the host cannot read is refused; of the rest, the generator writes only supported
        // syntax, so the refusals it can reach are size: too long, or too large once expanded.
        if (!hostReads || problem !== null) {
          expect(problem, pattern).toMatch(hostReads ? /too large|longer than 256 characters/ : /does not compile|longer than 256 characters/);
          return;
        }
        accepted++;
        const test = compilePattern(pattern);
        for (const input of inputs) {
          const expected = nativeAtCodePoints(pattern, input);
          expect(test(input), `${JSON.stringify(pattern)} on ${JSON.stringify(input)}`).toBe(expected);
        }
      }),
      { numRuns: 3_000 },
    );
    expect(accepted).toBeGreaterThan(2_500);
  });

  it.each([
    // `.` excludes all four line terminators (RE2's excludes only \n), and matches a whole astral character or a lone surrogate.
    ['^.$', ['\r', '\u2028', '\u2029', '\n', 'a', '😀', '\ud800', '']],
    // `\s` is ECMAScript's (RE2's is [\t\n\f\r ]).
    ['^\\s$', ['\v', '\u00a0', '\ufeff', '\u2028', '\u3000', '\u1680', ' ', 'a', '\u200b']],
    ['\\S', ['\v', '\u00a0', 'x']],
    // `$` is the end of input only: not before a final newline, and `^` not after one.
    ['a$', ['a\n', 'a', 'ba']],
    ['^b', ['a\nb', 'b']],
    // `\b` and `\w` are ASCII.
    ['\\bé', ['é', ' é', 'aé']],
    ['^\\w+$', ['abc_9', 'é', 'Σ']],
    // What RE2 syntax would read differently is literal here.
    ['[[:alpha:]', ['a', ':', '[', 'z', ']']],
    ['\\/\\.', ['/.', 'a.']],
    ['[]', ['', 'a']],
    ['[^]', ['', 'a', '\n']],
    ['', ['', 'x']],
    ['^$', ['', 'x']],
    ['\\u{1F600}|\\uD83D\\uDE00', ['😀', '\ud83d']],
    ['[😀-😂]', ['😁', '\ud83d']],
    ['\\cJ\\0\\x41', ['\n\u0000A', 'A']],
    ['\\p{Lu}\\P{L}', ['A1', 'Aa', 'ÉΣ', 'É!']],
    ['\\p{Script=Greek}+', ['Σ', 'S']],
    ['(?<year>\\d{4})-\\d{2}', ['2024-05', '24-05']],
    ['a{2,3}?b', ['aab', 'ab']],
    ['Chrome/1\\d\\d', ['Mozilla Chrome/126.0', 'Chrome/99', 'Chrome/1']],
    ['iPhone|iPad', ['an iPad', 'iPod']],
    ['^Mozilla|Safari$', ['Mozilla/5', 'x Safari', 'Safari x']],
    ['(?:^beta$)', ['beta', 'betas']],
    ['ab\\b', ['ab', 'abc', 'ab c']],
  ] as const)('%j', (pattern, inputs) => {
    expect(patternProblem(pattern)).toBeNull();
    const test = compilePattern(pattern);
    for (const input of inputs) expect(test(input), JSON.stringify(input)).toBe(native(pattern, input));
  });

  it('differs only in not trying an empty match inside an astral character, where \\B holds', () => {
    expect(native('\\B', 'a😀a')).toBe(true);
    expect(nativeAtCodePoints('\\B', 'a😀a')).toBe(false);
    expect(compilePattern('\\B')('a😀a')).toBe(false);
    // Between code points, \B is ECMAScript's.
    for (const input of ['😀', 'a😀', 'ab', 'a b', '😀😀', 'é'])
      expect(compilePattern('\\B')(input), JSON.stringify(input)).toBe(native('\\B', input));
  });

  it('. \\s \\S \\w and \\d agree with the host for every code point', () => {
    const classes = ['.', '\\s', '\\S', '\\w', '\\W', '\\d', '[^a]'];
    const tests = classes.map((c) => [compilePattern(`^${c}$`), new RegExp(`^${c}$`, 'u')] as const);
    const differing: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp += cp < 0x30000 ? 1 : 61) {
      const s = String.fromCodePoint(cp);
      tests.forEach(([ours, host], i) => {
        if (ours(s) !== host.test(s)) differing.push(`${classes[i]} U+${cp.toString(16)}`);
      });
    }
    expect(differing).toEqual([]);
  });
});

describe('matches patterns: time linear in the input', () => {
  // Each of these takes the host's backtracking RegExp from seconds to far longer on these inputs
  // (bench/regex.ts measures it); the engine answers at once, so this test would not finish without it.
  it.each([
    ['.*a.*b', 'a'.repeat(4_096), false],
    ['.*Mozilla.*Chrome.*Safari.*Mobile', 'Mozilla Chrome Safari '.repeat(190), false],
    ['\\w+\\s*\\w+=', 'a'.repeat(4_096), false],
    ['(a+)+$', `${'a'.repeat(4_095)}!`, false],
    ['(a|aa)+$', `${'a'.repeat(4_095)}!`, false],
    ['^(\\w+\\s?)*$', `${'word '.repeat(819)}!`, false],
    ['(.*a){12}', 'a'.repeat(4_096), true],
    ['.*a.*b', `${'a'.repeat(4_095)}b`, true],
  ] as const)('%j on a hostile 4,096-character input', (pattern, input, expected) => {
    expect(patternProblem(pattern)).toBeNull();
    expect(compilePattern(pattern)(input)).toBe(expected);
  });
});

describe('matches patterns refused, each with its reason', () => {
  it.each([
    ['(?=a)b', /lookahead or lookbehind/],
    ['a(?!b)', /lookahead or lookbehind/],
    ['(?<=a)b', /lookahead or lookbehind/],
    ['(?<!a)b', /lookahead or lookbehind/],
    ['(a)\\1', /backreference/],
    ['(?<x>a)\\k<x>', /backreference/],
    ['[\\1]', /backreference/],
    ['a{1001}', /1,001 times, more than linear-time matching allows \(1,000\)/],
    ['a{2,5000}', /5,000 times/],
    ['(?:a{500}){500}', /too large/],
    ['\\p{Letter}', /Unicode property \\p\{Letter\}/],
    ['\\p{ASCII}', /Unicode property/],
    ['\\p{sc=Grek}', /Unicode property "Grek"/],
    ['\\uD800', /lone surrogate U\+D800/],
    ['\ud800', /lone surrogate U\+D800/],
    ['[\\uDC00-\\uDFFF]', /lone surrogate U\+DC00/],
    ['(?i:a)', /does not compile/],
    ['(?i)a', /does not compile/],
    ['(', /does not compile/],
    ['a)', /does not compile/],
    ['a{', /does not compile/],
    ['}', /does not compile/],
    [']', /does not compile/],
    ['\\-', /does not compile/],
    ['\\a', /does not compile/],
    ['a**', /does not compile/],
    ['^*', /does not compile/],
    ['\\b+', /does not compile/],
    ['a{3,2}', /does not compile/],
    ['[z-a]', /does not compile/],
    ['[\\d-z]', /does not compile/],
    ['\\c1', /does not compile/],
    ['\\00', /does not compile/],
    ['(?<a>x)(?<a>y)', /does not compile/],
    ['a'.repeat(257), /longer than 256 characters/],
  ])('%j', (pattern, reason) => {
    expect(patternProblem(pattern)).toMatch(reason);
    expect(() => compilePattern(pattern)).toThrow(reason);
  });

  it('every refused pattern the host also reads as a RegExp keeps its own reason', () => {
    // The refusals above that are valid ECMAScript are refused for the engine's sake, not as syntax errors.
    for (const pattern of ['(?=a)b', '(a)\\1', 'a{1001}', '\\p{ASCII}']) {
      expect(() => new RegExp(pattern, 'u')).not.toThrow();
      expect(patternProblem(pattern)).not.toMatch(/does not compile/);
    }
  });
});
