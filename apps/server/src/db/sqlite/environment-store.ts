import { and, asc, eq, sql } from 'drizzle-orm';
import type { EnvironmentSize } from '../records';
import type { EnvironmentStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { environments } from './schema';

const NOTHING: EnvironmentSize = { bytes: 0, flags: 0, segments: 0 };
const p = (name: string) => sql.placeholder(name);

export function sqliteEnvironmentStore(db: SqliteDb): EnvironmentStore {
  const e = environments;
  // Read and bumped by every versioned change: prepared once.
  const get = db.select().from(e).where(eq(e.key, p('key'))).prepare();
  // SET expressions read the row as it was: the size stays current only if it was current before.
  const bump = db
    .update(e)
    .set({
      version: sql`${e.version} + 1`,
      sizeBytes: sql`${e.sizeBytes} + ${p('bytes')}`,
      flagCount: sql`${e.flagCount} + ${p('flags')}`,
      segmentCount: sql`${e.segmentCount} + ${p('segments')}`,
      sizedVersion: sql`case when ${e.sizedVersion} = ${e.version} then ${e.version} + 1 else -1 end`,
    })
    .where(eq(e.key, p('key')))
    .returning({ version: e.version, bytes: e.sizeBytes, flags: e.flagCount, segments: e.segmentCount, sizedVersion: e.sizedVersion })
    .prepare();
  const add = db
    .update(e)
    .set({ sizeBytes: sql`${e.sizeBytes} + ${p('bytes')}`, flagCount: sql`${e.flagCount} + ${p('flags')}`, segmentCount: sql`${e.segmentCount} + ${p('segments')}` })
    .where(and(eq(e.key, p('key')), eq(e.sizedVersion, e.version)))
    .returning({ bytes: e.sizeBytes, flags: e.flagCount, segments: e.segmentCount })
    .prepare();
  // Every flag created reads the list (to give the flag a config in each environment): prepared once.
  const list = db.select().from(e).orderBy(asc(e.createdAt), asc(e.key)).prepare();
  const set = db
    .update(e)
    .set({ sizeBytes: sql`${p('bytes')}`, flagCount: sql`${p('flags')}`, segmentCount: sql`${p('segments')}`, sizedVersion: sql`${e.version}` })
    .where(eq(e.key, p('key')))
    .prepare();
  return {
    async list() {
      return list.all();
    },
    async get(key) {
      return get.get({ key });
    },
    async insert(env) {
      db.insert(e).values(env).run();
    },
    async bumpVersion(key, delta = NOTHING) {
      const row = bump.get({ key, ...delta });
      if (row === undefined) throw new Error(`environment ${key} vanished inside its transaction`);
      const { version, bytes, flags, segments, sizedVersion } = row;
      return { version, size: sizedVersion === version ? { bytes, flags, segments } : undefined };
    },
    async addSize(key, delta) {
      const row = add.get({ key, ...delta });
      if (row === undefined) throw new Error(`environment ${key} has no current size to add to`);
      return row;
    },
    async setSize(key, size) {
      set.run({ key, bytes: size.bytes, flags: size.flags, segments: size.segments });
    },
  };
}
