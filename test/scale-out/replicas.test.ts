import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../apps/server/test/store-contract/support/throwaway-postgres';
import { RawStream } from '../../apps/server/test/support/ws-client';
import { ServerProcess } from '../support/server-process';
import { freePort, ThrowawayRedis } from '../support/throwaway-redis';

/**
 * The scale-out topology as processes: two replicas sharing one PostgreSQL database, changes fanned
 * out through a real Redis that the test stops and restarts.
 */
const CATCH_UP_MS = 300;
let pg: ThrowawayDatabase;
let redis: ThrowawayRedis;
let a: ServerProcess;
let b: ServerProcess;
let serverKey: string;
let keyDir: string | undefined;

beforeAll(async () => {
  pg = await createThrowawayDatabase();
  redis = new ThrowawayRedis(await freePort());
  await redis.start();
  // One audit signing key for both replicas; checkpoints often, so both write them while racing.
  keyDir = mkdtempSync(join(tmpdir(), 'switchyard-replicas-'));
  const keyFile = join(keyDir, 'audit-signing-key.pem');
  writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const audit = { AUDIT_SIGNING_KEY_FILE: keyFile, AUDIT_CHECKPOINT_EVERY: '3', AUDIT_CHECKPOINT_MS: '200' };
  const env = { DATABASE_URL: pg.url, REDIS_URL: redis.url, REPLICAS: 'many', CATCH_UP_MS: String(CATCH_UP_MS), SWITCHYARD_ADMIN_TOKEN: `sya_replicas_${Date.now()}_token`, ...audit };
  a = new ServerProcess(env);
  b = new ServerProcess(env);
  await Promise.all([a.start(), b.start()]);
  serverKey = (await a.sdkKey('server')).secret;
  await a.api('POST', '/api/v1/flags', { key: 'spread', type: 'release', owner: 'team' });
}, 90_000);
afterAll(async () => {
  await Promise.all([a?.dispose(), b?.dispose()]);
  await redis?.stop();
  await pg?.drop();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

const readyz = async (p: ServerProcess) => (await fetch(`${p.baseUrl}/readyz`)).json() as Promise<{ status: string; redis: string; fanout: string }>;
async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const kill = (by: ServerProcess, reason: string) => by.api('POST', '/api/v1/flags/spread/environments/production/kill', { reason });
const restore = (by: ServerProcess, reason: string) => by.api('POST', '/api/v1/flags/spread/environments/production/restore', { reason });

describe('two replicas, PostgreSQL and Redis', () => {
  it('delivers every change made on A to an SDK on B — through Redis, through the database while Redis is down, and through Redis again', async () => {
    const sdk = new RawStream(b.baseUrl);
    const ready = await sdk.hello(serverKey);
    const snapshot = await sdk.next('snapshot');
    expect(snapshot.version).toBe(ready.version);
    expect((await readyz(b)).fanout).toBe('redis');

    const viaRedis = await kill(a, 'through redis');
    expect((await sdk.next('patch')).version).toBe(viaRedis.body.version);

    await redis.stop();
    await until('B to notice Redis is down', async () => ((await readyz(b)).redis === 'down' ? true : undefined));
    expect((await readyz(b)).status).toBe('degraded');
    const started = Date.now();
    const viaDatabase = await restore(a, 'while redis is down');
    expect(viaDatabase.status).toBe(200);
    const caughtUp = await sdk.next('patch', 10_000);
    expect(caughtUp.version).toBe(viaDatabase.body.version);
    expect(Date.now() - started).toBeLessThan(CATCH_UP_MS * 10);

    await redis.start();
    await until('B back on Redis', async () => ((await readyz(b)).fanout === 'redis' ? true : undefined));
    const back = await kill(a, 'redis is back');
    expect((await sdk.next('patch')).version).toBe(back.body.version);

    // Every version once, in order, from the snapshot on.
    const versions = sdk.frames.filter((f) => f.type === 'patch').map((f) => f.version);
    expect(versions).toEqual([ready.version + 1, ready.version + 2, ready.version + 3]);
    sdk.close();
  }, 90_000);

  it('20 concurrent writers through both replicas: gap-free versions, one verified audit chain, every SDK in step', async () => {
    const onA = new RawStream(a.baseUrl);
    const onB = new RawStream(b.baseUrl);
    const start = (await onA.hello(serverKey)).version;
    await onB.hello(serverKey);
    const writes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).api('POST', '/api/v1/environments/production/segments', { key: `w${i}`, included: [`u${i}`] })),
    );
    expect(writes.map((w) => w.status)).toEqual(new Array(20).fill(201));
    for (const sdk of [onA, onB]) {
      await until('20 patches', async () => (sdk.frames.filter((f) => f.type === 'patch').length >= 20 ? true : undefined));
      expect(sdk.frames.filter((f) => f.type === 'patch').map((f) => f.version)).toEqual(Array.from({ length: 20 }, (_, i) => start + 1 + i));
    }
    for (const p of [a, b]) expect((await p.api('GET', '/api/v1/audit/verify')).body.ok).toBe(true);
    // Both replicas signed checkpoints with the one key, never two for one entry; each verifies all of them.
    const verdicts = await Promise.all([a, b].map(async (p) => (await p.api('GET', '/api/v1/audit/verify')).body));
    for (const v of verdicts) expect(v).toMatchObject({ ok: true, breaks: [], checkpoints: { signing: true, publicKey: verdicts[0].checkpoints.publicKey } });
    expect(verdicts[0].checkpoints.checked).toBeGreaterThanOrEqual(Math.floor(verdicts[0].entries / 3));
    onA.close();
    onB.close();
  }, 90_000);

  it('a plan applied on A reaches an SDK on B as one changes message at one version, through Redis', async () => {
    const onB = new RawStream(b.baseUrl);
    const start = (await onB.hello(serverKey, { protocol: 2 })).version;
    await onB.next('snapshot');
    const plan = await a.api('POST', '/api/v1/environments/production/apply', {
      changes: [
        { op: 'segment.create', key: 'plan-ring', included: ['u1'] },
        { op: 'flag.create', key: 'plan-flag', type: 'release', owner: 'team' },
        { op: 'flag.enable', key: 'plan-flag' },
      ],
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(200);
    expect(plan.body.versions.production).toBe(start + 1);
    const changes = await onB.next('changes', 10_000);
    expect(changes.version).toBe(start + 1);
    expect(changes.items.map((i: { key: string }) => i.key).sort()).toEqual(['plan-flag', 'plan-ring']);
    expect(changes.items.find((i: { key: string }) => i.key === 'plan-flag').data.enabled).toBe(true);
    expect(onB.frames.filter((f) => f.type === 'patch')).toEqual([]);
    onB.close();
  }, 60_000);
});
