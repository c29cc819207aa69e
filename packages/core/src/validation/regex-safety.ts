import { LIMITS } from '../model/limits';

/**
 * Whether a `matches` pattern is safe to store and run: null when it is, else the reason, phrased to
 * follow the pattern ("is longer than 256 characters").
 *
 * Patterns are ECMAScript regular expressions compiled with the `u` flag. JavaScript's engine
 * backtracks, so some patterns take exponential time on a short hostile input and would stall every
 * SDK evaluating the flag. A full ambiguity analysis is out of reach for a save-time check, so this
 * is a conservative heuristic that rejects the shapes behind catastrophic backtracking:
 *
 * 1. Backreferences (`\1`, `\k<name>`): they make matching NP-hard in general.
 * 2. Star height above one: a group repeated more than once (`*`, `+`, `{n,}`, `{n,m}` with m > 1)
 *    that contains any quantifier, at any depth: `(a+)+`, `(.*)*`, `(a?b)*`, `((ab)+c){2}`. Each
 *    way of splitting the input between the inner and outer repetition is another path to try.
 * 3. A repeated group containing an alternation whose branches may match the same text: `(a|a)*`,
 *    `(a|ab)+`. Branches are deemed distinct only when each starts with a different literal
 *    character; a branch starting with a class, a dot, an escape, a group or nothing counts as
 *    possibly overlapping, so `([ab]|c)*` is refused while `(foo|bar)*` is accepted.
 *
 * It does not catch polynomial blow-ups such as `.*.*.*x`; inputs are capped at
 * LIMITS.regexInputLength characters, which keeps those bounded.
 */
export function checkRegexSafety(pattern: string): string | null {
  if (typeof pattern !== 'string') return 'is not a string';
  if (pattern.length > LIMITS.regexLength) return `is longer than ${LIMITS.regexLength} characters`;
  try {
    new RegExp(pattern, 'u');
  } catch (e) {
    return `does not compile: ${e instanceof Error ? e.message : String(e)}`;
  }
  return findBacktrackingRisk(pattern);
}

/** One open group while scanning (the whole pattern is the outermost one). */
interface GroupScan {
  /** A quantifier appears somewhere inside. */
  containsQuantifier: boolean;
  /** An alternation with possibly overlapping branches appears somewhere inside. */
  containsAmbiguity: boolean;
  /** First literal character of each branch; null when a branch does not start with one. */
  readonly firstChars: (string | null)[];
  /** The current branch has no atom yet. */
  branchEmpty: boolean;
}

/** Scans a pattern that compiles with the `u` flag (so its syntax is known to be valid). */
function findBacktrackingRisk(pattern: string): string | null {
  const stack: GroupScan[] = [newGroup()];
  /** The group just closed, while a quantifier may still apply to it. */
  let lastGroup: GroupScan | null = null;
  let i = 0;
  const n = pattern.length;

  const top = (): GroupScan => stack[stack.length - 1] as GroupScan;
  const atom = (literal: string | null): void => {
    const g = top();
    if (g.branchEmpty) {
      g.firstChars[g.firstChars.length - 1] = literal;
      g.branchEmpty = false;
    }
  };

  while (i < n) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const e = pattern[i + 1] ?? '';
      if (/[1-9]/.test(e) || e === 'k') return 'uses a backreference, which cannot be matched in linear time';
      i = skipEscape(pattern, i);
      atom(literalEscape(e));
      lastGroup = null;
      continue;
    }
    if (c === '[') {
      i = skipClass(pattern, i);
      atom(null);
      lastGroup = null;
      continue;
    }
    if (c === '(') {
      atom(null);
      stack.push(newGroup());
      i += pattern[i + 1] === '?' ? groupPrefixLength(pattern, i) : 1;
      lastGroup = null;
      continue;
    }
    if (c === ')') {
      const closed = stack.pop() as GroupScan;
      if (closed.branchEmpty) closed.firstChars[closed.firstChars.length - 1] = null;
      if (closed.firstChars.length > 1 && !distinctLiterals(closed.firstChars)) closed.containsAmbiguity = true;
      const parent = top();
      parent.containsQuantifier ||= closed.containsQuantifier;
      parent.containsAmbiguity ||= closed.containsAmbiguity;
      lastGroup = closed;
      i++;
      continue;
    }
    if (c === '|') {
      const g = top();
      if (g.branchEmpty) g.firstChars[g.firstChars.length - 1] = null;
      g.firstChars.push(null);
      g.branchEmpty = true;
      lastGroup = null;
      i++;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      const { max, end } = readQuantifier(pattern, i);
      if (lastGroup !== null && max > 1) {
        if (lastGroup.containsQuantifier) return 'nests quantifiers (a repeated group contains a quantifier, like (a+)+), which can backtrack exponentially';
        if (lastGroup.containsAmbiguity)
          return 'repeats an alternation whose branches may match the same text (like (a|a)*), which can backtrack exponentially';
      }
      top().containsQuantifier = true;
      lastGroup = null;
      i = end;
      continue;
    }
    // '.', '^', '$' and literal characters (a whole code point).
    const cp = pattern.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    atom(c === '.' || c === '^' || c === '$' ? null : ch);
    lastGroup = null;
    i += ch.length;
  }
  return null;
}

function newGroup(): GroupScan {
  return { containsQuantifier: false, containsAmbiguity: false, firstChars: [null], branchEmpty: true };
}

function distinctLiterals(chars: readonly (string | null)[]): boolean {
  const seen = new Set<string>();
  for (const c of chars) {
    if (c === null || seen.has(c)) return false;
    seen.add(c);
  }
  return true;
}

/** The literal character an escape stands for when it is an identity escape (`\.`); else null. */
function literalEscape(e: string): string | null {
  return /[\^$\\.*+?()[\]{}|/-]/.test(e) ? e : null;
}

/** Index just past the escape starting at `i` (a backslash). */
function skipEscape(p: string, i: number): number {
  const e = p[i + 1];
  if ((e === 'u' && p[i + 2] === '{') || e === 'p' || e === 'P') return p.indexOf('}', i) + 1;
  if (e === 'u') return i + 6;
  if (e === 'x') return i + 4;
  if (e === 'c') return i + 3;
  return i + 2;
}

/** Index just past the character class starting at `i` (a `[`). */
function skipClass(p: string, i: number): number {
  let j = i + 1;
  while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Length of a group opener starting with `(?`: `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` or `(?<name>`. */
function groupPrefixLength(p: string, i: number): number {
  if (p[i + 2] === '<' && p[i + 3] !== '=' && p[i + 3] !== '!') return p.indexOf('>', i) - i + 1;
  return p[i + 2] === '<' ? 4 : 3;
}

/** The maximum repetition of the quantifier at `i` and the index just past it (and its lazy `?`). */
function readQuantifier(p: string, i: number): { max: number; end: number } {
  let max: number;
  let end: number;
  const c = p[i];
  if (c === '{') {
    const close = p.indexOf('}', i);
    const [lo, hi] = p.slice(i + 1, close).split(',');
    max = hi === undefined ? Number(lo) : hi === '' ? Infinity : Number(hi);
    end = close + 1;
  } else {
    max = c === '?' ? 1 : Infinity;
    end = i + 1;
  }
  if (p[end] === '?') end++;
  return { max, end };
}
