import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../apps/server/test/store-contract/support/throwaway-postgres';
import { KEY_RECHECK_MS } from '../../apps/server/src/features/auth/key-cache';
import { VERSION_RECHECK_MS } from '../../apps/server/src/features/sdk/rule-set-cache';
import { ServerProcess } from '../support/server-process';
import { freePort, ThrowawayRedis } from '../support/throwaway-redis';

/**
 * The SDK endpoint's in-memory key records and rule-set versions across replicas (processes sharing
 * PostgreSQL): a key revoked on A, or a change made on A, reaches B's `GET /sdk/v1/flags` — at once
 * through Redis, within the re-check bounds without it.
 */
const CATCH_UP_MS = 300;

async function until(what: string, fn: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await fn()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const rules = (p: ServerProcess, key: string) => fetch(`${p.baseUrl}/sdk/v1/flags`, { headers: { authorization: `Bearer ${key}` } });

function replicaSuite(name: string, withRedis: boolean) {
  describe(name, () => {
    let pg: ThrowawayDatabase;
    let redis: ThrowawayRedis | undefined;
    let a: ServerProcess;
    let b: ServerProcess;

    beforeAll(async () => {
      pg = await createThrowawayDatabase();
      if (withRedis) {
        redis = new ThrowawayRedis(await freePort());
        await redis.start();
      }
      const env: Record<string, string> = { DATABASE_URL: pg.url, REPLICAS: 'many', CATCH_UP_MS: String(CATCH_UP_MS), SWITCHYARD_ADMIN_TOKEN: `sya_caches_${Date.now()}_token` };
      if (redis) env.REDIS_URL = redis.url;
      a = new ServerProcess(env);
      b = new ServerProcess(env);
      await Promise.all([a.start(), b.start()]);
    }, 90_000);
    afterAll(async () => {
      await Promise.all([a?.dispose(), b?.dispose()]);
      await redis?.stop();
      await pg?.drop();
    });

    // Through Redis the revocation message arrives within milliseconds; without, the re-check bound holds.
    const revokeBound = withRedis ? 500 : KEY_RECHECK_MS + 700;
    const changeBound = withRedis ? 500 : VERSION_RECHECK_MS + 700;

    it('refuses on B a server key revoked on A, within the bound', async () => {
      const key = await a.sdkKey('server');
      for (let i = 0; i < 5; i++) expect((await rules(b, key.secret)).status).toBe(200); // in B's memory now
      expect((await a.api('POST', `/api/v1/keys/${key.id}/revoke`, { reason: 'leaked' })).status).toBe(200);
      expect((await rules(a, key.secret)).status).toBe(401); // the revoking replica: the very next request
      const took = await until('B to refuse the revoked key', async () => (await rules(b, key.secret)).status === 401, 5_000);
      expect(took).toBeLessThan(revokeBound);
      // And it stays refused.
      for (let i = 0; i < 3; i++) expect((await rules(b, key.secret)).status).toBe(401);
    }, 30_000);

    it('serves on B a change made on A, within the bound', async () => {
      const key = await a.sdkKey('server');
      const before = (await (await rules(b, key.secret)).json()) as { version: number };
      const created = await a.api('POST', '/api/v1/flags', { key: `from-a-${Date.now()}`, type: 'release', owner: 'team' });
      expect(created.status).toBe(201);
      const took = await until('B to serve the new version', async () => ((await (await rules(b, key.secret)).json()) as { version: number }).version > before.version, 5_000);
      expect(took).toBeLessThan(changeBound);
    }, 30_000);

    if (withRedis)
      it('while Redis is down, still refuses revoked keys within the re-check bound', async () => {
        const key = await a.sdkKey('server');
        expect((await rules(b, key.secret)).status).toBe(200);
        await redis!.stop();
        try {
          expect((await a.api('POST', `/api/v1/keys/${key.id}/revoke`, { reason: 'leaked while redis is down' })).status).toBe(200);
          const took = await until('B to refuse the revoked key', async () => (await rules(b, key.secret)).status === 401, 5_000);
          expect(took).toBeLessThan(KEY_RECHECK_MS + 700);
        } finally {
          await redis!.start();
        }
      }, 30_000);
  });
}

replicaSuite('two replicas, PostgreSQL and Redis', true);
replicaSuite('two replicas, PostgreSQL and polling (no Redis)', false);
