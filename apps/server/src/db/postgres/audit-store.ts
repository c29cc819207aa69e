import { and, asc, count, desc, eq, gt, gte, lt, lte, type SQL } from 'drizzle-orm';
import { params, placeholdersFor } from '../placeholders';
import type { AuditStore } from '../stores';
import { bytewise } from './columns';
import type { PgDb, StatementName } from './pg-db';
import { auditCheckpoints, auditLog } from './schema';

/**
 * Append-only: this store has no update or delete (of entries or checkpoints). In a transaction, `head()` runs under the
 * database's write lock (postgres-database.ts), so no two transactions read the same head.
 */
export function postgresAuditStore(db: PgDb, statement: StatementName): AuditStore {
  // Every audited write runs these two: prepared once per pooled connection (see flag-store.ts).
  const head = db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).prepare(statement('audit_head'));
  const append = db.insert(auditLog).values(placeholdersFor(auditLog)).prepare(statement('audit_append'));
  return {
    async head() {
      const [row] = await head.execute();
      return row;
    },
    async append(entry) {
      await append.execute(params(entry));
    },
    async appendMany(entries) {
      // One statement, one round trip (its parameters: 14 per entry, at most 65,535 in all).
      if (entries.length > 0) await db.insert(auditLog).values([...entries]);
    },
    async list(f) {
      const where: SQL[] = [];
      if (f.flagKey !== undefined) where.push(eq(auditLog.flagKey, f.flagKey));
      if (f.envKey !== undefined) where.push(eq(auditLog.envKey, f.envKey));
      if (f.actor !== undefined) where.push(eq(auditLog.actor, f.actor));
      if (f.action !== undefined) where.push(eq(auditLog.action, f.action));
      if (f.resource !== undefined) where.push(eq(auditLog.resource, f.resource));
      if (f.since !== undefined) where.push(gte(bytewise(auditLog.at), f.since));
      if (f.until !== undefined) where.push(lte(bytewise(auditLog.at), f.until));
      if (f.afterSeq !== undefined) where.push(gt(auditLog.seq, f.afterSeq));
      if (f.beforeSeq !== undefined) where.push(lt(auditLog.seq, f.beforeSeq));
      return db
        .select()
        .from(auditLog)
        .where(where.length > 0 ? and(...where) : undefined)
        .orderBy(f.order === 'desc' ? desc(auditLog.seq) : asc(auditLog.seq))
        .limit(f.limit);
    },
    async count() {
      const [row] = await db.select({ n: count() }).from(auditLog);
      return row?.n ?? 0;
    },
    async lastCheckpoint() {
      const [row] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(1);
      return row;
    },
    async listCheckpoints(afterSeq, limit) {
      return db.select().from(auditCheckpoints).where(gt(auditCheckpoints.seq, afterSeq)).orderBy(asc(auditCheckpoints.seq)).limit(limit);
    },
    async appendCheckpoint(checkpoint) {
      await db.insert(auditCheckpoints).values(checkpoint);
    },
  };
}
