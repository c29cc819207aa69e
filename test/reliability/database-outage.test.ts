import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawStream } from '../../apps/server/test/support/ws-client';
import { ServerProcess } from '../support/server-process';
import { ThrowawayPostgresCluster } from '../support/throwaway-postgres-cluster';
import { freePort } from '../support/throwaway-redis';

/** PostgreSQL stopped mid-test (the real process): writes fail cleanly, SDKs keep being served, nothing acknowledged is lost. */
let cluster: ThrowawayPostgresCluster;
let server: ServerProcess;
let serverKey: string;

beforeAll(async () => {
  cluster = new ThrowawayPostgresCluster(await freePort());
  cluster.init();
  cluster.start();
  server = new ServerProcess({ DATABASE_URL: cluster.url });
  await server.start();
  serverKey = (await server.sdkKey('server')).secret;
}, 90_000);
afterAll(async () => {
  await server?.dispose();
  cluster?.dispose();
});

describe('PostgreSQL outage', () => {
  it('refuses writes with a clear 503, keeps streams and the SDK rule set serving, and loses nothing acknowledged', async () => {
    const acknowledged: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await server.api('POST', '/api/v1/flags', { key: `before-${i}`, type: 'release', owner: 'team' });
      expect(res.status).toBe(201);
      acknowledged.push(`before-${i}`);
    }
    const sdk = new RawStream(server.baseUrl);
    await sdk.hello(serverKey);
    await sdk.next('snapshot');
    const rules = await fetch(`${server.baseUrl}/sdk/v1/flags`, { headers: { authorization: `Bearer ${serverKey}` } });
    expect(rules.status).toBe(200);

    cluster.stop();

    const write = await server.api('POST', '/api/v1/flags', { key: 'during', type: 'release', owner: 'team' });
    expect(write.status).toBe(503);
    expect(write.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(write.body.message).toMatch(/nothing was changed/);
    const kill = await server.api('POST', '/api/v1/flags/before-0/environments/production/kill', { reason: 'during outage' });
    expect(kill.status).toBe(503);
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(503);

    // SDKs: the open stream still answers, the rule set is still served (marked stale), a new stream still gets a snapshot.
    sdk.send({ type: 'ping' });
    await sdk.next('pong');
    const stale = await fetch(`${server.baseUrl}/sdk/v1/flags`, { headers: { authorization: `Bearer ${serverKey}` } });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-switchyard-stale')).toMatch(/unreachable/);
    expect(((await stale.json()) as { flags: { key: string }[] }).flags.map((f) => f.key).sort()).toEqual(acknowledged);
    const late = new RawStream(server.baseUrl);
    await late.hello(serverKey);
    expect((await late.next('snapshot')).flags).toHaveLength(5);

    cluster.start();
    let after: { status: number; body: any } | undefined;
    for (let i = 0; i < 100; i++) {
      after = await server.api('POST', '/api/v1/flags', { key: 'after', type: 'release', owner: 'team' });
      if (after.status !== 503) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(after!.status).toBe(201);
    expect((await sdk.next('patch')).key).toBe('after');
    const flags = (await server.api('GET', '/api/v1/flags')).body.items.map((f: { key: string }) => f.key);
    for (const key of acknowledged) expect(flags).toContain(key);
    expect(flags).not.toContain('during');
    expect((await server.api('GET', '/api/v1/audit/verify')).body.ok).toBe(true);
    sdk.close();
    late.close();
  }, 90_000);
});
