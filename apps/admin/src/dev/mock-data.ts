import { migrationVariations, type EnvironmentConfig, type FlagDefinition, type Rule, type Segment } from '@switchyard/core';
import type { AuditEntry, Environment, FlagView } from '../api/types';

/** Sample data for `--mode mock` screenshots. Never part of the production build. */
const DAY = 86_400_000;
const now = Date.now();
const iso = (offsetDays: number) => new Date(now + offsetDays * DAY).toISOString();

/** What the mock's environments say they hold and may hold (the server's defaults). */
const SIZED = { size: { bytes: 0, flags: 0, segments: 0 }, budget: { bytes: 8 * 1024 * 1024, flags: 5_000, segments: 1_000 } };

export const ENVIRONMENTS: Environment[] = [
  { key: 'development', name: 'Development', version: 48, createdAt: iso(-120), ...SIZED },
  { key: 'staging', name: 'Staging', version: 61, createdAt: iso(-120), ...SIZED },
  { key: 'production', name: 'Production', version: 93, createdAt: iso(-120), ...SIZED },
];

export function segments(envKey: string): (Segment & { envKey: string; createdAt: string; updatedAt: string })[] {
  return ['internal', 'beta-testers', 'large-tenants', 'eu-customers'].map((key, i) => ({
    key,
    name: key.replace('-', ' '),
    description: '',
    included: [],
    excluded: [],
    rules: [],
    version: 1 + i,
    envKey,
    createdAt: iso(-90),
    updatedAt: iso(-10),
  }));
}

type Def = Omit<FlagDefinition, 'createdAt' | 'archivedAt' | 'version' | 'clientSide' | 'description' | 'tags' | 'variationType' | 'variations' | 'offVariation'> &
  Partial<FlagDefinition>;

const boolVariations = [
  { name: 'off', value: false },
  { name: 'on', value: true },
];

function def(d: Def): FlagDefinition {
  return {
    description: '',
    tags: [],
    clientSide: false,
    variationType: 'boolean',
    variations: boolVariations,
    offVariation: 0,
    createdAt: iso(-30),
    archivedAt: null,
    version: 3,
    ...d,
  };
}

function cfg(p: Partial<EnvironmentConfig>, version: number): EnvironmentConfig {
  return { enabled: false, killed: null, targets: [], rules: [], fallthrough: { variation: 1 }, prerequisites: [], version, ...p };
}

const betaRule: Rule = {
  id: 'r-beta',
  description: 'Beta testers and staff first',
  clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['beta-testers', 'internal'] }],
  serve: { variation: 1 },
};
const euRule: Rule = {
  description: 'EU on the new plan, 25% at a time',
  clauses: [
    { attribute: 'country', op: 'in', values: ['de', 'fr', 'nl', 'es'] },
    { attribute: 'plan', op: 'in', values: ['free'], negate: true },
    { attribute: 'appVersion', op: 'semverGt', values: ['4.2.0'] },
  ],
  serve: { rollout: { variations: [{ variation: 0, weight: 75_000 }, { variation: 1, weight: 25_000 }] } },
};

export function buildFlags(): FlagView[] {
  const flags: [FlagDefinition, Record<string, EnvironmentConfig>][] = [
    [
      def({ key: 'new-checkout', name: 'New checkout flow', type: 'release', owner: 'payments-team', tags: ['checkout', 'web'], expiresAt: iso(12), clientSide: true, description: 'The redesigned three-step checkout.' }),
      {
        development: cfg({ enabled: true }, 40),
        staging: cfg({ enabled: true, rules: [betaRule] }, 55),
        production: cfg({ enabled: true, targets: [{ variation: 1, values: ['user-1042', 'user-2201'] }], rules: [betaRule, euRule], fallthrough: { rollout: { variations: [{ variation: 0, weight: 90_000 }, { variation: 1, weight: 10_000 }] } } }, 91),
      },
    ],
    [
      def({ key: 'payments-provider-kill', name: 'Payments provider kill switch', type: 'kill-switch', owner: 'payments-team', tags: ['payments'], expiresAt: null, offVariation: 0 }),
      {
        development: cfg({ enabled: true }, 12),
        staging: cfg({ enabled: true }, 20),
        production: cfg({ enabled: true, killed: { by: 'dana.ops', at: iso(-0.02), reason: 'INC-2291: provider timeouts above 8%' } }, 92),
      },
    ],
    [
      def({ key: 'search-reindex-throttle', name: 'Search reindex throttle', type: 'ops', owner: 'search-infra', tags: ['search'], expiresAt: null }),
      { development: cfg({ enabled: true }, 9), staging: cfg({ enabled: true }, 18), production: cfg({ enabled: true }, 80) },
    ],
    [
      def({ key: 'recommendations-kill', name: 'Recommendations widget', type: 'kill-switch', owner: 'discovery', expiresAt: null }),
      { development: cfg({ enabled: true }, 5), staging: cfg({ enabled: true }, 7), production: cfg({ enabled: true }, 70) },
    ],
    [
      def({ key: 'pricing-page-copy', name: 'Pricing page copy test', type: 'experiment', owner: 'growth', tags: ['marketing', 'web'], expiresAt: iso(-4), variationType: 'string', variations: [{ name: 'control', value: 'Start free' }, { name: 'bold', value: 'Try it free for 30 days' }, { name: 'short', value: 'Go' }], clientSide: true }),
      {
        development: cfg({ enabled: true, fallthrough: { variation: 0 } }, 30),
        staging: cfg({ enabled: false, fallthrough: { variation: 0 } }, 33),
        production: cfg({ enabled: true, fallthrough: { rollout: { variations: [{ variation: 0, weight: 33_334 }, { variation: 1, weight: 33_333 }, { variation: 2, weight: 33_333 }] } } }, 77),
      },
    ],
    [
      def({ key: 'orders-db-migration', name: 'Orders DB migration', type: 'migration', owner: 'data-platform', tags: ['db'], expiresAt: iso(61), variationType: 'json', variations: migrationVariations(1) }),
      { development: cfg({ enabled: true, fallthrough: { variation: 0 } }, 22), staging: cfg({ enabled: true, fallthrough: { variation: 3 } }, 40), production: cfg({ enabled: true, fallthrough: { variation: 2 } }, 60) },
    ],
    [
      def({ key: 'admin-bulk-export', name: 'Bulk export for admins', type: 'permission', owner: 'enterprise', tags: ['enterprise'], expiresAt: null }),
      { development: cfg({ enabled: true }, 2), staging: cfg({ enabled: true }, 3), production: cfg({ enabled: true, rules: [{ clauses: [{ attribute: 'role', op: 'in', values: ['admin', 'owner'] }], serve: { variation: 1 } }], fallthrough: { variation: 0 } }, 50) },
    ],
    [
      def({ key: 'dark-mode', name: 'Dark mode', type: 'release', owner: 'web-platform', tags: ['web', 'ui'], expiresAt: iso(3), clientSide: true }),
      { development: cfg({ enabled: true }, 15), staging: cfg({ enabled: true }, 25), production: cfg({ enabled: false }, 65) },
    ],
    [
      def({ key: 'legacy-invoices-pdf', name: 'Legacy invoice PDFs', type: 'release', owner: 'billing', tags: ['billing'], expiresAt: iso(-31) }),
      { development: cfg({ enabled: false }, 1), staging: cfg({ enabled: false }, 2), production: cfg({ enabled: true }, 20) },
    ],
    [
      def({ key: 'api-rate-limit-strict', name: 'Strict API rate limits', type: 'ops', owner: 'api-gateway', tags: ['api'], expiresAt: iso(5) }),
      { development: cfg({ enabled: false }, 3), staging: cfg({ enabled: true, killed: { by: 'sam.sre', at: iso(-0.3), reason: 'load test finished early' } }, 44), production: cfg({ enabled: false }, 71) },
    ],
    [
      def({ key: 'max-upload-mb', name: 'Max upload size', type: 'ops', owner: 'storage', tags: ['limits'], expiresAt: null, variationType: 'number', variations: [{ name: 'small', value: 25 }, { name: 'large', value: 250 }], offVariation: 0 }),
      { development: cfg({ enabled: true }, 4), staging: cfg({ enabled: true }, 6), production: cfg({ enabled: true }, 66) },
    ],
  ];
  return flags.map(([d, envs]) => ({
    ...d,
    updatedAt: iso(-1),
    environments: Object.fromEntries(Object.entries(envs).map(([k, c]) => [k, { ...c, updatedAt: iso(-Math.random() * 5) }])),
  }));
}

export function seedAudit(flags: FlagView[]): AuditEntry[] {
  const entries: AuditEntry[] = [];
  const push = (e: Omit<AuditEntry, 'seq' | 'prevHash' | 'hash' | 'actorKeyId' | 'targetKey'> & { targetKey?: string | null }) =>
    entries.push({ seq: entries.length + 1, prevHash: 'x', hash: 'y', actorKeyId: 'key_1', targetKey: null, ...e });
  const co = flags.find((f) => f.key === 'new-checkout')!;
  const kill = flags.find((f) => f.key === 'payments-provider-kill')!;
  const { environments: _e, updatedAt: _u, ...coDef } = co;
  push({ at: iso(-30), actor: 'alex', action: 'flag.create', resource: 'flag', flagKey: co.key, envKey: null, before: null, after: { ...coDef, version: 1 }, reason: 'JIRA-812' });
  push({ at: iso(-9), actor: 'alex', action: 'flag.enable', resource: 'flag-config', flagKey: co.key, envKey: 'staging', before: { enabled: false, version: 50 }, after: { enabled: true, version: 51 }, reason: null });
  const prod = co.environments.production!;
  push({
    at: iso(-2),
    actor: 'maria',
    action: 'flag.config.update',
    resource: 'flag-config',
    flagKey: co.key,
    envKey: 'production',
    before: { ...prod, rules: [betaRule], fallthrough: { variation: 0 }, version: 88 },
    after: { ...prod, version: 89 },
    reason: 'Roll out to 10% and EU cohort',
  });
  push({ at: iso(-1), actor: 'alex', action: 'flag.update', resource: 'flag', flagKey: co.key, envKey: null, before: { ...coDef, expiresAt: iso(2), owner: 'web-team', version: 2 }, after: { ...coDef, version: 3 }, reason: 'Extend: EU launch slipped' });
  const kprod = kill.environments.production!;
  push({ at: kprod.killed!.at, actor: 'dana.ops', action: 'flag.kill', resource: 'flag-config', flagKey: kill.key, envKey: 'production', before: { ...kprod, killed: null, version: 91 }, after: { ...kprod }, reason: kprod.killed!.reason });
  push({ at: iso(-0.3), actor: 'sam.sre', action: 'flag.kill', resource: 'flag-config', flagKey: 'api-rate-limit-strict', envKey: 'staging', before: { killed: null }, after: { killed: { by: 'sam.sre', at: iso(-0.3), reason: 'load test finished early' } }, reason: 'load test finished early' });
  push({ at: iso(-0.01), actor: 'maria', action: 'segment.update', resource: 'segment', flagKey: null, envKey: 'production', targetKey: 'beta-testers', before: { included: ['u1'] }, after: { included: ['u1', 'u7'] }, reason: null });
  return entries.sort((a, b) => a.at.localeCompare(b.at)).map((e, i) => ({ ...e, seq: i + 1 }));
}
