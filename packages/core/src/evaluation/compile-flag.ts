import type { EvaluableFlag } from '../model/evaluable-flag';
import type { Segment } from '../model/segment';
import type { Matcher } from './compile-clause';
import { compileSegment } from './compile-segment';
import { CompiledFlagImpl, type CompiledFlag } from './compiled-flag';
import { RuleChainBudget, ruleChainSettings, type RuleChainOptions } from './rule-chain-code';

/**
 * Compiles a flag, now, for fast evaluation: rules become closures, `in` lists Sets, patterns
 * RegExps, versions and dates are parsed, targets become a Map from context key to result, and every
 * result is preallocated. (An evaluator defers this work to each flag's first evaluation.)
 *
 * Never throws. A flag that cannot be compiled (an out-of-range variation, an unknown or broken
 * segment, an unparsable or unsafe pattern, a malformed shape) compiles to one that evaluates to its
 * offVariation with reason ERROR and errorCode GENERAL (PARSE_ERROR for clause values that do not
 * parse); its `problem` says why. Killed and disabled flags still report DISABLED.
 *
 * @param flag - the flag; it is kept as `source` and must not be modified afterwards.
 * @param segments - the environment's segments by key; only the referenced ones are compiled.
 * @param options - whether and when its rules become generated code (as an evaluator's options).
 */
export function compileFlag(flag: EvaluableFlag, segments: ReadonlyMap<string, Segment>, options: RuleChainOptions = {}): CompiledFlag {
  const compiled = new Map<string, Matcher>();
  const budget = new RuleChainBudget(ruleChainSettings(options));
  const flagImpl = new CompiledFlagImpl(
    flag,
    (key) => {
      let matcher = compiled.get(key);
      if (matcher === undefined) {
        const segment = segments.get(key);
        if (segment === undefined) return undefined;
        matcher = compileSegment(segment, budget).matcher;
        compiled.set(key, matcher);
      }
      return matcher;
    },
    budget,
  );
  flagImpl.compile();
  return flagImpl;
}
