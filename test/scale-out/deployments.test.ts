import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../apps/server/test/store-contract/support/throwaway-postgres';
import { SseClient } from '../../apps/server/test/support/sse-client';
import { RawStream } from '../../apps/server/test/support/ws-client';
import { ServerProcess } from '../support/server-process';
import { freePort, ThrowawayRedis } from '../support/throwaway-redis';

/**
 * Two deployments on one real Redis: A is two replicas sharing a PostgreSQL database, B one replica
 * on its own SQLite file. Each numbers its versions from its own database, so both reach the same
 * version; each SDK must see only its deployment's changes, and a change at a version the other
 * deployment used first must still arrive (a kill is never swallowed as a "duplicate").
 */
let pg: ThrowawayDatabase;
let redis: ThrowawayRedis;
let a1: ServerProcess;
let a2: ServerProcess;
let b: ServerProcess;
const streams: RawStream[] = [];

beforeAll(async () => {
  pg = await createThrowawayDatabase();
  redis = new ThrowawayRedis(await freePort());
  await redis.start();
  const envA = { DATABASE_URL: pg.url, REDIS_URL: redis.url, REPLICAS: 'many', CATCH_UP_MS: '300', SWITCHYARD_ADMIN_TOKEN: `sya_deployment_a_${Date.now()}` };
  a1 = new ServerProcess(envA);
  a2 = new ServerProcess(envA);
  b = new ServerProcess({ REDIS_URL: redis.url, SWITCHYARD_ADMIN_TOKEN: `sya_deployment_b_${Date.now()}` });
  await Promise.all([a1.start(), a2.start(), b.start()]);
}, 90_000);
afterAll(async () => {
  for (const s of streams) s.close();
  await Promise.all([a1?.dispose(), a2?.dispose(), b?.dispose()]);
  await redis?.stop();
  await pg?.drop();
});

async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
async function sdkOn(p: ServerProcess, secret: string): Promise<RawStream> {
  const s = new RawStream(p.baseUrl);
  streams.push(s);
  await s.hello(secret);
  await s.next('snapshot');
  return s;
}
/** The newest environment version a stream has seen. */
const seen = (s: RawStream) => Math.max(...s.frames.filter((f) => typeof f.version === 'number').map((f) => f.version as number));
const keysSeen = (s: RawStream) => new Set(s.frames.flatMap((f) => (f.type === 'patch' ? [f.key] : f.type === 'snapshot' ? (f.flags ?? []).map((x: { key: string }) => x.key) : [])));
const deploymentOf = (p: ServerProcess) => /deployment: (dep_[\w-]+)/.exec(p.output)?.[1];
/** One audited change in production (a new segment): one version more. */
const bump = (p: ServerProcess, key: string) => p.api('POST', '/api/v1/environments/production/segments', { key });
const publish = (channel: string, message: string) => {
  const r = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(redis.port), 'PUBLISH', channel, message]);
  expect(r.status).toBe(0);
  return Number(r.stdout.toString().trim()); // receivers
};
const metric = async (p: ServerProcess, pattern: RegExp) => Number(pattern.exec(await (await fetch(`${p.baseUrl}/metrics`)).text())?.[1] ?? 0);

describe('two deployments on one Redis', () => {
  it('have an identity each, stored in their database and shared by the replicas of one deployment', () => {
    expect(deploymentOf(a1)).toMatch(/^dep_/);
    expect(deploymentOf(a2)).toBe(deploymentOf(a1));
    expect(deploymentOf(b)).toMatch(/^dep_/);
    expect(deploymentOf(b)).not.toBe(deploymentOf(a1));
  });

  it("each SDK sees only its deployment's changes, and A's kill at the version B used first reaches A's SDK", async () => {
    expect((await a1.api('POST', '/api/v1/flags', { key: 'a-flag', type: 'release', owner: 'team-a' })).status).toBe(201);
    const sdkA = await sdkOn(a2, (await a1.sdkKey('server')).secret); // on the other replica: A's changes reach it through Redis
    const sdkB = await sdkOn(b, (await b.sdkKey('server')).secret);

    // Bring both deployments' production to the same version.
    for (let i = 0; seen(sdkA) !== seen(sdkB); i++) {
      const [server, sdk] = seen(sdkA) < seen(sdkB) ? [a1, sdkA] : [b, sdkB];
      const before = seen(sdk);
      expect((await bump(server, `pad-${i}`)).status).toBe(201);
      await until('the padding change', () => seen(sdk) > before);
    }
    const v = seen(sdkA);

    // B commits v + 1 first, then A commits its own v + 1: a kill.
    expect((await b.api('POST', '/api/v1/flags', { key: 'b-only', type: 'release', owner: 'team-b' })).status).toBe(201);
    await until("B's SDK to get B's flag", () => keysSeen(sdkB).has('b-only'));
    const kill = await a1.api('POST', '/api/v1/flags/a-flag/environments/production/kill', { reason: 'INC-15: the kill must land' });
    expect(kill.status).toBe(200);
    expect(kill.body.version).toBe(v + 1);

    const patch = await sdkA.next('patch', 10_000);
    expect(patch).toMatchObject({ version: v + 1, key: 'a-flag', data: { killed: { reason: 'INC-15: the kill must land' } } });

    // One more change on each side: what each SDK has seen up to it is all its deployment's.
    await bump(a1, 'sync-a');
    await bump(b, 'sync-b');
    await until('both SDKs at v + 2', () => seen(sdkA) === v + 2 && seen(sdkB) === v + 2);
    expect(keysSeen(sdkA).has('b-only')).toBe(false);
    expect(keysSeen(sdkA).has('sync-b')).toBe(false);
    expect(keysSeen(sdkB).has('a-flag')).toBe(false);
    expect(keysSeen(sdkB).has('sync-a')).toBe(false);
    const versionsA = sdkA.frames.filter((f) => f.type === 'patch').map((f) => f.version);
    expect(versionsA).toEqual([...new Set(versionsA)].sort((x, y) => x - y)); // each version once, in order
  }, 60_000);

  it('never applies a message naming another deployment, nor one in the format of earlier releases (which carries none)', async () => {
    const sdkA = await sdkOn(a2, (await a1.sdkKey('server')).secret);
    const next = seen(sdkA) + 1;
    const forged = (key: string) => ({ envKey: 'production', version: next, kind: 'flag', key, op: 'upsert', payload: JSON.stringify({ key, type: 'release', variationType: 'boolean', variations: [{ name: 'off', value: false }, { name: 'on', value: true }], offVariation: 0, clientSide: false, enabled: true, killed: null, targets: [], rules: [], fallthrough: { variation: 1 }, prerequisites: [], version: next }), at: new Date().toISOString() });
    const refusedBefore = await metric(a2, /^switchyard_fanout_messages_refused_total\{reason="foreign-deployment"\} (\d+)/m);

    // On A's own channel, but naming another deployment (as a database copied from A's would not, see docs/storage.md).
    expect(publish(`switchyard:${deploymentOf(a1)}:changes`, JSON.stringify({ deployment: 'dep_someone_else', change: forged('forged-foreign') }))).toBe(2);
    // On the channel every deployment shared before identities: a replica of an earlier release.
    expect(publish('switchyard:changes', JSON.stringify(forged('forged-legacy')))).toBeGreaterThanOrEqual(2);
    await until('A2 to count the refusal', async () => (await metric(a2, /^switchyard_fanout_messages_refused_total\{reason="foreign-deployment"\} (\d+)/m)) > refusedBefore);

    const real = await a1.api('POST', '/api/v1/flags/a-flag/environments/production/restore', { reason: 'recovered' });
    expect(real.body.version).toBe(next);
    expect(await sdkA.next('patch', 10_000)).toMatchObject({ version: next, key: 'a-flag' });
    expect(keysSeen(sdkA).has('forged-foreign')).toBe(false);
    expect(keysSeen(sdkA).has('forged-legacy')).toBe(false);
  }, 60_000);

  it("a token revoked on A1 ends its admin event stream on A2 at once, through Redis", async () => {
    const token = await a1.api('POST', '/api/v1/keys', { kind: 'admin', role: 'viewer', name: 'watcher' });
    const events = await SseClient.open(a2.baseUrl, { authorization: `Bearer ${token.body.secret}` });
    try {
      const started = Date.now();
      expect((await a1.api('POST', `/api/v1/keys/${token.body.key.id}/revoke`, { reason: 'left' })).status).toBe(200);
      await events.waitEnded(5_000);
      expect(events.closeReason).toBe('token-revoked'); // not the heartbeat's re-check (15 s): the Redis message
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      events.close();
    }
  }, 30_000);
});
