import type { Clause, Operator } from '../model/clause';
import { LIMITS } from '../model/limits';
import { compilePattern, type PatternTest } from '../pattern/compile-pattern';
import { PatternRefusal } from '../pattern/parse-pattern';
import { CompileError } from './compile-problem';
import { readAttribute, readKey, type ContextObject } from './context-access';
import { toEpochMillis } from './dates';
import { comparePlainVersion, compareSemver, parseSemver, scanPlainVersion, type SemVer } from './semver';

/** A compiled clause or rule: does the context match? Never throws for any context object. */
export type Matcher = (ctx: ContextObject) => boolean;

/** Test of one (non-null, non-array) attribute value against the clause's values. */
export type ValueTest = (value: unknown) => boolean;

/**
 * Resolves a segment key to its membership test: undefined when no such segment exists; throws
 * {@link CompileError} when the segment exists but cannot be compiled.
 */
export type SegmentResolver = (key: string) => Matcher | undefined;

/**
 * What a compiled clause does, before it is made a {@link Matcher}: either the generic attribute
 * shape (read `attribute`; missing never matches; an array matches when any element passes `test`;
 * then `negate`), or a matcher of its own (segmentMatch). Rule chains made into code
 * (rule-chain-code.ts) read the plan; {@link clauseMatcher} makes the closure everything else runs.
 */
export type ClausePlan =
  | { readonly kind: 'attribute'; readonly attribute: string; readonly test: ValueTest; readonly negate: boolean }
  | { readonly kind: 'matcher'; readonly matcher: Matcher; readonly segments: readonly SegmentRef[] };

/** A segment a segmentMatch clause tests: its key and membership test (explain traces it). */
export interface SegmentRef {
  readonly key: string;
  readonly matcher: Matcher;
}

/**
 * Compiles a clause to its plan (made a matcher by {@link clauseMatcher}): value lists become Sets,
 * patterns compiled tests, versions and dates are parsed once. Throws {@link CompileError} for values the
 * operator cannot use (the server rejects them at save time; an SDK that still receives one makes
 * the flag an ERROR rather than guess).
 *
 * @param segments - resolves segmentMatch values; omit inside segments, whose rules cannot nest them.
 */
export function compileClausePlan(clause: Clause, segments: SegmentResolver | undefined): ClausePlan {
  const negate = clause.negate === true;
  if (clause.op === 'segmentMatch') {
    const refs = segmentRefs(clause, segments);
    return { kind: 'matcher', matcher: segmentMatch(refs, negate), segments: refs };
  }
  const attribute = clause.attribute;
  if (typeof attribute !== 'string') throw new CompileError('GENERAL', 'clause attribute must be a string');
  // notIn is `in` inverted: "matches none of the values" (for an array: no element is in them).
  if (clause.op === 'notIn') return { kind: 'attribute', attribute, test: inTest(clause.values), negate: !negate };
  return { kind: 'attribute', attribute, test: valueTest(clause.op, clause.values), negate };
}

/** The closure that runs a clause's plan. */
export function clauseMatcher(plan: ClausePlan): Matcher {
  return plan.kind === 'matcher' ? plan.matcher : attributeMatcher(plan.attribute, plan.test, plan.negate);
}

/**
 * The generic clause shape: read the attribute; missing (undefined or null) never matches, negated
 * or not; an array matches when any element does; then negate.
 */
function attributeMatcher(attribute: string, test: ValueTest, negate: boolean): Matcher {
  const isKey = attribute === 'key';
  return (ctx) => {
    const value = isKey ? readKey(ctx) : readAttribute(ctx, attribute);
    if (value === undefined || value === null) return false;
    return (typeof value === 'object' && isArray(value) ? anyElement(value as unknown[], test) : test(value)) !== negate;
  };
}

/** `Array.isArray`, which throws on a revoked Proxy: that reads as "not an array". */
export function isArray(value: object): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

/** Whether any element of an array attribute passes `test` (missing and nested arrays never do). Never throws. */
export function anyElement(values: readonly unknown[], test: ValueTest): boolean {
  try {
    const n = values.length;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v !== undefined && v !== null && !Array.isArray(v) && test(v)) return true;
    }
  } catch {
    // A Proxy array whose traps throw: treat what could not be read as not matching.
  }
  return false;
}

function valueTest(op: Exclude<Operator, 'notIn' | 'segmentMatch'>, values: readonly unknown[]): ValueTest {
  switch (op) {
    case 'in':
      return inTest(values);
    case 'startsWith': {
      const prefixes = stringValues(op, values);
      return (v) => {
        if (typeof v !== 'string') return false;
        for (let i = 0; i < prefixes.length; i++) if (v.startsWith(prefixes[i] as string)) return true;
        return false;
      };
    }
    case 'endsWith': {
      const suffixes = stringValues(op, values);
      return (v) => {
        if (typeof v !== 'string') return false;
        for (let i = 0; i < suffixes.length; i++) if (v.endsWith(suffixes[i] as string)) return true;
        return false;
      };
    }
    case 'contains': {
      const parts = stringValues(op, values);
      return (v) => {
        if (typeof v !== 'string') return false;
        for (let i = 0; i < parts.length; i++) if (v.includes(parts[i] as string)) return true;
        return false;
      };
    }
    case 'matches': {
      const patterns = stringValues(op, values).map(compileRegex);
      if (patterns.length === 1) {
        const only = patterns[0] as PatternTest;
        return (v) => typeof v === 'string' && v.length <= LIMITS.regexInputLength && only(v);
      }
      return (v) => {
        if (typeof v !== 'string' || v.length > LIMITS.regexInputLength) return false;
        for (let i = 0; i < patterns.length; i++) if ((patterns[i] as PatternTest)(v)) return true;
        return false;
      };
    }
    // "matches any value" for an order is "is below the largest / above the smallest value".
    case 'lt': {
      const max = Math.max(...numberValues(op, values));
      return (v) => typeof v === 'number' && v < max;
    }
    case 'lte': {
      const max = Math.max(...numberValues(op, values));
      return (v) => typeof v === 'number' && v <= max;
    }
    case 'gt': {
      const min = Math.min(...numberValues(op, values));
      return (v) => typeof v === 'number' && v > min;
    }
    case 'gte': {
      const min = Math.min(...numberValues(op, values));
      return (v) => typeof v === 'number' && v >= min;
    }
    case 'before': {
      const max = Math.max(...dateValues(op, values));
      return (v) => {
        const t = toEpochMillis(v);
        return t !== undefined && t < max;
      };
    }
    case 'after': {
      const min = Math.min(...dateValues(op, values));
      return (v) => {
        const t = toEpochMillis(v);
        return t !== undefined && t > min;
      };
    }
    // Versions are compared without parsing into objects when they are plain releases
    // (scanPlainVersion, the common case); anything else goes through the full parser.
    case 'semverEq': {
      const versions = semverValues(op, values);
      return (v) => {
        if (typeof v !== 'string') return false;
        if (scanPlainVersion(v)) {
          for (let i = 0; i < versions.length; i++) if (comparePlainVersion(versions[i] as SemVer) === 0) return true;
          return false;
        }
        const sv = parseSemver(v);
        if (sv === null) return false;
        for (let i = 0; i < versions.length; i++) if (compareSemver(sv, versions[i] as SemVer) === 0) return true;
        return false;
      };
    }
    case 'semverLt': {
      const versions = semverValues(op, values);
      const max = versions.reduce<SemVer | null>((m, w) => (m === null || compareSemver(w, m) > 0 ? w : m), null);
      return (v) => max !== null && typeof v === 'string' && compareVersion(v, max) < 0;
    }
    case 'semverGt': {
      const versions = semverValues(op, values);
      const min = versions.reduce<SemVer | null>((m, w) => (m === null || compareSemver(w, m) < 0 ? w : m), null);
      return (v) => min !== null && typeof v === 'string' && compareVersion(v, min) > 0;
    }
    default: {
      const unknown: never = op;
      throw new CompileError('GENERAL', `unknown operator ${String(unknown)}`);
    }
  }
}

/** compareSemver of a version string with `b`; NaN (every comparison false) when it is not a version. */
function compareVersion(v: string, b: SemVer): number {
  if (scanPlainVersion(v)) return comparePlainVersion(b);
  const sv = parseSemver(v);
  return sv === null ? Number.NaN : compareSemver(sv, b);
}

/** Up to this many strings, `in` compares with each rather than looking up a Set. */
const SHORT_LIST = 8;

/** Strict equality with any value, per type: "1" never equals 1. */
function inTest(values: readonly unknown[]): ValueTest {
  if (!Array.isArray(values)) throw new CompileError('GENERAL', 'clause values must be a list');
  const strings = new Set<string>();
  const numbers = new Set<number>();
  let hasTrue = false;
  let hasFalse = false;
  for (const v of values) {
    if (typeof v === 'string') strings.add(v);
    else if (typeof v === 'number') numbers.add(v);
    else if (v === true) hasTrue = true;
    else if (v === false) hasFalse = true;
  }
  if (numbers.size === 0 && !hasTrue && !hasFalse) {
    // A short list of strings: comparing with each beats hashing the attribute for a Set lookup.
    if (strings.size <= SHORT_LIST) {
      const list = [...strings];
      return (v) => {
        if (typeof v !== 'string') return false;
        for (let i = 0; i < list.length; i++) if (list[i] === v) return true;
        return false;
      };
    }
    return (v) => typeof v === 'string' && strings.has(v);
  }
  return (v) => {
    switch (typeof v) {
      case 'string':
        return strings.has(v);
      case 'number':
        return numbers.has(v);
      case 'boolean':
        return v ? hasTrue : hasFalse;
      default:
        return false;
    }
  };
}

function typedValues<T>(op: Operator, values: readonly unknown[], convert: (v: unknown) => T | undefined, what: string): T[] {
  if (!Array.isArray(values)) throw new CompileError('GENERAL', 'clause values must be a list');
  return values.map((v) => {
    const converted = convert(v);
    if (converted === undefined) throw new CompileError('PARSE_ERROR', `${op} value ${JSON.stringify(v)} is not ${what}`);
    return converted;
  });
}

function stringValues(op: Operator, values: readonly unknown[]): string[] {
  return typedValues(op, values, (v) => (typeof v === 'string' ? v : undefined), 'a string');
}

function numberValues(op: Operator, values: readonly unknown[]): number[] {
  return typedValues(op, values, (v) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined), 'a number');
}

function dateValues(op: Operator, values: readonly unknown[]): number[] {
  return typedValues(op, values, toEpochMillis, 'an ISO 8601 date or epoch milliseconds');
}

function semverValues(op: Operator, values: readonly unknown[]): SemVer[] {
  return typedValues(op, values, (v) => parseSemver(v) ?? undefined, 'a semantic version');
}

/**
 * Patterns are ECMAScript regular expressions with the `u` flag, unanchored, run in time linear in
 * the input (pattern/compile-pattern.ts). A pattern the server would refuse at save time is a
 * PARSE_ERROR here, so an SDK never runs one it cannot run safely.
 */
function compileRegex(pattern: string): PatternTest {
  try {
    return compilePattern(pattern);
  } catch (e) {
    const why = e instanceof PatternRefusal ? e.message : `cannot be compiled: ${e instanceof Error ? e.message : String(e)}`;
    throw new CompileError('PARSE_ERROR', `matches pattern ${JSON.stringify(pattern)} ${why}`);
  }
}

function segmentRefs(clause: Clause, segments: SegmentResolver | undefined): SegmentRef[] {
  if (segments === undefined) throw new CompileError('GENERAL', 'segment rules cannot use segmentMatch');
  return stringValues('segmentMatch', clause.values).map((key) => {
    const matcher = segments(key);
    if (matcher === undefined) throw new CompileError('GENERAL', `segment "${key}" does not exist`);
    return { key, matcher };
  });
}

function segmentMatch(refs: readonly SegmentRef[], negate: boolean): Matcher {
  const matchers = refs.map((r) => r.matcher);
  return (ctx) => {
    let inAny = false;
    for (let i = 0; i < matchers.length && !inAny; i++) inAny = (matchers[i] as Matcher)(ctx);
    return inAny !== negate;
  };
}
