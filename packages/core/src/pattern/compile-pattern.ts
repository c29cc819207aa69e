import { RE2JS } from 're2js';
import { LIMITS } from '../model/limits';
import { alternatives, leadingLiteral, literalForm, type LiteralForm } from './literal-forms';
import { parsePattern, PatternRefusal } from './parse-pattern';
import type { PatternNode } from './pattern-ast';
import { toRe2Syntax } from './to-re2-syntax';

/** Whether a compiled pattern matches anywhere in the input. Never throws; linear in the input's length. */
export type PatternTest = (input: string) => boolean;

/**
 * Compiles a `matches` pattern, or throws {@link PatternRefusal} saying why it cannot be run.
 *
 * PERFORMANCE NOTE: matching must take time linear in the input, whatever the pattern, so patterns
 * run on RE2JS (a pure-JavaScript port of RE2: an automaton, no backtracking) rather than the
 * host's backtracking RegExp. Linear costs about 5 ns per input character once warm, several
 * times what RegExp takes on friendly input, so two provably linear shortcuts come first:
 * - literal text, anchored or not (`beta`, `^/admin`), is answered with `includes` / `startsWith` /
 *   `endsWith` / `===`, and alternatives of such (`iPhone|iPad`) by the host's RegExp, which has
 *   nothing to backtrack on in them (see {@link literalAlternatives});
 * - a pattern that starts with literal text (`Chrome/1\d\d`) is run from the first place the input
 *   holds that text (`indexOf`), or not at all when it holds none.
 * Everything else is one RE2JS program, compiled here once per clause value.
 */
export function compilePattern(source: string): PatternTest {
  if (typeof source !== 'string') throw new PatternRefusal('is not a string');
  if (source.length > LIMITS.regexLength) throw new PatternRefusal(`is longer than ${LIMITS.regexLength} characters`);
  const node = parsePattern(source);
  checkHostAgrees(source);
  checkPropertyNames(node);
  const options = alternatives(node);
  const literals = options.map(literalForm);
  if (literals.every((l): l is LiteralForm => l !== null)) return literals.length === 1 ? oneLiteralTest(literals[0] as LiteralForm) : literalAlternatives(source);
  return engineTest(node);
}

/**
 * The pattern must also be valid ECMAScript (`u` flag) as the host reads it: the parser accepts a
 * subset of that syntax, and this keeps an accepted pattern meaning the same in a plain RegExp.
 */
function checkHostAgrees(source: string): void {
  try {
    new RegExp(source, 'u');
  } catch (e) {
    throw new PatternRefusal(`does not compile: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Unicode property names the engine knows, once checked. */
const knownProperties = new Set<string>();

/** Each `\p{…}` must name a property the engine has (scripts by their full names: `Greek`, not `Grek`). */
function checkPropertyNames(node: PatternNode): void {
  switch (node.type) {
    case 'class':
      for (const item of node.items) {
        if (item.type !== 'property' || knownProperties.has(item.name)) continue;
        try {
          RE2JS.compile(`\\p{${item.name}}`);
          knownProperties.add(item.name);
        } catch {
          throw new PatternRefusal(`uses the Unicode property "${item.name}", which is not supported (scripts are named in full, such as \\p{Script=Greek})`);
        }
      }
      return;
    case 'group':
    case 'repeat':
      return checkPropertyNames(node.body);
    case 'seq':
      return node.items.forEach(checkPropertyNames);
    case 'alt':
      return node.options.forEach(checkPropertyNames);
    default:
      return;
  }
}

/**
 * Alternatives of literal text (`iPhone|iPad|Android`, `^beta$|^rc$`): the host's RegExp, which
 * cannot backtrack here: with no quantifier, an attempt at one position tries each alternative once
 * and each fails within its own length, so a match costs at most the input's length times the
 * pattern's (256), and the host scans for the alternatives' first characters in one pass.
 */
function literalAlternatives(source: string): PatternTest {
  const regexp = new RegExp(source, 'u');
  return (input) => regexp.test(input);
}

function oneLiteralTest({ text, atStart, atEnd }: LiteralForm): PatternTest {
  if (atStart && atEnd) return (input) => input === text;
  if (atStart) return (input) => input.startsWith(text);
  if (atEnd) return (input) => input.endsWith(text);
  return (input) => input.includes(text);
}

function engineTest(node: PatternNode): PatternTest {
  let program: RE2JS;
  try {
    program = RE2JS.compile(toRe2Syntax(node));
  } catch (e) {
    // The parser admits only what RE2 supports; what remains is size (repetitions multiplied out).
    throw new PatternRefusal(`is too large for linear-time matching once its repetitions are multiplied out (${e instanceof Error ? e.message : String(e)})`);
  }
  tuneEngine(program);
  const lead = leadingLiteral(node);
  if (lead === '')
    return (input) => {
      try {
        return program.test(input);
      } catch {
        return false;
      }
    };
  return (input) => {
    const at = input.indexOf(lead);
    if (at < 0) return false;
    try {
      return program.test(at === 0 ? input : input.slice(at));
    } catch {
      return false;
    }
  };
}

/**
 * Bytes of automaton states one compiled pattern may cache (RE2JS's own estimate; its default is
 * 8 MiB). A flag may hold thousands of patterns and every browser context may lead a pattern's
 * automaton into new states, so the cache is kept small: when it is full, RE2JS empties it and goes
 * on, and falls back to its NFA (still linear, slower) when emptying it does not pay.
 */
export const PATTERN_STATE_BYTES = 256 * 1024;

/**
 * Two settings RE2JS 2.10.0 does not expose, set on its internals (the version is pinned; if a later
 * one renames them, this does nothing and only speed or memory changes, never an answer):
 * - PERFORMANCE NOTE: for a pattern anchored at the start, `test()` uses the one-pass matcher, which
 *   tracks captures and allocates per call (~3× slower than the DFA on the anchored email pattern of
 *   bench/regex.ts). Both are exact and linear, so the one-pass program is dropped.
 * - the DFA's state cache is bounded by {@link PATTERN_STATE_BYTES}.
 */
function tuneEngine(program: RE2JS): void {
  const re2 = program.re2() as unknown as { onepass?: unknown; prog?: unknown; lazyDFA?: unknown; dfa?: { constructor: new (prog: unknown, maxMem: number) => unknown } };
  if (re2 === null || typeof re2 !== 'object') return;
  if ('onepass' in re2) re2.onepass = null;
  const dfa = re2.dfa;
  if ('lazyDFA' in re2 && dfa !== null && typeof dfa === 'object' && 'maxMem' in dfa) re2.lazyDFA = new dfa.constructor(re2.prog, PATTERN_STATE_BYTES);
}

/** Why `source` cannot be a `matches` pattern, or null when it can. */
export function patternProblem(source: string): string | null {
  try {
    compilePattern(source);
    return null;
  } catch (e) {
    if (e instanceof PatternRefusal) return e.message;
    return `cannot be compiled: ${e instanceof Error ? e.message : String(e)}`;
  }
}
