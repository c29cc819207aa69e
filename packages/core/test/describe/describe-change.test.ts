import { describe, expect, it } from 'vitest';
import { describeChanges, describeClause, describeRule, describeServe, variationNamer, weightPercent } from '../../src/describe/index';

const names = variationNamer(['off', 'on']);

describe('describing targeting in words', () => {
  it('reads weights as percentages and variations by name', () => {
    expect(weightPercent(75_000)).toBe('75%');
    expect(weightPercent(12_345)).toBe('12.345%');
    expect(describeServe({ rollout: { variations: [{ variation: 1, weight: 75_000 }, { variation: 0, weight: 25_000 }], bucketBy: 'org' } }, names)).toBe('roll out "on" 75%, "off" 25% by org');
    expect(describeServe({ variation: 3 }, names)).toBe('serve variation 3');
  });

  it('reads a rule as a sentence, negation and segments included', () => {
    expect(describeClause({ attribute: 'plan', op: 'in', values: ['free'], negate: true })).toBe('not plan is one of free');
    expect(describeClause({ attribute: 'key', op: 'segmentMatch', values: ['beta'] })).toBe('context is in segment beta');
    expect(describeRule({ description: 'Nordics', clauses: [{ attribute: 'country', op: 'in', values: ['NO', 'SE'] }, { attribute: 'age', op: 'gte', values: [18] }], serve: { variation: 1 } }, names)).toBe(
      'Nordics: if country is one of NO, SE and age ≥ 18, serve "on"',
    );
  });
});

describe('describeChanges', () => {
  it('describes an audit entry of a config: a rollout moved from 90% to 75%, a rule added, turned on', () => {
    const before = { enabled: false, version: 3, targets: [], rules: [], fallthrough: { rollout: { variations: [{ variation: 1, weight: 90_000 }, { variation: 0, weight: 10_000 }] } } };
    const after = {
      enabled: true,
      version: 4,
      targets: [{ variation: 1, values: ['alice'] }],
      rules: [{ clauses: [{ attribute: 'country', op: 'in', values: ['NO'] }], serve: { variation: 0 } }],
      fallthrough: { rollout: { variations: [{ variation: 1, weight: 75_000 }, { variation: 0, weight: 25_000 }] } },
    };
    expect(describeChanges(before, after, [{ name: 'off' }, { name: 'on' }])).toEqual([
      { field: 'enabled', label: 'State', before: ['off'], after: ['on'] },
      { field: 'targets', label: 'Individual targets', before: ['none'], after: ['"on" to alice'] },
      { field: 'rules', label: 'Rules', before: ['none'], after: ['1. if country is one of NO, serve "off"'] },
      { field: 'fallthrough', label: 'Default rule', before: ['roll out "on" 90%, "off" 10%'], after: ['roll out "on" 75%, "off" 25%'] },
    ]);
  });

  it('names variations from a definition itself, and leaves fields without a human form to the raw diff', () => {
    const before = { name: 'A', offVariation: 0, variations: [{ name: 'small', value: 1 }, { name: 'large', value: 2 }] };
    const after = { name: 'B', offVariation: 1, variations: [{ name: 'small', value: 1 }, { name: 'large', value: 2 }] };
    expect(describeChanges(before, after)).toEqual([{ field: 'offVariation', label: 'Off variation', before: ['"small"'], after: ['"large"'] }]);
    expect(describeChanges(null, null)).toEqual([]);
  });
});
