import type { ClassItem, PatternNode } from './pattern-ast';

/** A set of code points as sorted, disjoint, inclusive ranges. */
type Ranges = readonly (readonly [number, number])[];

const MAX_CODE_POINT = 0x10ffff;

/**
 * ECMAScript's `\s` (WhiteSpace and LineTerminator): RE2's `\s` is only `[\t\n\f\r ]`, so it is
 * written out. Checked against the host's `/\s/u` for every code point by a test.
 */
const WHITE_SPACE: Ranges = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
const DIGITS: Ranges = [[0x30, 0x39]];
const WORD: Ranges = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
/** What `.` does not match: the line terminators. */
const LINE_TERMINATORS: Ranges = [
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
];

function complement(ranges: Ranges): Ranges {
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

const ESCAPES: Record<'d' | 'D' | 'w' | 'W' | 's' | 'S', Ranges> = {
  d: DIGITS,
  D: complement(DIGITS),
  w: WORD,
  W: complement(WORD),
  s: WHITE_SPACE,
  S: complement(WHITE_SPACE),
};

const hex = (cp: number): string => `\\x{${cp.toString(16)}}`;

/** One code point in RE2 syntax: letters and digits as they are, anything else as `\x{…}`. */
function codePoint(cp: number): string {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) ? String.fromCharCode(cp) : hex(cp);
}

function rangesText(ranges: Ranges): string {
  return ranges.map(([lo, hi]) => (lo === hi ? codePoint(lo) : `${codePoint(lo)}-${codePoint(hi)}`)).join('');
}

function classItemText(item: ClassItem): string {
  switch (item.type) {
    case 'range':
      return rangesText([[item.lo, item.hi]]);
    case 'escape':
      return rangesText(ESCAPES[item.name]);
    case 'property':
      return `\\${item.negated ? 'P' : 'p'}{${item.name}}`;
  }
}

/**
 * The pattern in RE2 syntax, matching exactly what the ECMAScript pattern matches (with the `u`
 * flag, for the question "does it match anywhere?"):
 * - `.` is written as a class without the four line terminators (RE2's `.` excludes only `\n`);
 * - `\s`, `\d`, `\w` and their negations are written as explicit ranges;
 * - `^` and `$` become `\A` and `\z` (start and end of input, as without the `m` flag);
 * - every group becomes a non-capturing one, and every quantifier greedy (neither changes whether
 *   a pattern matches, and the engine runs fastest without captures);
 * - every code point but ASCII letters and digits is written as `\x{…}`, so no character means
 *   something else in RE2 syntax than it did in ECMAScript (`[[:alpha:]]`, `\Q`, `\z`…);
 * - `[]` (matches nothing) and `[^]` (matches any code point) are written as RE2 accepts them.
 */
export function toRe2Syntax(node: PatternNode): string {
  switch (node.type) {
    case 'empty':
      return '(?:)';
    case 'char':
      return codePoint(node.cp);
    case 'any':
      return `[^${rangesText(LINE_TERMINATORS)}]`;
    case 'class':
      if (node.items.length === 0) return node.negated ? `[${hex(0)}-${hex(MAX_CODE_POINT)}]` : `[^${hex(0)}-${hex(MAX_CODE_POINT)}]`;
      return `[${node.negated ? '^' : ''}${node.items.map(classItemText).join('')}]`;
    case 'assert':
      return node.kind === 'start' ? '\\A' : node.kind === 'end' ? '\\z' : node.kind === 'word' ? '\\b' : '\\B';
    case 'group':
      return `(?:${toRe2Syntax(node.body)})`;
    case 'seq':
      return node.items.map(toRe2Syntax).join('');
    case 'alt':
      return node.options.map(toRe2Syntax).join('|');
    case 'repeat': {
      const body = node.body.type === 'char' || node.body.type === 'any' || node.body.type === 'class' || node.body.type === 'group' ? toRe2Syntax(node.body) : `(?:${toRe2Syntax(node.body)})`;
      const { min, max } = node;
      const suffix = min === 0 && max === Infinity ? '*' : min === 1 && max === Infinity ? '+' : min === 0 && max === 1 ? '?' : max === Infinity ? `{${min},}` : min === max ? `{${min}}` : `{${min},${max}}`;
      return body + suffix;
    }
  }
}
