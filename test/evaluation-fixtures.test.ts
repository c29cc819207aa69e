import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvaluator, type EvaluationContext } from '../packages/core/src/index';
import type { CompiledFlagImpl } from '../packages/core/src/evaluation/compiled-flag';
import { setRuleChainThreshold } from '../packages/core/src/evaluation/rule-chain-code';
import { caseContext, comparableResult, loadEvaluationFixtures } from './support/fixtures';

const files = loadEvaluationFixtures();

describe('shared evaluation fixtures', () => {
  it('hold at least 100 cases', () => {
    expect(files.reduce((n, f) => n + f.cases.length, 0)).toBeGreaterThanOrEqual(100);
  });
});

// Every case runs twice: with each flag's rules as closures (how a flag is evaluated until it is
// hot), and as the rule chain a hot flag's rules are made into (rule-chain-code.ts) from its first evaluation.
for (const [mode, threshold] of [
  ['closures', -1],
  ['rule chains', 0],
] as const) {
  describe(mode, () => {
    let saved: number;
    const evaluators: { evaluator: ReturnType<typeof createEvaluator>; keys: string[] }[] = [];
    beforeAll(() => {
      saved = setRuleChainThreshold(threshold);
    });
    afterAll(() => {
      setRuleChainThreshold(saved);
    });

    for (const file of files) {
      describe(file.file, () => {
        const evaluator = createEvaluator({ flags: file.flags, segments: file.segments });
        for (const c of file.cases) {
          it(c.name, () => {
            const context = caseContext(c) as EvaluationContext;
            const result =
              c.expectedType === undefined
                ? evaluator.evaluate(c.flag, context)
                : evaluator.evaluateTyped(c.flag, context, c.expectedType, c.default ?? null);
            expect(comparableResult(result)).toEqual(c.expected);
          });
        }
        evaluators.push({ evaluator, keys: file.flags.map((f) => f.key) });
      });
    }

    it(`ran the rules through ${mode}`, () => {
      const chains = evaluators.flatMap(({ evaluator, keys }) => keys.filter((key) => (evaluator.get(key) as CompiledFlagImpl | undefined)?.ruleChain));
      if (threshold === 0) expect(chains.length).toBeGreaterThan(20);
      else expect(chains).toEqual([]);
    });
  });
}
