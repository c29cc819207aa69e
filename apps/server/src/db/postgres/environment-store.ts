import { and, asc, eq, sql } from 'drizzle-orm';
import type { EnvironmentSize } from '../records';
import type { EnvironmentStore } from '../stores';
import { bytewise } from './columns';
import type { PgDb, StatementName } from './pg-db';
import { environments } from './schema';

const NOTHING: EnvironmentSize = { bytes: 0, flags: 0, segments: 0 };
const p = (name: string) => sql.placeholder(name);

export function postgresEnvironmentStore(db: PgDb, statement: StatementName): EnvironmentStore {
  const e = environments;
  // Read and bumped by every versioned change: prepared once per pooled connection (see flag-store.ts).
  const get = db.select().from(e).where(eq(e.key, p('key'))).prepare(statement('environments_get'));
  // The row lock this UPDATE takes is held until the transaction ends: a concurrent bump of the
  // same environment (from any replica) waits, then increments the committed value. SET expressions
  // read the row as it was: the size stays current only if it was current before.
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
    .prepare(statement('environments_bump_version'));
  const add = db
    .update(e)
    .set({ sizeBytes: sql`${e.sizeBytes} + ${p('bytes')}`, flagCount: sql`${e.flagCount} + ${p('flags')}`, segmentCount: sql`${e.segmentCount} + ${p('segments')}` })
    .where(and(eq(e.key, p('key')), eq(e.sizedVersion, e.version)))
    .returning({ bytes: e.sizeBytes, flags: e.flagCount, segments: e.segmentCount })
    .prepare(statement('environments_add_size'));
  return {
    async list() {
      return db.select().from(e).orderBy(asc(bytewise(e.createdAt)), asc(bytewise(e.key)));
    },
    async get(key) {
      const [row] = await get.execute({ key });
      return row;
    },
    async insert(env) {
      await db.insert(e).values(env);
    },
    async bumpVersion(key, delta = NOTHING) {
      const [row] = await bump.execute({ key, ...delta });
      if (!row) throw new Error(`environment ${key} vanished inside its transaction`);
      const { version, bytes, flags, segments, sizedVersion } = row;
      return { version, size: sizedVersion === version ? { bytes, flags, segments } : undefined };
    },
    async addSize(key, delta) {
      const [row] = await add.execute({ key, ...delta });
      if (!row) throw new Error(`environment ${key} has no current size to add to`);
      return row;
    },
    async setSize(key, size) {
      await db.update(e).set({ sizeBytes: size.bytes, flagCount: size.flags, segmentCount: size.segments, sizedVersion: sql`${e.version}` }).where(eq(e.key, key));
    },
  };
}
