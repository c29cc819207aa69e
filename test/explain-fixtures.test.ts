import { describe, expect, it } from 'vitest';
import { createEvaluator, type EvaluationContext, type EvaluationTrace } from '../packages/core/src/index';
import { caseContext, comparableResult, loadEvaluationFixtures } from './support/fixtures';

const files = loadEvaluationFixtures();

/**
 * Checks that a trace names what decided its result: the step agrees with the result's reason, a
 * matched rule is the result's rule with every clause matched, and every rule passed over names the
 * clause that failed.
 */
function expectDecidingStep(trace: EvaluationTrace): void {
  const { result, decision } = trace;
  expect(decision.message.length).toBeGreaterThan(0);
  switch (result.reason) {
    case 'DISABLED':
      expect(decision.step).toBe(result.killed === true ? 'killed' : 'off');
      break;
    case 'PREREQUISITE_FAILED': {
      expect(decision.step).toBe('prerequisite');
      const last = trace.prerequisites?.at(-1);
      expect(last?.flag).toBe(decision.prerequisite);
      expect(last?.met).toBe(false);
      break;
    }
    case 'TARGETING_MATCH':
    case 'SPLIT':
      if (result.ruleIndex !== undefined) {
        expect(decision).toMatchObject({ step: 'rule', ruleIndex: result.ruleIndex });
        const rule = trace.rules?.[result.ruleIndex];
        expect(rule?.matched).toBe(true);
        expect(rule?.reached).toBe(true);
        expect(rule?.clauses.every((c) => c.matched)).toBe(true);
        expect(trace.rules?.slice(0, result.ruleIndex).every((r) => !r.matched && r.failedClause !== undefined)).toBe(true);
        if (result.reason === 'SPLIT') expect(rule?.serve).toMatchObject({ kind: 'rollout', chosen: expect.any(Number) });
      } else if (result.reason === 'TARGETING_MATCH') {
        expect(decision.step).toBe('target');
        expect(trace.targets?.matched).toBe(true);
      } else {
        expect(decision.step).toBe('fallthrough');
        expect(trace.fallthrough).toMatchObject({ kind: 'rollout', chosen: expect.any(Number) });
      }
      if (result.reason === 'SPLIT') {
        const serve = result.ruleIndex !== undefined ? trace.rules?.[result.ruleIndex]?.serve : trace.fallthrough;
        if (serve?.kind !== 'rollout') throw new Error('a SPLIT without a rollout trace');
        const range = serve.ranges[serve.chosen as number];
        expect(serve.bucket).toBeGreaterThanOrEqual(range?.from as number);
        expect(serve.bucket).toBeLessThan(range?.to as number);
        expect(range?.variant).toBe(result.variant);
      }
      break;
    case 'DEFAULT':
    case 'STATIC':
      expect(decision.step).toBe('fallthrough');
      expect(trace.rules?.every((r) => !r.matched && r.failedClause !== undefined)).toBe(true);
      break;
    case 'ERROR':
      expect(['not-found', 'problem', 'prerequisite', 'rule', 'fallthrough']).toContain(decision.step);
      if (decision.step === 'problem') expect(trace.problem).not.toBeNull();
      break;
  }
}

for (const [mode, options] of [
  ['closures', { codegen: false }],
  ['rule chains', { codegenAfter: 0 }],
] as const) {
  describe(`explain agrees with evaluate on every shared fixture (${mode})`, () => {

    for (const file of files) {
      describe(file.file, () => {
        const evaluator = createEvaluator({ flags: file.flags, segments: file.segments }, options);
        for (const c of file.cases) {
          it(c.name, () => {
            const context = caseContext(c) as EvaluationContext;
            const before = evaluator.evaluate(c.flag, context);
            const trace = evaluator.explain(c.flag, context);
            // The very object evaluation returns (results are preallocated per flag), before and after explaining.
            expect(trace.result).toBe(before);
            expect(evaluator.evaluate(c.flag, context)).toBe(trace.result);
            if (c.expectedType === undefined) expect(comparableResult(trace.result)).toEqual(c.expected);
            expectDecidingStep(trace);
            // Plain JSON, as the explain endpoint sends it.
            expect(JSON.parse(JSON.stringify(trace))).toEqual(JSON.parse(JSON.stringify(trace)));
            expect(() => JSON.stringify(trace)).not.toThrow();
          });
        }
      });
    }
  });
}

describe('explain', () => {
  const evaluator = createEvaluator({
    segments: [{ key: 'beta', name: 'Beta', description: '', version: 1, included: ['ann'], excluded: ['bob'], rules: [{ clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }] }] }],
    flags: [
      {
        key: 'checkout',
        version: 4,
        variationType: 'string',
        variations: [
          { name: 'old', value: 'old' },
          { name: 'new', value: 'new' },
        ],
        offVariation: 0,
        enabled: true,
        killed: false,
        clientSide: false,
        prerequisites: [{ flag: 'platform', variation: 1 }],
        targets: [{ variation: 1, values: ['vip'] }],
        rules: [
          { id: 'nordics', clauses: [{ attribute: 'country', op: 'in', values: ['NO', 'SE'] }, { attribute: 'age', op: 'gte', values: [18] }], serve: { variation: 1 } },
          { id: 'beta', clauses: [{ attribute: 'segment', op: 'segmentMatch', values: ['beta'] }], serve: { rollout: { variations: [{ variation: 0, weight: 50_000 }, { variation: 1, weight: 50_000 }] } } },
        ],
        fallthrough: { variation: 0 },
      },
      {
        key: 'platform',
        version: 2,
        variationType: 'boolean',
        variations: [
          { name: 'off', value: false },
          { name: 'on', value: true },
        ],
        offVariation: 0,
        enabled: true,
        killed: false,
        clientSide: false,
        rules: [{ id: 'no-legacy', clauses: [{ attribute: 'legacy', op: 'in', values: [true] }], serve: { variation: 0 } }],
        fallthrough: { variation: 1 },
      },
    ] as never,
  });

  it('records every clause with the value it saw, and names the clause that failed', () => {
    const trace = evaluator.explain('checkout', { key: 'carl', country: 'NO', age: 16 });
    expect(trace.decision).toMatchObject({ step: 'fallthrough' });
    expect(trace.prerequisites).toMatchObject([{ flag: 'platform', met: true, servedVariant: 'on', requiredVariant: 'on' }]);
    expect(trace.targets).toEqual({ key: 'carl', configured: true, matched: false });
    expect(trace.rules?.[0]).toMatchObject({
      id: 'nordics',
      matched: false,
      failedClause: 1,
      clauses: [
        { attribute: 'country', op: 'in', values: ['NO', 'SE'], seen: 'NO', matched: true, missing: false },
        { attribute: 'age', op: 'gte', values: [18], seen: 16, matched: false },
      ],
    });
    expect(trace.rules?.[1]?.clauses[0]).toMatchObject({ op: 'segmentMatch', matched: false, segments: [{ key: 'beta', included: false, excluded: false, member: false }] });
  });

  it('traces segment decisions and the bucket against the rollout ranges', () => {
    const included = evaluator.explain('checkout', { key: 'ann' });
    expect(included.decision).toMatchObject({ step: 'rule', ruleIndex: 1, ruleId: 'beta' });
    expect(included.rules?.[1]?.clauses[0]?.segments).toEqual([{ key: 'beta', included: true, excluded: false, rules: [], member: true }]);
    const serve = included.rules?.[1]?.serve;
    expect(serve).toMatchObject({ kind: 'rollout', bucketBy: 'key', salt: 'checkout', input: 'ann', ranges: [{ variant: 'old', from: 0, to: 50_000 }, { variant: 'new', from: 50_000, to: 100_000 }] });
    expect(included.result).toBe(evaluator.evaluate('checkout', { key: 'ann' }));

    const excluded = evaluator.explain('checkout', { key: 'bob', plan: 'pro' });
    expect(excluded.rules?.[1]?.clauses[0]?.segments?.[0]).toMatchObject({ excluded: true, member: false, rules: [] });

    const byRule = evaluator.explain('checkout', { key: 'dan', plan: 'pro' });
    expect(byRule.rules?.[1]?.clauses[0]?.segments?.[0]).toMatchObject({ member: true, rules: [{ index: 0, matched: true, clauses: [{ attribute: 'plan', seen: 'pro', matched: true }] }] });
  });

  it('explains targets, failed prerequisites, kills, unknown flags and missing attributes', () => {
    expect(evaluator.explain('checkout', { key: 'vip' }).decision).toMatchObject({ step: 'target' });
    const failed = evaluator.explain('checkout', { key: 'eve', legacy: true });
    expect(failed.decision).toMatchObject({ step: 'prerequisite', prerequisite: 'platform' });
    expect(failed.prerequisites?.[0]).toMatchObject({ met: false, servedVariant: 'off', trace: { decision: { step: 'rule', ruleId: 'no-legacy' } } });
    expect(failed.rules).toBeNull();
    expect(evaluator.explain('nope', {}).decision.step).toBe('not-found');
    const missing = evaluator.explain('checkout', { key: 'fay' });
    expect(missing.rules?.[0]?.clauses[0]).toMatchObject({ missing: true, matched: false });
    expect(missing.rules?.[0]?.clauses[0]).not.toHaveProperty('seen');
  });

  it('never throws, whatever the context', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    for (const context of [null, undefined, 'text', [1, 2], hostile, { key: 7, country: { nested: true } }, { key: 'x'.repeat(10_000) }])
      expect(evaluator.explain('checkout', context as never).result).toBe(evaluator.evaluate('checkout', context as never));
  });
});
