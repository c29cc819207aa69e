import type Database from 'better-sqlite3';
import { asc } from 'drizzle-orm';
import type { EnvironmentRecord, EnvironmentSize } from '../records';
import type { EnvironmentStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { rowByKey } from './direct-statements';
import { environments } from './schema';

const NOTHING: EnvironmentSize = { bytes: 0, flags: 0, segments: 0 };

export function sqliteEnvironmentStore(db: SqliteDb, raw: Database.Database): EnvironmentStore {
  // Read and bumped by every versioned change: prepared once on the driver (direct-statements.ts says why).
  const get = rowByKey<EnvironmentRecord>(raw, environments, ['key']);
  // SET expressions read the row as it was: the size stays current only if it was current before.
  const bump = raw
    .prepare(
      `update environments set version = version + 1, size_bytes = size_bytes + ?, flag_count = flag_count + ?, segment_count = segment_count + ?,
         sized_version = case when sized_version = version then version + 1 else -1 end
       where key = ? returning version, size_bytes, flag_count, segment_count, sized_version`,
    )
    .raw(true);
  const add = raw
    .prepare(
      `update environments set size_bytes = size_bytes + ?, flag_count = flag_count + ?, segment_count = segment_count + ?
       where key = ? and sized_version = version returning size_bytes, flag_count, segment_count`,
    )
    .raw(true);
  // Every flag created reads the list (to give the flag a config in each environment): prepared once.
  const list = db.select().from(environments).orderBy(asc(environments.createdAt), asc(environments.key)).prepare();
  const set = raw.prepare(`update environments set size_bytes = ?, flag_count = ?, segment_count = ?, sized_version = version where key = ?`);
  return {
    async list() {
      return list.all();
    },
    async get(key) {
      return get(key);
    },
    async insert(env) {
      db.insert(environments).values(env).run();
    },
    async bumpVersion(key, delta = NOTHING) {
      const row = bump.get(delta.bytes, delta.flags, delta.segments, key) as number[] | undefined;
      if (row === undefined) throw new Error(`environment ${key} vanished inside its transaction`);
      const [version, bytes, flags, segments, sizedVersion] = row as [number, number, number, number, number];
      return { version, size: sizedVersion === version ? { bytes, flags, segments } : undefined };
    },
    async addSize(key, delta) {
      const row = add.get(delta.bytes, delta.flags, delta.segments, key) as number[] | undefined;
      if (row === undefined) throw new Error(`environment ${key} has no current size to add to`);
      const [bytes, flags, segments] = row as [number, number, number];
      return { bytes, flags, segments };
    },
    async setSize(key, size) {
      set.run(size.bytes, size.flags, size.segments, key);
    },
  };
}
