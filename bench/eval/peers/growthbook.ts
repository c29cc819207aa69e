import { GrowthBookClient } from '@growthbook/growthbook';
import type { ContenderFactory } from '../contender';
import { F2_COUNTRIES, F3_VARIANTS, F3_WEIGHTS, F4_RULES, F4_VARIANTS } from '../workload';

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A GrowthBook condition (its MongoDB-like targeting language) for one F4 rule. */
function condition(attribute: string, op: string, value: any): Record<string, unknown> {
  switch (op) {
    case 'in': return { [attribute]: { $in: value } };
    case 'endsWith': return { [attribute]: { $regex: `${escapeRegex(value)}$` } };
    case 'startsWith': return { [attribute]: { $regex: `^${escapeRegex(value)}` } };
    case 'contains': return { [attribute]: { $regex: escapeRegex(value) } };
    case 'semverLt': return { [attribute]: { $vlt: value } };
    case 'semverGt': return { [attribute]: { $vgt: value } };
    case 'gte': return { [attribute]: { $gte: value } };
    case 'lt': return { [attribute]: { $lt: value } };
    default: throw new Error(`no GrowthBook condition for ${op}`);
  }
}

/** GrowthBook features in the SDK payload form (what its API serves). */
export function growthBookFeatures() {
  return {
    f1: { defaultValue: true },
    f2: { defaultValue: false, rules: [{ id: 'eu', condition: { country: { $in: F2_COUNTRIES } }, force: true }] },
    f3: {
      defaultValue: 'a',
      rules: [{ id: 'split', key: 'f3', variations: [...F3_VARIANTS], weights: F3_WEIGHTS.map((w) => w / 100), coverage: 1, hashAttribute: 'id', hashVersion: 2 }],
    },
    f4: { defaultValue: 'control', rules: F4_RULES.map((r, i) => ({ id: `r${i}`, condition: condition(r.attribute, r.op, r.value), force: F4_VARIANTS[i] })) },
  };
}

/** @growthbook/growthbook's multi-user server client (GrowthBookClient), initialised synchronously from a payload. */
export const createGrowthBook: ContenderFactory = async (users) => {
  const gb = new GrowthBookClient();
  gb.initSync({ payload: { features: growthBookFeatures() as never } });
  return {
    name: '@growthbook/growthbook',
    side: 'peer',
    async: false,
    contexts: users.map((u) => ({ attributes: { id: u.key, country: u.country, plan: u.plan, email: u.email, name: u.name, version: u.version, age: u.age, seats: u.seats, region: u.region } })),
    evaluate: {
      F1: (ctx) => gb.isOn('f1', ctx),
      F2: (ctx) => gb.isOn('f2', ctx),
      F3: (ctx) => gb.getFeatureValue('f3', 'a', ctx),
      F4: (ctx) => gb.getFeatureValue('f4', 'control', ctx),
    },
    close: () => gb.destroy(),
  };
};
