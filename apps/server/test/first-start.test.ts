import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/stores';
import { SYSTEM_ACTOR } from '../src/features/auth/actor';
import { createServices } from '../src/services';
import { postgres, sqlite } from './store-contract/support/dialects';

const TOKEN = 'sya_shared_bootstrap_token_0001';

async function startTogether(dbs: Database[]) {
  const replicas = dbs.map((db) => createServices({ db }));
  await Promise.all(replicas.map((r) => r.environments.ensureDefaults(SYSTEM_ACTOR).then(() => r.keys.bootstrap(SYSTEM_ACTOR, TOKEN))));
  const envs = await replicas[0]!.environments.list();
  // Listed in pipeline order (creation order), even though first start creates them within a millisecond.
  expect(envs.map((e) => e.key)).toEqual(['development', 'staging', 'production']);
  expect((await replicas[0]!.keys.list()).filter((k) => k.kind === 'admin')).toHaveLength(1);
  expect((await replicas[0]!.audit.verify()).ok).toBe(true);
  // One deployment identity, whichever replica asked first; a new database gets another.
  const identities = await Promise.all(replicas.map((r) => r.deployment.identity()));
  expect(identities[0]).toMatch(/^dep_[A-Za-z0-9_-]{16}$/);
  expect(new Set(identities).size).toBe(1);
  expect(await createServices({ db: dbs[0]! }).deployment.identity()).toBe(identities[0]);
}

describe('first start', () => {
  it('gives every database its own deployment identity', async () => {
    const [one, two] = [await sqlite.open(), await sqlite.open()];
    const ids = await Promise.all([one, two].map((o) => createServices({ db: o.db }).deployment.identity()));
    expect(ids[0]).not.toBe(ids[1]);
    await Promise.all([one.dispose(), two.dispose()]);
  });

  afterAll(() => postgres.release());

  it('PostgreSQL: two replicas starting together create the environments and the admin token once', async () => {
    const opened = await postgres.open();
    await startTogether([opened.db, await opened.openAnother()]);
    await opened.dispose();
  });

  // SQLite is the single-process default: concurrent starts share one database (one connection).
  it('SQLite: concurrent starts in one process create them once', async () => {
    const opened = await sqlite.open();
    await startTogether([opened.db, opened.db, opened.db]);
    await opened.dispose();
  });
});
