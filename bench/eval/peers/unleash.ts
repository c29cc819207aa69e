import { InMemStorageProvider, Unleash } from 'unleash-client';
import type { ContenderFactory } from '../contender';
import { F2_COUNTRIES, F3_VARIANTS, F3_WEIGHTS, F4_RULES, F4_VARIANTS } from '../workload';

const UNLEASH_OPS: Record<string, string> = {
  in: 'IN', endsWith: 'STR_ENDS_WITH', startsWith: 'STR_STARTS_WITH', contains: 'STR_CONTAINS',
  semverLt: 'SEMVER_LT', semverGt: 'SEMVER_GT', gte: 'NUM_GTE', lt: 'NUM_LT',
};

/** A constraint as Unleash's API serves it: list operators take `values`, numeric and semver ones one `value`. */
function constraint(attribute: string, op: string, value: unknown) {
  const operator = UNLEASH_OPS[op]!;
  const list = Array.isArray(value) ? value.map(String) : [String(value)];
  return operator.startsWith('NUM_') || operator.startsWith('SEMVER_')
    ? { contextName: attribute, operator, value: String(value), inverted: false, caseInsensitive: false }
    : { contextName: attribute, operator, values: list, inverted: false, caseInsensitive: false };
}

const oneVariant = (name: string) => [{ name, weight: 1000, weightType: 'variable', stickiness: 'default' }];

/** The toggles in the form of Unleash's client API (`/api/client/features`), with strategy variants (Unleash 5+). */
export function unleashFeatures() {
  const toggle = (name: string, strategies: unknown[]) => ({ name, enabled: true, type: 'release', project: 'default', stale: false, impressionData: false, variants: [], strategies });
  return [
    toggle('f1', [{ name: 'default', parameters: {}, constraints: [] }]),
    toggle('f2', [{ name: 'default', parameters: {}, constraints: [constraint('country', 'in', F2_COUNTRIES)] }]),
    toggle('f3', [
      {
        name: 'flexibleRollout',
        parameters: { rollout: '100', stickiness: 'userId', groupId: 'f3' },
        constraints: [],
        variants: F3_VARIANTS.map((v, i) => ({ name: v, weight: F3_WEIGHTS[i]! * 10, weightType: 'variable', stickiness: 'userId' })),
      },
    ]),
    toggle('f4', [
      ...F4_RULES.map((r, i) => ({ name: 'default', parameters: {}, constraints: [constraint(r.attribute, r.op, r.value)], variants: oneVariant(F4_VARIANTS[i]!) })),
      { name: 'default', parameters: {}, constraints: [], variants: oneVariant('control') },
    ]),
  ];
}

/** unleash-client (Node), offline: bootstrapped from data, no polling (refreshInterval 0), no metrics sent. */
export const createUnleash: ContenderFactory = async (users) => {
  const unleash = new Unleash({
    appName: 'switchyard-bench',
    url: 'http://127.0.0.1:9/api', // never requested: refreshInterval 0 turns fetching off
    refreshInterval: 0,
    disableMetrics: true,
    skipInstanceCountWarning: true,
    storageProvider: new InMemStorageProvider(),
    bootstrap: { data: unleashFeatures() as never },
  });
  await new Promise<void>((resolve, reject) => {
    unleash.once('ready', () => resolve());
    unleash.once('error', reject);
  });
  return {
    name: `unleash-client`,
    side: 'peer',
    async: false,
    contexts: users.map((u) => ({
      userId: u.key,
      properties: { country: u.country, plan: u.plan, email: u.email, name: u.name, version: u.version, age: u.age, seats: u.seats, region: u.region },
    })),
    evaluate: {
      F1: (ctx) => unleash.isEnabled('f1', ctx),
      F2: (ctx) => unleash.isEnabled('f2', ctx),
      F3: (ctx) => unleash.getVariant('f3', ctx).name,
      F4: (ctx) => unleash.getVariant('f4', ctx).name,
    },
    close: () => unleash.destroy(),
  };
};
