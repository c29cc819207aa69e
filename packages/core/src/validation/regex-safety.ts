import { patternProblem } from '../pattern/compile-pattern';

/**
 * Whether a `matches` pattern can be stored and run: null when it can, else the reason, phrased to
 * follow the pattern ("is longer than 256 characters", "uses a backreference, …").
 *
 * Patterns are ECMAScript regular expressions (`u` flag), run by a linear-time engine (see
 * `pattern/compile-pattern.ts`), so no pattern can stall an evaluation whatever the input. What
 * that engine cannot run is refused here, at save time, and again by the SDKs when they compile a
 * flag: lookarounds, backreferences, repetition counts above 1,000, lone surrogates, Unicode
 * properties other than general categories and scripts, and patterns too large once their
 * repetitions are expanded. This is the same compilation evaluation uses, so whatever is accepted
 * here runs.
 */
export function checkRegexSafety(pattern: string): string | null {
  return patternProblem(pattern);
}
