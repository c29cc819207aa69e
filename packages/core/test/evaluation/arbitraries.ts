import fc from 'fast-check';
import { OPERATORS, VARIATION_TYPES, type EvaluableFlag, type Segment } from '../../src/index';

/** Random rule sets and contexts for the evaluation properties (never-throws, rule-chain). */
export const FLAG_KEYS = ['f0', 'f1', 'f2', 'f3', 'f4'];
export const SEGMENT_KEYS = ['s0', 's1', 's2'];
/** Attribute names, including names every object inherits from Object.prototype (a context lacks them unless it has them as its own). */
export const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'];
export const ATTRIBUTES = ['key', 'targetingKey', 'country', 'tier', 'email', 'version', 'at', 'groups', ...PROTOTYPE_NAMES];

/**
 * `matches` patterns a backtracking engine takes exponential or polynomial time on (against the
 * long strings of {@link LONG_STRINGS}), and patterns outside the supported subset.
 */
export const HOSTILE_PATTERNS = ['.*a.*b', '(a+)+$', '(a|aa)+$', '\\w+\\s*\\w+=', '^(\\w+\\s?)*$', '.*Mozilla.*Chrome.*Safari.*Mobile', '(.*a){12}', '(?=a)a', '(a)\\1', 'a{1001}', '^\\s$', '.'];
/** Attribute values as long as a context may carry to `matches` (4,096), and one longer. */
export const LONG_STRINGS = ['a'.repeat(4_096), `${'a'.repeat(4_095)}!`, 'Mozilla Chrome Safari '.repeat(186), `${'word '.repeat(819)}!`, 'a'.repeat(4_097)];

/** Clause values likely to exercise every operator: patterns, dates, versions, segment keys. */
export const clauseValue = fc.oneof(
  fc.constantFrom('NL', 'a', '', '^a', '(', '(a+)+', '[', '1.2.3', 'v2', '1.0.0-rc.1', 'x.y', '2024-01-01', '2024-01-01T00:00:00Z', 'nope', ...SEGMENT_KEYS),
  fc.constantFrom(...HOSTILE_PATTERNS),
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
);

const clause = fc.record(
  {
    attribute: fc.constantFrom(...ATTRIBUTES),
    op: fc.constantFrom(...OPERATORS),
    values: fc.array(clauseValue, { maxLength: 4 }),
    negate: fc.boolean(),
  },
  { requiredKeys: ['attribute', 'op', 'values'] },
);

const variationIndex = fc.integer({ min: -1, max: 4 });
const rollout = fc.record(
  {
    bucketBy: fc.constantFrom(...ATTRIBUTES),
    salt: fc.string({ minLength: 1, maxLength: 6 }),
    variations: fc.array(fc.record({ variation: variationIndex, weight: fc.oneof(fc.constant(50_000), fc.constant(100_000), fc.nat(100_000)) }), { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ['variations'] },
);
const serve = fc.oneof(fc.record({ variation: variationIndex }), fc.record({ rollout }));

const flagArbitrary = (key: string): fc.Arbitrary<EvaluableFlag> =>
  fc.record({
    key: fc.constant(key),
    type: fc.constant('release' as const),
    variationType: fc.constantFrom(...VARIATION_TYPES),
    variations: fc.array(fc.record({ name: fc.string({ minLength: 1, maxLength: 4 }), value: fc.jsonValue({ maxDepth: 2 }) }), { minLength: 1, maxLength: 4 }),
    offVariation: variationIndex,
    clientSide: fc.boolean(),
    enabled: fc.boolean(),
    killed: fc.option(fc.constant({ by: 'a', at: '2025-01-01T00:00:00Z', reason: 'r' }), { freq: 4 }),
    targets: fc.array(fc.record({ variation: variationIndex, values: fc.array(fc.constantFrom('u1', 'u2', 'NL'), { maxLength: 3 }) }), { maxLength: 2 }),
    rules: fc.array(fc.record({ id: fc.option(fc.string({ maxLength: 4 }), { nil: undefined }), clauses: fc.array(clause, { maxLength: 3 }), serve }), { maxLength: 3 }),
    fallthrough: serve,
    prerequisites: fc.array(fc.record({ flag: fc.constantFrom(...FLAG_KEYS, 'missing'), variation: variationIndex }), { maxLength: 2 }),
    version: fc.nat(),
  }) as fc.Arbitrary<EvaluableFlag>;

const segmentArbitrary = (key: string): fc.Arbitrary<Segment> =>
  fc.record({
    key: fc.constant(key),
    name: fc.constant(key),
    description: fc.constant(''),
    included: fc.array(fc.constantFrom('u1', 'u2'), { maxLength: 2 }),
    excluded: fc.array(fc.constantFrom('u1', 'u3'), { maxLength: 2 }),
    rules: fc.array(fc.record({ clauses: fc.array(clause, { maxLength: 2 }) }), { maxLength: 2 }),
    version: fc.constant(1),
  });

export const ruleSet = fc.record({
  flags: fc.tuple(...FLAG_KEYS.map(flagArbitrary)),
  segments: fc.subarray(SEGMENT_KEYS).chain((keys) => fc.tuple(...keys.map(segmentArbitrary))),
});

export const attributeValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('u1', 'NL', '1.2.3', '2024-01-01', 'a'.repeat(5000), NaN, Infinity, -0, 2 ** 60),
  fc.constantFrom(...LONG_STRINGS),
  fc.anything({ maxDepth: 2, withBigInt: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withNullPrototype: true }),
);
export const context = fc.oneof(
  fc.dictionary(fc.constantFrom(...ATTRIBUTES), attributeValue, { maxKeys: 5 }),
  fc.anything({ maxDepth: 2, withBigInt: true, withNullPrototype: true }),
);
