import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFlag, createEvaluator, ERROR_CODES, EVALUATION_REASONS, type EvaluableFlag, type EvaluationContext, type EvaluationResult } from '../../src/index';
import type { CompiledFlagImpl } from '../../src/evaluation/compiled-flag';
import { toContextObject } from '../../src/evaluation/context-access';
import { evaluateFlag } from '../../src/evaluation/evaluate-flag';
import { context, FLAG_KEYS, ruleSet, SEGMENT_KEYS } from './arbitraries';

function expectWellFormed(result: EvaluationResult<unknown>): void {
  expect(EVALUATION_REASONS).toContain(result.reason);
  if (result.reason === 'ERROR') expect(ERROR_CODES).toContain(result.errorCode);
  else expect(result.errorCode).toBeUndefined();
  expect(result.variant === undefined).toBe(result.variationIndex === undefined);
}

describe('evaluation never throws', () => {
  it('for structurally valid flags and arbitrary contexts', () => {
    fc.assert(
      fc.property(ruleSet, fc.array(context, { minLength: 1, maxLength: 4 }), (rules, contexts) => {
        const evaluator = createEvaluator(rules);
        for (const ctx of contexts)
          for (const key of [...FLAG_KEYS, 'unknown']) {
            const result = evaluator.evaluate(key, ctx as EvaluationContext);
            expectWellFormed(result);
            if (result.variationIndex !== undefined) {
              const flag = rules.flags.find((f) => f.key === key);
              expect(result.value).toEqual(flag?.variations[result.variationIndex]?.value);
            }
            expectWellFormed(evaluator.evaluateTyped(key, ctx as EvaluationContext, 'boolean', false));
            // The engine itself must not lean on the entry point's safety net: call it without one.
            const compiled = evaluator.get(key) as CompiledFlagImpl | undefined;
            if (compiled !== undefined) expect(evaluateFlag(compiled, toContextObject(ctx), (k) => evaluator.get(k), undefined)).toBe(result);
          }
      }),
      { numRuns: 300 },
    );
  });

  it('for patches applied in any order', () => {
    fc.assert(
      fc.property(ruleSet, ruleSet, context, (first, second, ctx) => {
        const evaluator = createEvaluator(first);
        for (const segment of second.segments) evaluator.upsertSegment(segment);
        for (const key of SEGMENT_KEYS.slice(1)) evaluator.deleteSegment(key);
        for (const flag of second.flags.slice(2)) evaluator.upsertFlag(flag);
        evaluator.deleteFlag('f0');
        for (const key of FLAG_KEYS) expectWellFormed(evaluator.evaluate(key, ctx as EvaluationContext));
      }),
      { numRuns: 100 },
    );
  });

  it('for anything passed as a flag', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 3, withBigInt: true, withNullPrototype: true }), context, (flag, ctx) => {
        const compiled = compileFlag(flag as EvaluableFlag, new Map());
        expectWellFormed(compiled.evaluate(ctx as EvaluationContext));
      }),
      { numRuns: 300 },
    );
  });
});
