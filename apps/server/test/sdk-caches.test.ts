import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import type { ApiKeyRecord } from '../src/db/records';
import type { Database } from '../src/db/stores';
import { SYSTEM_ACTOR } from '../src/features/auth/actor';
import { KEY_RECHECK_MS, KeyCache } from '../src/features/auth/key-cache';
import { VERSION_RECHECK_MS } from '../src/features/sdk/rule-set-cache';
import { createServices, type Services } from '../src/services';
import { openTestDatabase, type TestDatabase } from './store-contract/support/test-database';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

/**
 * The SDK endpoint's in-memory key records and rule-set versions: what they save must never cost
 * correctness — revocations, new keys, new changes and database outages behave as without them.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cfgUrl = '/api/v1/flags/cached/environments/production';

describe('one replica', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    await s.post('/api/v1/flags', flagBody('cached'));
  });
  afterAll(() => s.close());

  const rules = (token: string, headers: Record<string, string> = {}) => s.request('GET', '/sdk/v1/flags', { token, headers });

  it('refuses a revoked server key on the very next request', async () => {
    const created = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'to-revoke' })).body;
    for (let i = 0; i < 3; i++) expect((await rules(created.secret)).status).toBe(200); // now in memory
    expect((await s.post(`/api/v1/keys/${created.key.id}/revoke`, { reason: 'leaked' })).status).toBe(200);
    const next = await rules(created.secret);
    expect(next.status).toBe(401);
    expect(next.body.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a revoked admin token on the very next request', async () => {
    const created = (await s.post('/api/v1/keys', { kind: 'admin', role: 'viewer', name: 'to-revoke' })).body;
    expect((await s.get('/api/v1/flags', created.secret)).status).toBe(200);
    expect((await s.post(`/api/v1/keys/${created.key.id}/revoke`, { reason: 'left' })).status).toBe(200);
    expect((await s.get('/api/v1/flags', created.secret)).status).toBe(401);
  });

  it('accepts a new key at once, also as a rotation (new key, old one revoked)', async () => {
    const old = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'v1' })).body;
    expect((await rules(old.secret)).status).toBe(200);
    const fresh = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'v2' })).body;
    expect((await rules(fresh.secret)).status).toBe(200);
    await s.post(`/api/v1/keys/${old.key.id}/revoke`, { reason: 'rotated' });
    expect((await rules(old.secret)).status).toBe(401);
    expect((await rules(fresh.secret)).status).toBe(200);
  });

  it('serves a change made through the admin API on the next request, body and etag', async () => {
    const key = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'poller' })).body.secret;
    const before = await rules(key);
    expect((await rules(key, { 'if-none-match': before.headers.etag as string })).status).toBe(304);
    for (const reason of ['first', 'second']) {
      await s.post(`${cfgUrl}/kill`, { reason });
      const after = await rules(key, { 'if-none-match': before.headers.etag as string });
      expect(after.status).toBe(200);
      expect(after.body.flags.find((f: any) => f.key === 'cached').killed.reason).toBe(reason);
      expect(after.headers.etag).not.toBe(before.headers.etag);
      await s.post(`${cfgUrl}/restore`, { reason: 'back' });
    }
    const latest = await rules(key);
    expect(latest.headers['cache-control']).toBe('no-cache');
    expect(latest.headers['x-switchyard-stale']).toBeUndefined();
  });

  it('never remembers unknown secrets: random keys do not grow memory', async () => {
    const cache = s.services.keyCache;
    const before = cache.size;
    for (let i = 0; i < 50; i++) expect((await rules(`sys_random${i}_${'x'.repeat(20)}`)).status).toBe(401);
    expect(cache.size).toBe(before);
  });
});

/**
 * Another replica writing to the same database, without any fan-out to this one: only the time
 * bounds tell this server, and they must.
 */
describe('changes and revocations committed by another replica, learned late', () => {
  let database: TestDatabase;
  let here: { services: Services; app: FastifyInstance };
  let there: { services: Services; app: FastifyInstance };
  let admin: string;

  beforeAll(async () => {
    database = await openTestDatabase((err) => {
      throw err;
    });
    const make = async () => {
      const services = createServices({ db: database.db });
      return { services, app: await buildApp(services, { adminDir: false }) };
    };
    here = await make();
    there = await make();
    await here.services.environments.ensureDefaults(SYSTEM_ACTOR);
    admin = (await here.services.keys.bootstrap(SYSTEM_ACTOR, undefined))!;
  });
  afterAll(async () => {
    await here?.app.close();
    await there?.app.close();
    await database?.dispose();
  });

  const call = (app: FastifyInstance, method: 'GET' | 'POST', url: string, token: string, payload?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) });

  it('refuses a key revoked elsewhere within the re-check bound', async () => {
    const created = (await call(there.app, 'POST', '/api/v1/keys', admin, { kind: 'server', environment: 'production', name: 'elsewhere' })).json();
    expect((await call(here.app, 'GET', '/sdk/v1/flags', created.secret)).statusCode).toBe(200);
    expect((await call(there.app, 'POST', `/api/v1/keys/${created.key.id}/revoke`, admin, { reason: 'leaked' })).statusCode).toBe(200);
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < KEY_RECHECK_MS * 3) {
      status = (await call(here.app, 'GET', '/sdk/v1/flags', created.secret)).statusCode;
      if (status === 200) await sleep(20);
    }
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(KEY_RECHECK_MS + 500);
  });

  it('serves a change committed elsewhere within the version re-check bound', async () => {
    const key = (await call(there.app, 'POST', '/api/v1/keys', admin, { kind: 'server', environment: 'production', name: 'poller' })).json().secret;
    const before = (await call(here.app, 'GET', '/sdk/v1/flags', key)).json();
    expect((await call(there.app, 'POST', '/api/v1/flags', admin, flagBody('from-elsewhere'))).statusCode).toBe(201);
    const committedAt = Date.now();
    let version = before.version;
    while (version === before.version && Date.now() - committedAt < VERSION_RECHECK_MS * 5) {
      version = (await call(here.app, 'GET', '/sdk/v1/flags', key)).json().version;
      if (version === before.version) await sleep(10);
    }
    expect(version).toBeGreaterThan(before.version);
    expect(Date.now() - committedAt).toBeLessThan(VERSION_RECHECK_MS + 400);
  });

  it('serves a change announced by the fan-out on the next request', async () => {
    const key = (await call(there.app, 'POST', '/api/v1/keys', admin, { kind: 'server', environment: 'production', name: 'announced' })).json().secret;
    const before = (await call(here.app, 'GET', '/sdk/v1/flags', key)).json();
    const changes: { envKey: string; version: number }[] = [];
    const off = there.services.feed.subscribe((c) => changes.push(c));
    await call(there.app, 'POST', '/api/v1/flags', admin, flagBody('announced'));
    off();
    for (const change of changes) here.services.ruleSets.announce(change); // as the Redis fan-out does
    expect((await call(here.app, 'GET', '/sdk/v1/flags', key)).json().version).toBe(Math.max(...changes.map((c) => c.version)));
    expect(before.version).toBeLessThan(Math.max(...changes.map((c) => c.version)));
  });
});

/** A database handle that can be made unreachable, as a stopped PostgreSQL is (ECONNREFUSED). */
function switchable(db: Database): Database & { down: boolean } {
  const refused = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
  const wrapped: Database & { down: boolean } = {
    down: false,
    dialect: db.dialect,
    transaction: ((fn) => (wrapped.down ? refused() : db.transaction(fn))) as Database['transaction'],
    read: ((fn) => (wrapped.down ? refused() : db.read(fn))) as Database['read'],
    ping: () => (wrapped.down ? refused() : db.ping()),
    close: () => db.close(),
  };
  return wrapped;
}

describe('while the database is unreachable', () => {
  let database: TestDatabase;
  let db: ReturnType<typeof switchable>;
  let services: Services;
  let app: FastifyInstance;
  let admin: string;

  beforeAll(async () => {
    database = await openTestDatabase((err) => {
      throw err;
    });
    db = switchable(database.db);
    services = createServices({ db });
    await services.environments.ensureDefaults(SYSTEM_ACTOR);
    admin = (await services.keys.bootstrap(SYSTEM_ACTOR, undefined))!;
    app = await buildApp(services, { adminDir: false });
  });
  afterAll(async () => {
    db.down = false;
    await app?.close();
    await database?.dispose();
  });

  const get = (url: string, token: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  it('serves known keys their last rule set, marked stale, and refuses unknown keys with a 503', async () => {
    const key = (await app.inject({ method: 'POST', url: '/api/v1/keys', headers: { authorization: `Bearer ${admin}` }, payload: { kind: 'server', environment: 'production', name: 'through-outage' } })).json().secret;
    const fresh = await get('/sdk/v1/flags', key);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers['x-switchyard-stale']).toBeUndefined();

    db.down = true;
    // A write fails at once: the next SDK request re-checks the database and says its rules are stale.
    const write = await app.inject({ method: 'POST', url: '/api/v1/flags', headers: { authorization: `Bearer ${admin}` }, payload: flagBody('during') });
    expect(write.statusCode).toBe(503);
    const stale = await get('/sdk/v1/flags', key);
    expect(stale.statusCode).toBe(200);
    expect(stale.headers['x-switchyard-stale']).toMatch(/unreachable/);
    expect(stale.body).toBe(fresh.body);

    // Past every re-check bound: still served from the last known key record and rules.
    await sleep(Math.max(KEY_RECHECK_MS, VERSION_RECHECK_MS) + 100);
    const later = await get('/sdk/v1/flags', key);
    expect(later.statusCode).toBe(200);
    expect(later.headers['x-switchyard-stale']).toMatch(/unreachable/);
    expect(later.body).toBe(fresh.body);
    expect((await get('/sdk/v1/flags', `sys_never_seen_${'y'.repeat(24)}`)).statusCode).toBe(503);

    db.down = false;
    await sleep(Math.max(KEY_RECHECK_MS, VERSION_RECHECK_MS) + 100);
    const back = await get('/sdk/v1/flags', key);
    expect(back.statusCode).toBe(200);
    expect(back.headers['x-switchyard-stale']).toBeUndefined();
  });
});

describe('KeyCache', () => {
  const record = (id: string): ApiKeyRecord => ({
    id,
    kind: 'server',
    role: null,
    envKey: 'production',
    name: id,
    hash: `hash-${id}`,
    hint: 'sys_…',
    createdAt: '2024-01-01T00:00:00.000Z',
    createdBy: 'test',
    revokedAt: null,
    revokedBy: null,
    allowedOrigins: null,
  });
  /** A database whose key reads are counted and answered when the test says so. */
  function fakeDb() {
    const rows = new Map<string, ApiKeyRecord>();
    const pending: (() => void)[] = [];
    let reads = 0;
    const db = {
      dialect: 'sqlite',
      read: (fn: (s: any) => Promise<unknown>) => {
        reads++;
        return new Promise((resolve, reject) => pending.push(() => fn({ keys: { findByHash: async (h: string) => rows.get(h) } }).then(resolve, reject)));
      },
    } as unknown as Database;
    return { db, rows, reads: () => reads, answer: () => pending.splice(0).forEach((f) => f()) };
  }

  it('shares one database read between concurrent requests for a key', async () => {
    const f = fakeDb();
    f.rows.set('hash-a', record('a'));
    const cache = new KeyCache(f.db, { recheckMs: 60_000 });
    const finds = [cache.find('hash-a'), cache.find('hash-a'), cache.find('hash-a')];
    f.answer();
    expect((await Promise.all(finds)).map((k) => k?.id)).toEqual(['a', 'a', 'a']);
    expect(f.reads()).toBe(1);
    expect((await cache.find('hash-a'))?.id).toBe('a');
    expect(f.reads()).toBe(1);
  });

  it('does not keep a read that was in flight when the key was revoked', async () => {
    const f = fakeDb();
    f.rows.set('hash-a', record('a'));
    const cache = new KeyCache(f.db, { recheckMs: 60_000 });
    const inFlight = cache.find('hash-a');
    cache.forgetKey('a'); // revoked (committed) while the read was on its way
    f.rows.set('hash-a', { ...record('a'), revokedAt: '2024-01-02T00:00:00.000Z' });
    f.answer();
    await inFlight;
    expect(cache.peek('hash-a')).toBeUndefined();
    const next = cache.find('hash-a');
    f.answer();
    expect((await next)?.revokedAt).not.toBeNull();
  });

  it('re-reads every key after expireAll, and keeps at most `limit` records', async () => {
    const f = fakeDb();
    for (const id of ['a', 'b', 'c']) f.rows.set(`hash-${id}`, record(id));
    const cache = new KeyCache(f.db, { recheckMs: 60_000, limit: 2 });
    for (const id of ['a', 'b', 'c']) {
      const p = cache.find(`hash-${id}`);
      f.answer();
      await p;
    }
    expect(cache.size).toBe(2);
    expect(cache.peek('hash-c')?.id).toBe('c');
    cache.expireAll();
    expect(cache.peek('hash-c')).toBeUndefined();
  });
});
