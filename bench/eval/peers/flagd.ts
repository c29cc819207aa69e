import { FlagdCore } from '@openfeature/flagd-core';
import type { ContenderFactory } from '../contender';
import { F2_COUNTRIES, F3_VARIANTS, F3_WEIGHTS, F4_RULES, F4_VARIANTS } from '../workload';

/** A flagd targeting condition (JsonLogic plus flagd's operators) for one F4 rule. */
function condition(attribute: string, op: string, value: any): unknown {
  const v = { var: attribute };
  switch (op) {
    case 'in': return { in: [v, value] };
    case 'endsWith': return { ends_with: [v, value] };
    case 'startsWith': return { starts_with: [v, value] };
    case 'contains': return { in: [value, v] }; // JsonLogic `in` on a string is a substring test
    case 'semverLt': return { sem_ver: [v, '<', value] };
    case 'semverGt': return { sem_ver: [v, '>', value] };
    case 'gte': return { '>=': [v, value] };
    case 'lt': return { '<': [v, value] };
    default: throw new Error(`no flagd condition for ${op}`);
  }
}

/** The flags as a flagd flag-definition file. */
export function flagdConfiguration(): string {
  const bool = { on: true, off: false };
  const named = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, n]));
  return JSON.stringify({
    flags: {
      f1: { state: 'ENABLED', variants: bool, defaultVariant: 'on' },
      f2: { state: 'ENABLED', variants: bool, defaultVariant: 'off', targeting: { if: [{ in: [{ var: 'country' }, F2_COUNTRIES] }, 'on', 'off'] } },
      f3: { state: 'ENABLED', variants: named(F3_VARIANTS), defaultVariant: 'a', targeting: { fractional: F3_VARIANTS.map((v, i) => [v, F3_WEIGHTS[i]]) } },
      f4: {
        state: 'ENABLED',
        variants: named(F4_VARIANTS),
        defaultVariant: 'control',
        targeting: { if: [...F4_RULES.flatMap((r, i) => [condition(r.attribute, r.op, r.value), F4_VARIANTS[i]]), 'control'] },
      },
    },
  });
}

/** Creates a FlagdCore holding the flags: the evaluation engine of flagd's in-process providers. */
export function flagdCore(): FlagdCore {
  const core = new FlagdCore();
  core.setConfigurations(flagdConfiguration());
  return core;
}

/** @openfeature/flagd-core, called directly (as flagd's in-process provider does). */
export const createFlagd: ContenderFactory = async (users) => {
  const core = flagdCore();
  return {
    name: '@openfeature/flagd-core',
    side: 'peer',
    async: false,
    contexts: users.map((u) => ({ targetingKey: u.key, country: u.country, plan: u.plan, email: u.email, name: u.name, version: u.version, age: u.age, seats: u.seats, region: u.region })),
    evaluate: {
      F1: (ctx) => core.resolveBooleanEvaluation('f1', false, ctx).value,
      F2: (ctx) => core.resolveBooleanEvaluation('f2', false, ctx).value,
      F3: (ctx) => core.resolveStringEvaluation('f3', 'a', ctx).value,
      F4: (ctx) => core.resolveStringEvaluation('f4', 'control', ctx).value,
    },
  };
};
