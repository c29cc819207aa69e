import type { Clause, EvaluableFlag } from '@switchyard/core';
import { F2_COUNTRIES, F3_VARIANTS, F3_WEIGHTS, F4_RULES, F4_VARIANTS, type User } from './workload';

const base = {
  type: 'release',
  offVariation: 0,
  clientSide: false,
  enabled: true,
  killed: null,
  targets: [],
  prerequisites: [],
  version: 1,
} as const;

const bool = [{ name: 'off', value: false }, { name: 'on', value: true }];

/** F1–F4 as Switchyard flags (the wire form server SDKs receive and compile). */
export function switchyardFlags(): EvaluableFlag[] {
  return [
    { ...base, key: 'f1', variationType: 'boolean', variations: bool, rules: [], fallthrough: { variation: 1 } },
    {
      ...base,
      key: 'f2',
      variationType: 'boolean',
      variations: bool,
      rules: [{ id: 'eu', clauses: [{ attribute: 'country', op: 'in', values: F2_COUNTRIES }], serve: { variation: 1 } }],
      fallthrough: { variation: 0 },
    },
    {
      ...base,
      key: 'f3',
      variationType: 'string',
      variations: F3_VARIANTS.map((v) => ({ name: v, value: v })),
      rules: [],
      fallthrough: { rollout: { variations: F3_WEIGHTS.map((w, i) => ({ variation: i, weight: w * 1000 })) } },
    },
    {
      ...base,
      key: 'f4',
      variationType: 'string',
      variations: F4_VARIANTS.map((v) => ({ name: v, value: v })),
      offVariation: F4_VARIANTS.length - 1,
      rules: F4_RULES.map((r, i) => ({
        id: `r${i}`,
        clauses: [{ attribute: r.attribute, op: r.op, values: Array.isArray(r.value) ? [...r.value] : [r.value] } as Clause],
        serve: { variation: i },
      })),
      fallthrough: { variation: F4_VARIANTS.length - 1 },
    },
  ] as unknown as EvaluableFlag[];
}

/** A Switchyard context: flat attributes, `key` for the user key. */
export function switchyardContext(u: User): Record<string, string | number> {
  return { key: u.key, country: u.country, plan: u.plan, email: u.email, name: u.name, version: u.version, age: u.age, seats: u.seats, region: u.region };
}

/** The same context in OpenFeature's form (`targetingKey`), which both OpenFeature providers read. */
export function openFeatureContext(u: User): Record<string, string | number> {
  return { targetingKey: u.key, country: u.country, plan: u.plan, email: u.email, name: u.name, version: u.version, age: u.age, seats: u.seats, region: u.region };
}
