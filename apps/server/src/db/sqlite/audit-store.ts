import { and, asc, count, desc, eq, gt, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { AuditStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { params, placeholdersFor } from '../placeholders';
import { auditCheckpoints, auditLog } from './schema';

/** Append-only: this store has no update or delete (of entries or checkpoints). */
export function sqliteAuditStore(db: SqliteDb): AuditStore {
  // Every audited write runs these two: prepared once, not rebuilt per call. The head is found by
  // max(seq), which has no bound parameter: `order by seq desc limit ?` (drizzle binds the limit)
  // took 14–17 µs per call against 6 µs for the same statement with a literal limit (measured with
  // better-sqlite3 12; the two compile to the same bytecode, so the cost is in SQLite's handling of
  // the bound limit, not in the plan).
  const head = db
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.seq, sql`(select max(${auditLog.seq}) from ${auditLog})`))
    .prepare();
  const append = db.insert(auditLog).values(placeholdersFor(auditLog)).prepare();
  return {
    async head() {
      return head.get();
    },
    async append(entry) {
      append.run(params(entry));
    },
    async appendMany(entries) {
      for (const entry of entries) append.run(params(entry));
    },
    async list(f) {
      const where: SQL[] = [];
      if (f.flagKey !== undefined) where.push(eq(auditLog.flagKey, f.flagKey));
      if (f.envKey !== undefined) where.push(eq(auditLog.envKey, f.envKey));
      if (f.actor !== undefined) where.push(eq(auditLog.actor, f.actor));
      if (f.action !== undefined) where.push(eq(auditLog.action, f.action));
      if (f.resource !== undefined) where.push(eq(auditLog.resource, f.resource));
      if (f.since !== undefined) where.push(gte(auditLog.at, f.since));
      if (f.until !== undefined) where.push(lte(auditLog.at, f.until));
      if (f.afterSeq !== undefined) where.push(gt(auditLog.seq, f.afterSeq));
      if (f.beforeSeq !== undefined) where.push(lt(auditLog.seq, f.beforeSeq));
      return db
        .select()
        .from(auditLog)
        .where(where.length > 0 ? and(...where) : undefined)
        .orderBy(f.order === 'desc' ? desc(auditLog.seq) : asc(auditLog.seq))
        .limit(f.limit)
        .all();
    },
    async count() {
      return db.select({ n: count() }).from(auditLog).get()?.n ?? 0;
    },
    async lastCheckpoint() {
      return db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(1).get();
    },
    async listCheckpoints(afterSeq, limit) {
      return db.select().from(auditCheckpoints).where(gt(auditCheckpoints.seq, afterSeq)).orderBy(asc(auditCheckpoints.seq)).limit(limit).all();
    },
    async appendCheckpoint(checkpoint) {
      db.insert(auditCheckpoints).values(checkpoint).run();
    },
  };
}
