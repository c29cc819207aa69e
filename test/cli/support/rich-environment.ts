import type { TestServer } from '../../../apps/server/test/support/test-server';

/**
 * An environment with something of everything a flag file holds: segments with rules, flags of
 * several variation types with targets, ordered rules, a rollout, a prerequisite, a killed flag,
 * an archived flag, a migration flag, and JSON variation values with keys in no particular order.
 */
export async function seedRichEnvironment(server: TestServer, env = 'production'): Promise<void> {
  const ok = async (p: Promise<{ status: number; body: unknown }>) => {
    const res = await p;
    if (res.status >= 300) throw new Error(`seed failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { version: number; environments: Record<string, { version: number }> };
  };
  await ok(server.post(`/api/v1/environments/${env}/segments`, { key: 'internal', name: 'Internal', included: ['zoe', 'adam'], rules: [{ clauses: [{ attribute: 'email', op: 'endsWith', values: ['@switchyard.dev'] }] }] }));
  await ok(server.post(`/api/v1/environments/${env}/segments`, { key: 'beta', included: ['u-2', 'u-1'], excluded: ['u-9'] }));
  await ok(server.post('/api/v1/flags', { key: 'new-checkout', type: 'release', owner: 'team-payments', tags: ['web', 'checkout'], description: 'The one-page checkout' }));
  const cfg = (key: string) => server.get(`/api/v1/flags/${key}/environments/${env}`).then((r) => r.body.version as number);
  await ok(
    server.patch(`/api/v1/flags/new-checkout/environments/${env}`, {
      baseVersion: await cfg('new-checkout'),
      targets: [{ variation: 1, values: ['qa-2', 'qa-1'] }],
      rules: [
        { id: 'staff', clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['internal'] }], serve: { variation: 1 } },
        { id: 'ramp', description: '10% of beta', clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['beta'] }], serve: { rollout: { variations: [{ variation: 0, weight: 90_000 }, { variation: 1, weight: 10_000 }] } } },
      ],
    }),
  );
  await ok(server.post(`/api/v1/flags/new-checkout/environments/${env}/toggle`, { enabled: true, baseVersion: await cfg('new-checkout') }));
  await ok(
    server.post('/api/v1/flags', {
      key: 'banner-copy',
      type: 'experiment',
      owner: 'team-growth',
      variationType: 'json',
      variations: [
        { name: 'control', value: { title: 'Hello', colour: 'blue' } },
        { name: 'bold', value: { colour: 'red', title: 'HELLO', sizes: [1, 2.5] }, description: 'louder' },
      ],
      clientSide: true,
    }),
  );
  await ok(server.patch(`/api/v1/flags/banner-copy/environments/${env}`, { baseVersion: await cfg('banner-copy'), prerequisites: [{ flag: 'new-checkout', variation: 1 }], fallthrough: { variation: 1 } }));
  await ok(server.post('/api/v1/flags', { key: 'payments-valve', type: 'kill-switch', owner: 'team-sre', expiresAt: null, variationType: 'string', variations: [{ name: 'off', value: 'off' }, { name: 'yes', value: 'yes' }] }));
  await ok(server.post(`/api/v1/flags/payments-valve/environments/${env}/toggle`, { enabled: true, baseVersion: await cfg('payments-valve') }));
  await ok(server.post(`/api/v1/flags/payments-valve/environments/${env}/kill`, { reason: 'INC-7: processor down' }));
  await ok(server.post('/api/v1/flags', { key: 'old-banner', type: 'release', owner: 'team-growth' }));
  await ok(server.post('/api/v1/flags/old-banner/archive', { reason: 'done' }));
  await ok(server.post('/api/v1/flags', { key: 'orders-db', type: 'migration', owner: 'team-data', tags: ['db'] }));
}
