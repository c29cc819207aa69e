import { basicLogger, init, integrations } from '@launchdarkly/node-server-sdk';
import type { ContenderFactory } from '../contender';
import { F2_COUNTRIES, F3_VARIANTS, F3_WEIGHTS, F4_RULES, F4_VARIANTS } from '../workload';

const LD_OPS: Record<string, string> = {
  in: 'in', endsWith: 'endsWith', startsWith: 'startsWith', contains: 'contains',
  semverLt: 'semVerLessThan', semverGt: 'semVerGreaterThan', gte: 'greaterThanOrEqual', lt: 'lessThan',
};

/** LaunchDarkly flags in their own JSON model (what the LaunchDarkly stream delivers). */
export function launchDarklyFlags() {
  const flag = (key: string, variations: unknown[], rest: object) => ({
    key, on: true, variations, offVariation: 0, targets: [], contextTargets: [], prerequisites: [], rules: [], salt: key, version: 1, trackEvents: false, ...rest,
  });
  const clause = (attribute: string, op: string, value: unknown) => ({ contextKind: 'user', attribute, op: LD_OPS[op], values: Array.isArray(value) ? value : [value], negate: false });
  return [
    flag('f1', [false, true], { fallthrough: { variation: 1 } }),
    flag('f2', [false, true], { fallthrough: { variation: 0 }, rules: [{ id: 'eu', clauses: [clause('country', 'in', F2_COUNTRIES)], variation: 1 }] }),
    flag('f3', [...F3_VARIANTS], { fallthrough: { rollout: { bucketBy: 'key', variations: F3_WEIGHTS.map((w, i) => ({ variation: i, weight: w * 1000 })) } } }),
    flag('f4', F4_VARIANTS, {
      offVariation: F4_VARIANTS.length - 1,
      fallthrough: { variation: F4_VARIANTS.length - 1 },
      rules: F4_RULES.map((r, i) => ({ id: `r${i}`, clauses: [clause(r.attribute, r.op, r.value)], variation: i })),
    }),
  ];
}

/** @launchdarkly/node-server-sdk, offline: flags from its TestData source, no events, no diagnostics. */
export const createLaunchDarkly: ContenderFactory = async (users) => {
  const td = new integrations.TestData();
  for (const f of launchDarklyFlags()) await td.usePreconfiguredFlag(f);
  const client = init('sdk-bench-offline', {
    updateProcessor: td.getFactory(),
    sendEvents: false,
    diagnosticOptOut: true,
    logger: basicLogger({ level: 'none' }),
  });
  await client.waitForInitialization({ timeout: 10 });
  return {
    name: '@launchdarkly/node-server-sdk',
    side: 'peer',
    async: true,
    contexts: users.map((u) => ({ kind: 'user', key: u.key, country: u.country, plan: u.plan, email: u.email, name: u.name, version: u.version, age: u.age, seats: u.seats, region: u.region })),
    evaluate: {
      F1: (ctx) => client.variation('f1', ctx, false),
      F2: (ctx) => client.variation('f2', ctx, false),
      F3: (ctx) => client.variation('f3', ctx, 'a'),
      F4: (ctx) => client.variation('f4', ctx, 'control'),
    },
    close: () => client.close(),
  };
};
