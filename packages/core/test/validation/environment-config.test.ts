import { describe, expect, it } from 'vitest';
import { checkEnvironmentConfig, type EnvironmentConfig, type Rule } from '../../src/index';

const def = { key: 'f', variations: [{ name: 'off', value: false }, { name: 'on', value: true }] };
const segments = new Set(['beta']);
const config = (over: Partial<EnvironmentConfig> = {}): Pick<EnvironmentConfig, 'targets' | 'rules' | 'fallthrough'> => ({
  targets: [],
  rules: [],
  fallthrough: { variation: 0 },
  ...over,
});
const rule = (clause: Rule['clauses'][number], serve: Rule['serve'] = { variation: 1 }): Rule => ({ clauses: [clause], serve });

describe('checkEnvironmentConfig', () => {
  it('accepts a valid config', () => {
    const valid = config({
      targets: [{ variation: 1, values: ['a'] }, { variation: 0, values: ['b'] }],
      rules: [
        rule({ attribute: 'key', op: 'segmentMatch', values: ['beta'] }),
        rule({ attribute: 'email', op: 'matches', values: ['@example\\.com$'] }),
        rule({ attribute: 'v', op: 'semverGt', values: ['1.2', 'v2.0.0-rc.1'] }),
        rule({ attribute: 'at', op: 'before', values: ['2025-01-01', 1_700_000_000_000] }),
        rule({ attribute: 'n', op: 'gte', values: [1, 2.5] }),
        rule({ attribute: 'c', op: 'in', values: ['x', 1, true] }),
      ],
      fallthrough: { rollout: { variations: [{ variation: 0, weight: 50_000 }, { variation: 1, weight: 50_000 }] } },
    });
    expect(checkEnvironmentConfig(def, valid, segments)).toEqual([]);
  });

  it('finds variation indexes out of range everywhere', () => {
    const issues = checkEnvironmentConfig(
      def,
      config({
        targets: [{ variation: 2, values: ['a'] }],
        rules: [rule({ attribute: 'c', op: 'in', values: ['x'] }, { variation: 5 }), rule({ attribute: 'c', op: 'in', values: ['y'] }, { rollout: { variations: [{ variation: 3, weight: 100_000 }] } })],
        fallthrough: { variation: -1 },
      }),
      segments,
    );
    expect(issues.map((i) => i.path)).toEqual([
      ['targets', 0, 'variation'],
      ['rules', 0, 'serve', 'variation'],
      ['rules', 1, 'serve', 'rollout', 'variations', 0, 'variation'],
      ['fallthrough', 'variation'],
    ]);
    expect(issues[0]?.message).toBe('is variation 2, but the flag has 2 variations (0..1)');
  });

  it('finds unusable clause values', () => {
    const issues = checkEnvironmentConfig(
      def,
      config({
        rules: [
          rule({ attribute: 'key', op: 'segmentMatch', values: ['beta', 'gamma'] }),
          rule({ attribute: 'e', op: 'matches', values: ['(a)\\1', '('] }),
          rule({ attribute: 'v', op: 'semverEq', values: ['1.x'] }),
          rule({ attribute: 'at', op: 'after', values: ['yesterday'] }),
          rule({ attribute: 'n', op: 'lt', values: ['10'] }),
          rule({ attribute: 's', op: 'startsWith', values: [1] }),
        ],
      }),
      segments,
    );
    expect(issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['rules.0.clauses.0.values.1', 'names no segment of this environment: "gamma"'],
      ['rules.1.clauses.0.values.0', expect.stringMatching(/^pattern "\(a\)\\\\1" uses a backreference/)],
      ['rules.1.clauses.0.values.1', expect.stringMatching(/^pattern "\(" does not compile/)],
      ['rules.2.clauses.0.values.0', expect.stringMatching(/must be a semantic version/)],
      ['rules.3.clauses.0.values.0', expect.stringMatching(/must be an ISO 8601 date/)],
      ['rules.4.clauses.0.values.0', expect.stringMatching(/must be a number/)],
      ['rules.5.clauses.0.values.0', expect.stringMatching(/must be a string/)],
    ]);
  });

  it('refuses a key in two target lists, and duplicate rule ids', () => {
    const issues = checkEnvironmentConfig(
      def,
      config({
        targets: [{ variation: 1, values: ['a', 'b', 'a'] }, { variation: 0, values: ['c', 'b'] }],
        rules: [
          { id: 'r', clauses: [], serve: { variation: 1 } },
          { id: 'r', clauses: [], serve: { variation: 0 } },
        ],
      }),
      segments,
    );
    expect(issues).toEqual([
      { path: ['targets', 1, 'values', 1], message: 'key "b" is already targeted by targets[0]: a key may appear in one target list only' },
      { path: ['rules', 1, 'id'], message: 'duplicates the id "r" of rules[0]' },
    ]);
  });
});
