// The module map, enforced (issue 20, "Boundaries the build enforces"). Run: pnpm lint:deps
// Each rule names a boundary; test/boundaries/dependency-rules.test.ts plants a violation of each and expects
// depcruise to fail naming it.

/** Routes that still read storage; each waits on other work named beside it. Remove a line when it is fixed. */
const ROUTES_KNOWN_TO_READ_STORAGE = [
  // SDK-key authentication reads the key store: one `authenticateSdk(secret, kind)` (issue 20, point 2) removes these.
  'apps/server/src/features/sdk/sdk-routes\\.ts$',
  'apps/server/src/features/migrations/migration-routes\\.ts$',
  'apps/server/src/features/ofrep/ofrep-evaluate-routes\\.ts$',
  'apps/server/src/features/ofrep/ofrep-event-routes\\.ts$',
  'apps/server/src/infra/events/event-routes\\.ts$',
  // `Role` lives in db/records until the shared contract package (issue 20, point 1) holds it.
  'apps/server/src/features/audit/audit-routes\\.ts$',
];

/** Services still typed by their HTTP request schemas; the shared contract package (issue 20, point 1) maps them. */
const SERVICES_KNOWN_TO_USE_REQUEST_SCHEMAS = [
  'apps/server/src/features/change-requests/change-request-service\\.ts$',
  'apps/server/src/features/environments/environment-service\\.ts$',
  'apps/server/src/features/flags/flag-config-service\\.ts$',
  'apps/server/src/features/flags/flag-service\\.ts$',
  'apps/server/src/features/keys/key-service\\.ts$',
  'apps/server/src/features/plans/plan-service\\.ts$',
  'apps/server/src/features/releases/release-service\\.ts$',
  'apps/server/src/features/review/review-policy-service\\.ts$',
  'apps/server/src/features/segments/segment-service\\.ts$',
  'apps/server/src/features/triggers/trigger-service\\.ts$',
  'apps/server/src/features/webhooks/webhook-service\\.ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-only-zod',
      comment:
        'packages/core is the pure core: it imports its own files and zod, nothing else. re2js (a pure-JavaScript ' +
        'linear-time regex engine with no platform API) is the one other package it may use, for flag patterns.',
      severity: 'error',
      from: { path: '^packages/core/src/' },
      // Node built-ins have their own rule (core-no-node-builtins), so a planted `node:fs` names that one.
      to: {
        pathNot: ['^packages/core/src/', 'node_modules/zod/', 'node_modules/re2js/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'core-no-node-builtins',
      comment: 'packages/core runs in browsers and workers: no Node built-in (node:fs, crypto, …), ever.',
      severity: 'error',
      from: { path: '^packages/core/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'routes-never-import-storage',
      comment:
        'Routes parse and validate and call a service; services own transactions, stores only read and write. ' +
        'A route file (*-routes.ts) never imports apps/server/src/db.',
      severity: 'error',
      from: { path: '^apps/server/src/.+-routes\\.ts$', pathNot: ROUTES_KNOWN_TO_READ_STORAGE },
      to: { path: '^apps/server/src/db/' },
    },
    {
      name: 'services-never-import-transport',
      comment:
        'A service (*-service.ts) knows nothing of HTTP: no fastify or ws, no route file, no apps/server/src/http. ' +
        "It may import @switchyard/api for the contract's unions (Role, AuditAction, ErrorCode); the services listed in " +
        'SERVICES_KNOWN_TO_USE_REQUEST_SCHEMAS still take request-body types from it as their inputs (known, to be mapped by their routes).',
      severity: 'error',
      from: { path: '^apps/server/src/.+-service\\.ts$' },
      to: {
        path: [
          'node_modules/fastify/',
          'node_modules/@fastify/',
          'node_modules/ws/',
          '^apps/server/src/.+-routes\\.ts$',
          '^apps/server/src/http/',
        ],
      },
    },
    {
      name: 'services-never-import-request-schemas',
      comment: 'Same boundary as services-never-import-transport, for the request schemas (*-schemas.ts).',
      severity: 'error',
      from: { path: '^apps/server/src/.+-service\\.ts$', pathNot: SERVICES_KNOWN_TO_USE_REQUEST_SCHEMAS },
      to: { path: '^apps/server/src/.+-schemas\\.ts$' },
    },
    {
      name: 'sdks-never-import-server',
      comment: 'The SDKs ship to users: they never import the server (or any app).',
      severity: 'error',
      from: { path: '^packages/sdk-[^/]+/' },
      to: { path: '^apps/' },
    },
    {
      name: 'admin-never-imports-server-internals',
      comment: "The admin UI talks to the server over HTTP only; it never imports the server's code.",
      severity: 'error',
      from: { path: '^apps/admin/' },
      to: { path: '^apps/server/' },
    },
    {
      name: 'cli-never-imports-server-internals',
      comment: "The CLI talks to the server over HTTP only; it never imports the server's code.",
      severity: 'error',
      from: { path: '^apps/cli/src/' },
      to: { path: '^apps/server/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: { path: '^(apps|packages)/[^/]+/src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)node_modules/', '(^|/)dist/', '\\.d\\.ts$'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
