import { describe, expect, it } from 'vitest';
import { createEvaluator, type EvaluationContext, type EvaluatorOptions } from '../packages/core/src/index';
import type { CompiledFlagImpl } from '../packages/core/src/evaluation/compiled-flag';
import { caseContext, comparableResult, loadEvaluationFixtures } from './support/fixtures';

const files = loadEvaluationFixtures();

describe('shared evaluation fixtures', () => {
  it('hold at least 100 cases', () => {
    expect(files.reduce((n, f) => n + f.cases.length, 0)).toBeGreaterThanOrEqual(100);
  });
});

// Every case runs twice: with codegen off (each flag's rules as closures: how a flag is evaluated
// until it is hot, and always with `codegen: false`), and with codegen on from the first evaluation
// (the rule chain a hot flag's rules are made into, rule-chain-code.ts).
const MODES: [string, EvaluatorOptions][] = [
  ['closures (codegen: false)', { codegen: false }],
  ['rule chains (codegen on, from the first evaluation)', { codegen: true, codegenAfter: 0 }],
];
for (const [mode, options] of MODES) {
  describe(mode, () => {
    const evaluators: { evaluator: ReturnType<typeof createEvaluator>; keys: string[] }[] = [];

    for (const file of files) {
      describe(file.file, () => {
        const evaluator = createEvaluator({ flags: file.flags, segments: file.segments }, options);
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
      if (options.codegen) expect(chains.length).toBeGreaterThan(20);
      else expect(chains).toEqual([]);
    });
  });
}
