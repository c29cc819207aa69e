import { describe, expect, it } from 'vitest';
import { createEvaluator, type EvaluationContext } from '../packages/core/src/index';
import { caseContext, comparableResult, loadEvaluationFixtures } from './support/fixtures';

const files = loadEvaluationFixtures();

describe('shared evaluation fixtures', () => {
  it('hold at least 100 cases', () => {
    expect(files.reduce((n, f) => n + f.cases.length, 0)).toBeGreaterThanOrEqual(100);
  });
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
  });
}
