import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord, ChangeRecord, EnvironmentRecord, FlagConfigRecord, FlagRecord } from '../src/db/records';
import { rowByKey, rowWriter } from '../src/db/sqlite/direct-statements';
import { openSqlite, type SqliteDb } from '../src/db/sqlite/open-sqlite';
import { params, placeholdersFor } from '../src/db/placeholders';
import { auditLog, envChanges, environments, flagConfigs, flags } from '../src/db/sqlite/schema';

/**
 * The write path's statements prepared straight on better-sqlite3 must read and write exactly the
 * rows drizzle reads and writes, column for column (JSON text, 0/1 booleans, NULLs), on a real
 * SQLite file with every migration applied.
 */
describe('SQLite direct statements', () => {
  let dir: string;
  let db: SqliteDb;
  let raw: ReturnType<typeof openSqlite>['raw'];

  const at = '2026-11-27T05:00:00.000Z';
  const env: EnvironmentRecord = { key: 'production', name: 'Production', version: 7, createdAt: at, sizeBytes: 1_234, flagCount: 3, segmentCount: 1, sizedVersion: 7 };
  const flag: FlagRecord = {
    key: 'checkout',
    name: 'Checkout',
    description: 'new checkout',
    type: 'release',
    owner: 'payments',
    tags: ['web', 'q4'],
    createdAt: at,
    expiresAt: null,
    variationType: 'string',
    variations: [{ value: 'a', name: 'A' }, { value: 'b' }],
    offVariation: 1,
    clientSide: true,
    archivedAt: null,
    version: 3,
    updatedAt: at,
  } as FlagRecord;
  const config = (over: Partial<FlagConfigRecord> = {}): FlagConfigRecord =>
    ({
      flagKey: 'checkout',
      envKey: 'production',
      enabled: false,
      killed: null,
      targets: [{ variation: 0, values: ['u1'] }],
      rules: [{ id: 'r1', clauses: [{ attribute: 'country', op: 'in', values: ['DE'] }], serve: { variation: 0 } }],
      fallthrough: { variation: 1 },
      prerequisites: [],
      version: 1,
      updatedAt: at,
      ...over,
    }) as FlagConfigRecord;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-direct-'));
    ({ db, raw } = openSqlite(join(dir, 'switchyard.db')));
    db.insert(environments).values(env).run();
    db.insert(flags).values(flag).run();
  });
  afterEach(() => {
    raw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const stored = (table: string, where: string, ...keys: unknown[]) => raw.prepare(`select * from ${table} where ${where}`).get(...keys);
  /** How the stores wrote rows before: a drizzle insert prepared with a placeholder per column. */
  const drizzleInsert = (record: FlagConfigRecord) => db.insert(flagConfigs).values(placeholdersFor(flagConfigs)).prepare().run(params(record));

  it('reads a row as drizzle reads it: JSON parsed, booleans as booleans, NULL as null', () => {
    db.insert(flagConfigs).values(config({ enabled: true })).run();
    const byDrizzle = db.select().from(flagConfigs).where(and(eq(flagConfigs.flagKey, 'checkout'), eq(flagConfigs.envKey, 'production'))).get();
    const direct = rowByKey<FlagConfigRecord>(raw, flagConfigs, ['flagKey', 'envKey'])('checkout', 'production');
    expect(direct).toEqual(byDrizzle);
    expect(direct).toEqual(config({ enabled: true }));
    expect(direct!.enabled).toBe(true);

    const flagRow = rowByKey<FlagRecord>(raw, flags, ['key'])('checkout');
    expect(flagRow).toEqual(db.select().from(flags).where(eq(flags.key, 'checkout')).get());
    expect(flagRow).toEqual(flag);
    expect(flagRow!.expiresAt).toBeNull();
    expect(rowByKey<EnvironmentRecord>(raw, environments, ['key'])('production')).toEqual(env);
  });

  it('answers undefined when no row has the key', () => {
    expect(rowByKey(raw, flags, ['key'])('nope')).toBeUndefined();
    expect(rowByKey(raw, flagConfigs, ['flagKey', 'envKey'])('checkout', 'staging')).toBeUndefined();
  });

  it('writes the same column text as a prepared drizzle insert', () => {
    const killed = { by: 'oncall', at, reason: 'incident' };
    rowWriter<FlagConfigRecord>(raw, flagConfigs)(config({ killed: killed as FlagConfigRecord['killed'] }));
    const direct = stored('flag_configs', 'flag_key = ?', 'checkout');
    raw.prepare('delete from flag_configs').run();
    drizzleInsert(config({ killed: killed as FlagConfigRecord['killed'] }));
    expect(direct).toEqual(stored('flag_configs', 'flag_key = ?', 'checkout'));
    expect((direct as { enabled: number }).enabled).toBe(0);

    const entry: AuditRecord = {
      seq: 1, at, actor: 'admin', actorKeyId: null, action: 'flag.toggle', resource: 'flag-config', flagKey: 'checkout',
      envKey: 'production', targetKey: null, before: '{"enabled":false}', after: '{"enabled":true}', reason: 'launch', prevHash: '0'.repeat(64), hash: 'a'.repeat(64),
    };
    rowWriter<AuditRecord>(raw, auditLog)(entry);
    expect(db.select().from(auditLog).where(eq(auditLog.seq, 1)).get()).toEqual(entry);

    const change: ChangeRecord = { envKey: 'production', version: 8, kind: 'flag', key: 'checkout', op: 'upsert', payload: null, at };
    rowWriter<ChangeRecord>(raw, envChanges)(change);
    expect(db.select().from(envChanges).where(eq(envChanges.version, 8)).get()).toEqual(change);
  });

  // A prepared drizzle insert encodes null too: the JSON column holds the text `null`, as rows
  // written before these statements do. Both NULL and `null` read back as null.
  it('stores a null JSON column as the prepared drizzle insert did, and reads it back as null', () => {
    rowWriter<FlagConfigRecord>(raw, flagConfigs)(config());
    const direct = stored('flag_configs', 'flag_key = ?', 'checkout') as { killed: unknown };
    raw.prepare('delete from flag_configs').run();
    drizzleInsert(config());
    const byDrizzle = stored('flag_configs', 'flag_key = ?', 'checkout') as { killed: unknown };
    expect(direct.killed).toEqual(byDrizzle.killed);
    expect(direct.killed).toBe('null');
    const read = rowByKey<FlagConfigRecord>(raw, flagConfigs, ['flagKey', 'envKey']);
    expect(read('checkout', 'production')!.killed).toBeNull();
    raw.prepare('update flag_configs set killed = NULL').run();
    expect(read('checkout', 'production')!.killed).toBeNull();
  });

  it('upserts: a row with the same key has every other column overwritten', () => {
    const upsert = rowWriter<FlagConfigRecord>(raw, flagConfigs, ['flagKey', 'envKey']);
    upsert(config());
    const next = config({ enabled: true, rules: [], targets: [], fallthrough: { variation: 0 }, version: 2, updatedAt: '2026-11-28T00:00:00.000Z' });
    upsert(next);
    expect(raw.prepare('select count(*) from flag_configs').pluck().get()).toBe(1);
    expect(db.select().from(flagConfigs).get()).toEqual(next);
  });

  it('refuses a record that lacks a column, naming it, and writes nothing', () => {
    const { reason: _dropped, ...partial } = {
      seq: 1, at, actor: 'admin', actorKeyId: null, action: 'flag.toggle', resource: 'flag', flagKey: null, envKey: null, targetKey: null,
      before: null, after: null, reason: null, prevHash: '0'.repeat(64), hash: 'b'.repeat(64),
    };
    expect(() => rowWriter<AuditRecord>(raw, auditLog)(partial as AuditRecord)).toThrow('no value for audit_log.reason');
    expect(raw.prepare('select count(*) from audit_log').pluck().get()).toBe(0);
  });
});
