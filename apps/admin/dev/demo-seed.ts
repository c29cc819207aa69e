/**
 * Demo data for the admin's development server, written through the real HTTP API (so every
 * server rule applies: a seed the server would refuse fails the start, loudly). Pure data and
 * one function; the server it runs against is real (see api-server.ts).
 */
export type ApiCall = (method: string, path: string, body?: unknown) => Promise<unknown>;

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

const SEGMENTS = ['internal', 'beta-testers', 'large-tenants', 'eu-customers'];

const betaRule = {
  description: 'Beta testers and staff first',
  clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['beta-testers', 'internal'] }],
  serve: { variation: 1 },
};
const euRule = {
  description: 'EU on the new plan, 25% at a time',
  clauses: [
    { attribute: 'country', op: 'in', values: ['de', 'fr', 'nl', 'es'] },
    { attribute: 'plan', op: 'in', values: ['free'], negate: true },
    { attribute: 'appVersion', op: 'semverGt', values: ['4.2.0'] },
  ],
  serve: { rollout: { variations: [{ variation: 0, weight: 75_000 }, { variation: 1, weight: 25_000 }] } },
};

interface DemoFlag {
  create: Record<string, unknown>;
  /** Per environment: the targeting to save, then whether it is on. */
  environments?: Record<string, { targeting?: Record<string, unknown>; enabled?: boolean; killReason?: string }>;
}

const on = { enabled: true };
const FLAGS: DemoFlag[] = [
  {
    create: { key: 'new-checkout', name: 'New checkout flow', type: 'release', owner: 'payments-team', tags: ['checkout', 'web'], expiresAt: inDays(12), clientSide: true, description: 'The redesigned three-step checkout.' },
    environments: {
      development: on,
      staging: { enabled: true, targeting: { rules: [betaRule] } },
      production: {
        enabled: true,
        targeting: {
          targets: [{ variation: 1, values: ['user-1042', 'user-2201'] }],
          rules: [betaRule, euRule],
          fallthrough: { rollout: { variations: [{ variation: 0, weight: 90_000 }, { variation: 1, weight: 10_000 }] } },
        },
      },
    },
  },
  {
    create: { key: 'payments-provider-kill', name: 'Payments provider kill switch', type: 'kill-switch', owner: 'payments-team', tags: ['payments'], expiresAt: null },
    environments: { development: on, staging: on, production: { enabled: true, killReason: 'INC-2291: provider timeouts above 8%' } },
  },
  {
    create: { key: 'search-reindex-throttle', name: 'Search reindex throttle', type: 'ops', owner: 'search-infra', tags: ['search'], expiresAt: null },
    environments: { development: on, staging: on, production: on },
  },
  {
    create: {
      key: 'pricing-page-copy',
      name: 'Pricing page copy test',
      type: 'experiment',
      owner: 'growth',
      tags: ['marketing', 'web'],
      clientSide: true,
      variationType: 'string',
      variations: [
        { name: 'control', value: 'Start free' },
        { name: 'bold', value: 'Try it free for 30 days' },
        { name: 'short', value: 'Go' },
      ],
      onVariation: 0,
    },
    environments: {
      development: on,
      production: {
        enabled: true,
        targeting: { fallthrough: { rollout: { variations: [{ variation: 0, weight: 33_334 }, { variation: 1, weight: 33_333 }, { variation: 2, weight: 33_333 }] } } },
      },
    },
  },
  {
    create: { key: 'admin-bulk-export', name: 'Bulk export for admins', type: 'permission', owner: 'enterprise', tags: ['enterprise'], expiresAt: null },
    environments: {
      production: { enabled: true, targeting: { rules: [{ clauses: [{ attribute: 'role', op: 'in', values: ['admin', 'owner'] }], serve: { variation: 1 } }], fallthrough: { variation: 0 } } },
    },
  },
  { create: { key: 'dark-mode', name: 'Dark mode', type: 'release', owner: 'web-platform', tags: ['web', 'ui'], expiresAt: inDays(3), clientSide: true }, environments: { development: on, staging: on } },
  {
    create: {
      key: 'max-upload-mb',
      name: 'Max upload size',
      type: 'ops',
      owner: 'storage',
      tags: ['limits'],
      expiresAt: null,
      variationType: 'number',
      variations: [
        { name: 'small', value: 25 },
        { name: 'large', value: 250 },
      ],
      onVariation: 1,
    },
    environments: { development: on, staging: on, production: on },
  },
];

/** Writes the demo segments and flags through `call`; throws on the first call the server refuses. */
export async function seedDemo(call: ApiCall, environments: readonly string[]): Promise<void> {
  for (const env of environments) {
    for (const key of SEGMENTS) await call('POST', `/api/v1/environments/${env}/segments`, { key, name: key.replace('-', ' ') });
  }
  for (const flag of FLAGS) {
    await call('POST', '/api/v1/flags', flag.create);
    for (const [env, plan] of Object.entries(flag.environments ?? {})) {
      if (!environments.includes(env)) continue;
      const base = `/api/v1/flags/${flag.create.key as string}/environments/${env}`;
      let { version } = (await call('GET', base)) as { version: number };
      if (plan.targeting) ({ version } = (await call('PATCH', base, { baseVersion: version, ...plan.targeting, reason: 'demo data' })) as { version: number });
      if (plan.enabled) await call('POST', `${base}/toggle`, { enabled: true, baseVersion: version, reason: 'demo data' });
      if (plan.killReason) await call('POST', `${base}/kill`, { reason: plan.killReason });
    }
  }
}
