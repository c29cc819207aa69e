import type { EnvironmentConfig } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { convertValues, forcedKind, kindOfValues, parseClauseValue } from '../src/features/targeting/clause-values';
import { buildConfig, changedConfigFields, configToDraft, moveRule, newRule, pickEdited, remapTargetPaths } from '../src/features/targeting/config-draft';
import { buildDefinition, changedDefinitionFields, definitionToDraft, pickDefinition } from '../src/features/flag-detail/definition-draft';
import { remapTargetPathString } from '../src/lib/field-path-remap';

const def = { key: 'new-checkout', variations: [{ name: 'off', value: false }, { name: 'on', value: true }] };
const config: EnvironmentConfig = {
  enabled: true,
  killed: null,
  targets: [{ variation: 1, values: ['u1', 'u2'] }],
  rules: [
    {
      id: 'r1',
      description: 'beta',
      clauses: [
        { attribute: 'key', op: 'segmentMatch', values: ['beta'] },
        { attribute: 'tier', op: 'in', values: [3, 4], negate: true },
      ],
      serve: { variation: 1 },
    },
  ],
  fallthrough: { rollout: { variations: [{ variation: 0, weight: 90_000 }, { variation: 1, weight: 10_000 }] } },
  prerequisites: [],
  version: 7,
};
const segments = new Set(['beta']);

describe('config drafts', () => {
  it('round-trip a config unchanged', () => {
    const built = buildConfig(configToDraft(config, 2), def, segments);
    expect(built).toMatchObject({ ok: true, config: pickEdited(config) });
    expect(built.ok && changedConfigFields(pickEdited(config), built.config)).toEqual({});
  });

  it('keeps targets per variation and saves only non-empty lists', () => {
    const draft = configToDraft(config, 2);
    expect(draft.targets).toEqual([[], ['u1', 'u2']]);
    draft.targets[0] = ['u9'];
    const built = buildConfig(draft, def, segments);
    expect(built.ok && built.config.targets).toEqual([
      { variation: 0, values: ['u9'] },
      { variation: 1, values: ['u1', 'u2'] },
    ]);
  });

  it('patches only the fields that changed', () => {
    const draft = configToDraft(config, 2);
    draft.rules = moveRule([...draft.rules, newRule(0)], 1, 0);
    const built = buildConfig(draft, def, segments);
    if (!built.ok) throw new Error('expected a valid draft');
    expect(Object.keys(changedConfigFields(pickEdited(config), built.config))).toEqual(['rules']);
  });

  it('checks clause values with core, on the draft’s paths', () => {
    const draft = configToDraft(config, 2);
    draft.rules[0]!.clauses.push({ uid: 'x', attribute: 'appVersion', op: 'semverGt', values: ['not-a-version'], negate: false, kind: 'string' });
    draft.rules[0]!.clauses[0]!.values = ['missing-segment'];
    const built = buildConfig(draft, def, segments);
    if (built.ok) throw new Error('expected errors');
    expect([...built.errors.keys()].sort()).toEqual(['rules[0].clauses[0].values[0]', 'rules[0].clauses[2].values[0]']);
  });

  it('refuses a rollout that does not total 100%', () => {
    const draft = configToDraft(config, 2);
    if (draft.fallthrough.kind !== 'rollout') throw new Error('expected a rollout');
    draft.fallthrough.rows[0]!.percent = '80';
    const built = buildConfig(draft, def, segments);
    expect(built.ok ? null : built.errors.get('fallthrough.rollout')).toEqual(['total is 90%: 10% left to assign']);
  });

  it('names duplicate target keys on the variation’s list', () => {
    const draft = configToDraft(config, 2);
    draft.targets[0] = ['u2'];
    const built = buildConfig(draft, def, segments);
    expect(built.ok ? [] : [...built.errors.keys()]).toEqual(['targets[1].values[1]']);
  });

  it('maps server target paths to variation lists', () => {
    expect(remapTargetPathString('targets[0].values[3]', [1, 4])).toBe('targets[1].values[3]');
    expect(remapTargetPathString('targets[1]', [1, 4])).toBe('targets[4]');
    expect(remapTargetPathString('rules[0]', [1])).toBe('rules[0]');
    expect(remapTargetPaths([{ path: ['targets', 1, 'variation'] }], [0, 2])).toEqual([{ path: ['targets', 2, 'variation'] }]);
  });

  it('moves rules and ignores moves out of range', () => {
    const rules = [newRule(0), newRule(1), newRule(0)];
    expect(moveRule(rules, 2, 0).map((r) => r.uid)).toEqual([rules[2]!.uid, rules[0]!.uid, rules[1]!.uid]);
    expect(moveRule(rules, 0, 5)).toEqual(rules);
  });
});

describe('clause values', () => {
  it('reads values as the operator needs them', () => {
    expect(parseClauseValue('42', 'gt', 'string')).toEqual({ ok: true, value: 42 });
    expect(parseClauseValue('4x', 'lt', 'string').ok).toBe(false);
    expect(parseClauseValue(' de ', 'in', 'string')).toEqual({ ok: true, value: 'de' });
    expect(parseClauseValue('3', 'in', 'number')).toEqual({ ok: true, value: 3 });
    expect(parseClauseValue('yes', 'in', 'boolean').ok).toBe(false);
    expect(parseClauseValue(' ^a b$', 'matches', 'string')).toEqual({ ok: true, value: ' ^a b$' });
  });

  it('lets a person choose the type only for in / notIn', () => {
    expect(forcedKind('in')).toBeNull();
    expect(forcedKind('gte')).toBe('number');
    expect(forcedKind('semverEq')).toBe('string');
    expect(kindOfValues([1, 2])).toBe('number');
    expect(kindOfValues([true])).toBe('boolean');
    expect(kindOfValues(['1', 2])).toBe('string');
  });

  it('converts values on a type change, dropping what does not convert', () => {
    expect(convertValues(['1', 'x', '2', '1'], 'in', 'number')).toEqual([1, 2]);
    expect(convertValues([1, 2], 'startsWith', 'string')).toEqual(['1', '2']);
  });
});


describe('definition drafts', () => {
  const view = {
    key: 'new-checkout',
    name: 'New checkout',
    description: '',
    type: 'release' as const,
    owner: 'payments',
    tags: ['web'],
    createdAt: '2025-01-01T00:00:00.000Z',
    expiresAt: '2025-03-01T00:00:00.000Z',
    variationType: 'boolean' as const,
    variations: [{ name: 'off', value: false }, { name: 'on', value: true }],
    offVariation: 0,
    clientSide: false,
    archivedAt: null,
    version: 3,
    // What the API view adds: must not make the draft look invalid or changed.
    updatedAt: '2025-01-02T00:00:00.000Z',
    environments: {},
  };

  it('round-trip an API flag view unchanged', () => {
    const built = buildDefinition(definitionToDraft(view), view);
    if (!built.ok) throw new Error(`unexpected errors: ${[...built.errors.keys()].join(', ')}`);
    expect(changedDefinitionFields(pickDefinition(view), built.value)).toEqual({});
  });

  it('patches only what changed and refuses a permanent release flag', () => {
    const draft = { ...definitionToDraft(view), owner: 'checkout-team' };
    const built = buildDefinition(draft, view);
    expect(built.ok && changedDefinitionFields(pickDefinition(view), built.value)).toEqual({ owner: 'checkout-team' });
    const permanent = buildDefinition({ ...draft, expiresAt: null }, view);
    expect(permanent.ok ? [] : [...permanent.errors.keys()]).toEqual(['expiresAt']);
  });
});
