import type { AuditAction } from '@switchyard/api';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPostgresDatabase } from '../../src/db/postgres/postgres-database';
import type { Database } from '../../src/db/stores';
import { AppError } from '../../src/errors/catalogue';
import { createAuditService } from '../../src/features/audit/audit-service';
import { SYSTEM_ACTOR, type Actor } from '../../src/features/auth/actor';
import { DEFAULT_ENVIRONMENT_BUDGET, recountEnvironment } from '../../src/features/environments/environment-size';
import { createServices } from '../../src/services';
import { postgres, type OpenedDatabase } from './support/dialects';
import { change, environment, measurement, T0 } from './support/records';
import { createThrowawayDatabase } from './support/throwaway-postgres';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const actor = (i: number): Actor => ({ name: `writer-${i}`, keyId: null, role: 'admin' });
const codeOf = (r: PromiseSettledResult<unknown>) => (r.status === 'fulfilled' ? 'ok' : r.reason instanceof AppError ? r.reason.code : String(r.reason));
/** `changed` / `unchanged` for a toggle, kill or restore that answered, else the error code. */
const outcomeOf = (r: PromiseSettledResult<{ changed: boolean }>) => (r.status === 'fulfilled' ? (r.value.changed ? 'changed' : 'unchanged') : codeOf(r));
const tally = (codes: string[]) => Object.fromEntries([...new Set(codes)].map((c) => [c, codes.filter((x) => x === c).length]));

/** Two `Database`s on one PostgreSQL database: two pools, as two server replicas would have. */
describe('PostgreSQL: several replicas on one database', () => {
  let opened: OpenedDatabase;
  let replicas: [Database, Database];

  beforeEach(async () => {
    opened = await postgres.open({ poolSize: 10 });
    replicas = [opened.db, await opened.openAnother({ poolSize: 10 })];
  });
  afterEach(() => opened.dispose());
  afterAll(() => postgres.release());

  it('20 concurrent writers on 2 replicas: gap-free versions per environment, one audit chain', async () => {
    await replicas[0].transaction(async (tx) => {
      await tx.environments.insert(environment('development'));
      await tx.environments.insert(environment('production'));
    });
    const audits = replicas.map((db) => createAuditService({ db, now: () => new Date() }));
    const ROUNDS = 5;
    // Every transaction bumps both environments (half of the writers in the opposite order), logs the
    // changes and appends one audit entry chained by the server's audit service.
    const writer = async (w: number) => {
      const db = replicas[w % 2]!;
      const audit = audits[w % 2]!;
      const order = w % 4 < 2 ? ['development', 'production'] : ['production', 'development'];
      const results: Record<string, number>[] = [];
      for (let round = 0; round < ROUNDS; round++)
        results.push(
          await db.transaction(async (tx) => {
            const versions: Record<string, number> = {};
            for (const env of order) {
              versions[env] = (await tx.environments.bumpVersion(env)).version;
              await tx.changes.append(change(env, versions[env]!, { key: `w${w}-r${round}` }));
            }
            await audit.record(tx, actor(w), { action: 'test.write' as AuditAction, resource: 'environment', after: { w, round, versions } });
            return versions;
          }),
        );
      return results;
    };
    const results = (await Promise.all(range(20).map(writer))).flat();
    const total = 20 * ROUNDS;
    const oneToTotal = range(total).map((i) => i + 1);

    for (const env of ['development', 'production']) {
      expect(results.map((r) => r[env]!).sort((a, b) => a - b), `${env}: versions handed out`).toEqual(oneToTotal);
      const log = await replicas[1].read((s) => s.changes.since(env, 0, 1_000));
      expect(log.map((c) => c.version), `${env}: change log`).toEqual(oneToTotal);
      expect(new Set(log.map((c) => c.key)).size).toBe(total);
      expect((await replicas[0].read((s) => s.environments.get(env)))?.version).toBe(total);
    }

    const entries = await replicas[0].read((s) => s.audit.list({ limit: 1_000, order: 'asc' }));
    expect(entries.map((e) => e.seq)).toEqual(oneToTotal);
    // One total order: the audit chain, both environments' versions and the commits agree.
    const versionsBySeq = entries.map((e) => (JSON.parse(e.after!) as { versions: Record<string, number> }).versions);
    expect(versionsBySeq.map((v) => v.production)).toEqual(oneToTotal);
    expect(versionsBySeq.map((v) => v.development)).toEqual(oneToTotal);
    for (const audit of audits) expect(await audit.verify()).toMatchObject({ ok: true, entries: total, breaks: [] });
  });

  it('a service\'s read-check-write holds across replicas: one kill wins, one toggle per base version wins', async () => {
    const services = replicas.map((db) => createServices({ db }));
    await services[0]!.environments.ensureDefaults(SYSTEM_ACTOR);
    await services[1]!.flags.create(SYSTEM_ACTOR, { key: 'checkout', type: 'release', owner: 'team-a' });

    const kills = await Promise.allSettled(range(10).map((i) => services[i % 2]!.configs.kill(actor(i), 'checkout', 'production', `incident ${i}`)));
    // One kill is written; the others find it killed: changed false, nothing written.
    expect(tally(kills.map(outcomeOf))).toEqual({ changed: 1, unchanged: 9 });

    const base = (await services[0]!.configs.get('checkout', 'staging')).version;
    const toggles = await Promise.allSettled(
      range(10).map((i) => services[i % 2]!.configs.toggle(actor(i), 'checkout', 'staging', { enabled: i % 3 !== 0, baseVersion: base })),
    );
    // One toggle to on is written; the ones to off, and to on after it, find the state asked for (unchanged) or a newer version.
    const codes = toggles.map(outcomeOf);
    expect(codes.filter((c) => c === 'changed')).toHaveLength(1);
    expect(codes.every((c) => ['changed', 'unchanged', 'VERSION_CONFLICT'].includes(c)), codes.join()).toBe(true);

    for (const env of ['development', 'staging', 'production']) {
      const log = await replicas[0].read((s) => s.changes.since(env, 0, 100));
      expect(log.map((c) => c.version)).toEqual(range(log.length).map((i) => i + 1));
    }
    expect(await services[1]!.audit.verify()).toMatchObject({ ok: true });
  });

  it('an environment budget holds across replicas: of 10 writers racing past it, exactly those that fit land, and the size stays exact', async () => {
    const budget = { ...DEFAULT_ENVIRONMENT_BUDGET, bytes: 30_000 };
    const services = replicas.map((db) => createServices({ db, budget }));
    await services[0]!.environments.ensureDefaults(SYSTEM_ACTOR);
    for (const i of range(10)) await services[i % 2]!.flags.create(SYSTEM_ACTOR, { key: `f${i}`, type: 'release', owner: 'team-a' });
    const start = (await services[0]!.environments.get('production')).size.bytes;
    // Each edit adds about 6 KB: only (30,000 − start) / 6 KB of them fit.
    const values = (i: number) => Array.from({ length: 100 }, (_, n) => `f${i}-user-${String(n).padStart(4, '0')}-${'x'.repeat(40)}`);
    const edits = await Promise.allSettled(
      range(10).map(async (i) => {
        const { version } = await services[i % 2]!.configs.get(`f${i}`, 'production');
        return services[i % 2]!.configs.update(actor(i), `f${i}`, 'production', { baseVersion: version, targets: [{ variation: 1, values: values(i) }] });
      }),
    );
    const codes = tally(edits.map(codeOf));
    const after = await services[1]!.environments.get('production');
    const oneEdit = (after.size.bytes - start) / (codes.ok ?? 1);
    expect(codes.ok! + codes.ENVIRONMENT_BUDGET_EXCEEDED!, JSON.stringify(codes)).toBe(10);
    expect(codes.ok).toBe(Math.floor((budget.bytes - start) / oneEdit));
    expect(after.size.bytes).toBeLessThanOrEqual(budget.bytes);
    expect(after.size).toEqual(await replicas[0].read((st) => recountEnvironment(st, 'production')));
  });

  it('usage counters from both replicas at once all count (atomic upserts, no write lock)', async () => {
    const minute = '2026-03-01T10:00:00.000Z';
    await Promise.all(
      range(20).map((i) =>
        replicas[i % 2]!.transaction(async (tx) => {
          const counters = [
            { flagKey: 'a', variant: 'on', count: 1 },
            { flagKey: 'b', variant: 'on', count: 2 },
          ];
          await tx.evaluations.add('production', i % 2 === 0 ? counters : counters.reverse(), T0);
          await tx.migrations.addMeasurement(measurement(minute, { oldLatency: [1], newLatency: [0, 0, 1] }));
        }),
      ),
    );
    const rows = await replicas[0].read((s) => s.evaluations.listAll());
    expect(rows.map((r) => `${r.flagKey}=${r.count}`)).toEqual(['a=20', 'b=40']);
    const [m] = await replicas[1].read((s) => s.migrations.listMeasurements('m1', 'production', 'shadow', minute));
    expect(m).toMatchObject({ oldInvocations: 200, compared: 140, oldLatency: [20], newLatency: [0, 0, 20] });
  });

  it('runs a unit of work again, transparently, when PostgreSQL picks it as a deadlock victim', async () => {
    const counter = (flagKey: string) => [{ flagKey, variant: 'on', count: 1 }];
    await replicas[0].transaction((tx) => tx.evaluations.add('production', [...counter('a'), ...counter('b')], T0));
    // Both hold one row and wait for the other's: a deadlock PostgreSQL breaks after deadlock_timeout.
    let arrived = 0;
    let release!: () => void;
    const bothHoldOneRow = new Promise<void>((resolve) => (release = resolve));
    const arrive = () => (++arrived === 2 ? release() : undefined);
    let attempts = 0;
    const crossing = (db: Database, first: string, second: string) =>
      db.transaction(async (tx) => {
        attempts++;
        await tx.evaluations.add('production', counter(first), T0);
        arrive();
        await bothHoldOneRow;
        await tx.evaluations.add('production', counter(second), T0);
      });
    await Promise.all([crossing(replicas[0], 'a', 'b'), crossing(replicas[1], 'b', 'a')]);
    // At least one was run again (under load PostgreSQL may abort both: each is then run again).
    expect(attempts).toBeGreaterThanOrEqual(3);
    const rows = await replicas[0].read((s) => s.evaluations.listAll());
    expect(rows.map((r) => `${r.flagKey}=${r.count}`)).toEqual(['a=3', 'b=3']);
  });

  it('the write lock spans replicas; reads never wait for it', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = replicas[0].transaction(async (tx) => {
      await tx.audit.head(); // takes the write lock
      locked();
      await held;
      await tx.audit.append({ seq: 1, at: T0, actor: 'a', actorKeyId: null, action: 'x', resource: 'flag', flagKey: null, envKey: null, targetKey: null, before: null, after: null, reason: null, prevHash: '0', hash: 'h1' });
    });
    await isLocked;
    let waiterDone = false;
    const waiter = replicas[1].transaction(async (tx) => tx.audit.head()).then((head) => ((waiterDone = true), head));
    expect(await replicas[1].read((s) => s.audit.count())).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(waiterDone).toBe(false);
    release();
    await holder;
    // The waiter read the head only after the holder committed: it sees the entry.
    expect(await waiter).toEqual({ seq: 1, hash: 'h1' });
  });

  it('a replica stalled inside a transaction loses it (and the write lock) after the idle timeout', async () => {
    const connectionErrors: unknown[] = [];
    const stalling = await opened.openAnother({ idleInTransactionTimeoutMs: 300, onConnectionError: (err) => connectionErrors.push(err) });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const stalled = stalling.transaction(async (tx) => {
      await tx.audit.head();
      locked();
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // e.g. an event loop stuck elsewhere
      await tx.audit.count();
    });
    const outcome = stalled.then(() => 'committed', () => 'failed');
    await isLocked;
    const started = Date.now();
    await replicas[1].transaction((tx) => tx.audit.head());
    expect(Date.now() - started).toBeLessThan(1_400);
    expect(await outcome).toBe('failed');
    // The process did not crash, and the stalled replica works again on a fresh connection.
    expect(await stalling.transaction((tx) => tx.audit.count())).toBe(0);
    // Reported (without a listener the connection's error event would have crashed the process).
    expect(connectionErrors.length).toBeGreaterThanOrEqual(1);
  });

  it('after close, work is refused', async () => {
    const db = await opened.openAnother();
    await db.close();
    await expect(db.read((s) => s.audit.count())).rejects.toThrow(/closed/);
    await expect(db.transaction((tx) => tx.audit.count())).rejects.toThrow(/closed/);
  });
});

describe('PostgreSQL: start-up', () => {
  it('replicas starting together on an empty database apply the migrations once', async () => {
    const database = await createThrowawayDatabase();
    try {
      const dbs = await Promise.all(range(3).map(() => createPostgresDatabase(database.url, { poolSize: 2 })));
      await dbs[0]!.transaction((tx) => tx.environments.insert(environment('production')));
      expect(await dbs[2]!.read((s) => s.environments.list())).toHaveLength(1);
      for (const db of dbs) await db.close();
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>('select count(*) as n from drizzle.__drizzle_migrations');
        expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(1);
        const again = await createPostgresDatabase(database.url, { poolSize: 1 });
        await again.close();
        const after = await client.query<{ n: string }>('select count(*) as n from drizzle.__drizzle_migrations');
        expect(after.rows[0]!.n).toBe(rows[0]!.n);
      } finally {
        await client.end();
      }
    } finally {
      await database.drop();
    }
  });

  it('rejects when the server cannot be reached', async () => {
    await expect(createPostgresDatabase('postgres://postgres@127.0.0.1:1/none', { poolSize: 1 })).rejects.toThrow();
  });
});

describe('PostgreSQL: prepared statements', () => {
  /** The statement names (and '' for unnamed ones) of the queries a unit of work sends, through pg's client. */
  async function statementNamesOf(namedStatements: boolean): Promise<{ names: string[]; version: number; env: string | undefined }> {
    const database = await createThrowawayDatabase();
    const db = await createPostgresDatabase(database.url, { poolSize: 1, namedStatements });
    const sent = vi.spyOn(pg.Client.prototype, 'query');
    try {
      await db.transaction((tx) => tx.environments.insert(environment('production')));
      sent.mockClear();
      // Twice on the one pooled connection: the second run reuses what the first prepared.
      let version = 0;
      for (let i = 0; i < 2; i++) version = await db.transaction(async (tx) => (await tx.environments.bumpVersion('production')).version);
      const env = await db.read((s) => s.environments.get('production'));
      const names = sent.mock.calls.map(([config]) => (typeof config === 'object' && config !== null ? ((config as { name?: string }).name ?? '') : ''));
      return { names, version, env: env?.key };
    } finally {
      sent.mockRestore();
      await db.close();
      await database.drop();
    }
  }

  it('prepares the write path by name once per connection; with namedStatements off, sends them unnamed and still works', async () => {
    const named = await statementNamesOf(true);
    expect(named).toMatchObject({ version: 2, env: 'production' });
    expect(named.names.filter((n) => n === 'environments_bump_version')).toHaveLength(2);
    expect(named.names).toContain('environments_get');

    const unnamed = await statementNamesOf(false);
    expect(unnamed).toMatchObject({ version: 2, env: 'production' });
    expect(unnamed.names.filter((n) => n !== '')).toEqual([]);
    expect(unnamed.names.length).toBe(named.names.length);
  });
});
