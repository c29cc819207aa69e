import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEvaluator, OPERATORS, type Clause, type EvaluationContext } from '../../src/index';
import { ATTRIBUTES, attributeValue, clauseValue, PROTOTYPE_NAMES } from './arbitraries';
import { booleanFlag } from './helpers';

/** Attributes without the key/targetingKey fallback, so that "missing" means missing. */
const NAMES = ATTRIBUTES.filter((n) => n !== 'key' && n !== 'targetingKey');

const clause = fc.record({
  attribute: fc.constantFrom(...NAMES),
  op: fc.constantFrom(...OPERATORS.filter((op) => op !== 'segmentMatch')),
  values: fc.array(clauseValue, { maxLength: 4 }),
  negate: fc.boolean(),
});

/** A context of plain JSON attributes (own properties), none of them named `missing`. */
const contextWithout = (missing: string): fc.Arbitrary<Record<string, unknown>> =>
  fc.dictionary(fc.constantFrom(...ATTRIBUTES.filter((n) => n !== missing)), attributeValue, { maxKeys: 5 });

describe('a missing attribute never matches, negated or not', () => {
  for (const [way, options] of [['closures', { codegen: false }], ['rule chains', { codegenAfter: 0 }]] as const) {
    it(`for any clause on an attribute the context lacks, names inherited from Object.prototype included (${way})`, () => {
      let prototypeNamed = 0;
      fc.assert(
        fc.property(
          clause.chain((c) => fc.tuple(fc.constant(c as Clause), contextWithout(c.attribute))),
          ([c, ctx]) => {
            if (PROTOTYPE_NAMES.includes(c.attribute as string)) prototypeNamed++;
            const evaluator = createEvaluator({ flags: [booleanFlag('f', { rules: [{ clauses: [c], serve: { variation: 1 } }] })], segments: [] }, options);
            const result = evaluator.evaluate('f', ctx as EvaluationContext);
            expect(result.ruleIndex, JSON.stringify(c)).toBeUndefined();
          },
        ),
        { numRuns: 1_000 },
      );
      expect(prototypeNamed).toBeGreaterThan(100);
    });
  }
});
