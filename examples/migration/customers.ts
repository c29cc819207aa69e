// The seed's "Add a required customer field" migration, on a real SQLite file: the customer's
// external reference moves from `customers.ref_legacy` (old store) to `customers.external_reference`
// (new store). Used by run.ts and by test/migration-e2e.
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Migration, SwitchyardClient } from '../../packages/sdk-node/src/index';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// better-sqlite3 is a dependency of the server, not of the workspace root: load it from there.
const Database = createRequire(resolve(ROOT, 'apps/server/package.json'))('better-sqlite3') as new (file: string) => Db;

interface Statement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): Record<string, unknown> | undefined;
  all(...params: unknown[]): Record<string, unknown>[];
}
export interface Db {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  pragma(sql: string): unknown;
  close(): void;
}

export class CustomersDb {
  readonly db: Db;
  constructor(file: string, rows: number) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, ref_legacy TEXT NOT NULL)');
    this.db.exec('CREATE TABLE backfill_progress (job TEXT PRIMARY KEY, cursor INTEGER NOT NULL)');
    const insert = this.db.prepare('INSERT INTO customers (id, name, ref_legacy) VALUES (?, ?, ?)');
    for (let id = 1; id <= rows; id++) insert.run(id, `customer ${id}`, `legacy-${id}`);
  }

  /** Expand: the new column, nullable, so that the old code keeps working. */
  expand(): void {
    this.db.exec('ALTER TABLE customers ADD COLUMN external_reference TEXT');
  }

  readOld = (id: number): string | null => (this.db.prepare('SELECT ref_legacy AS v FROM customers WHERE id = ?').get(id)?.v as string | undefined) ?? null;
  readNew = (id: number): string | null => (this.db.prepare('SELECT external_reference AS v FROM customers WHERE id = ?').get(id)?.v as string | null | undefined) ?? null;
  writeOld = ({ id, ref }: { id: number; ref: string }): void => {
    if (this.db.prepare('UPDATE customers SET ref_legacy = ? WHERE id = ?').run(ref, id).changes !== 1) throw new Error(`no customer ${id}`);
  };
  writeNew = ({ id, ref }: { id: number; ref: string }): void => {
    if (this.db.prepare('UPDATE customers SET external_reference = ? WHERE id = ?').run(ref, id).changes !== 1) throw new Error(`no customer ${id}`);
  };

  maxId(): number {
    return this.db.prepare('SELECT MAX(id) AS m FROM customers').get()!.m as number;
  }

  all(): { id: number; ref_legacy: string; external_reference: string | null }[] {
    return this.db.prepare('SELECT id, ref_legacy, external_reference FROM customers ORDER BY id').all() as never;
  }

  close(): void {
    this.db.close();
  }
}

/** The migration helper over the two columns. */
export function customerRefMigration(client: SwitchyardClient, flagKey: string, db: CustomersDb, reportIntervalMs = 10_000): Migration<string | null, void, number, { id: number; ref: string }> {
  return client.migration<string | null, void, number, { id: number; ref: string }>(flagKey, {
    readOld: (id) => db.readOld(id),
    readNew: (id) => db.readNew(id),
    writeOld: (p) => db.writeOld(p),
    writeNew: (p) => db.writeNew(p),
    migrationReportIntervalMs: reportIntervalMs,
  });
}

/** What the admin API needs: `api(method, path, body)` with an admin token. */
export type Api = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

export interface BackfillOptions {
  api: Api;
  flagKey: string;
  env: string;
  jobName: string;
  batchSize: number;
  /** Stop (as if the process died) after this many batches in this run; the next run resumes. */
  stopAfterBatches?: number;
  /** The transform; a buggy one is how the second e2e test gets caught by shadow comparison. */
  transform?: (id: number, legacy: string) => string;
  onBatch?: (start: number, end: number, changed: number) => void;
}

/**
 * A resumable forward backfill in bounded batches `[cursor, cursor + batchSize)`: the cursor is
 * kept in `backfill_progress`, every batch is reported to the server. Returns the full range, or
 * undefined when stopped early.
 */
export async function runBackfill(db: CustomersDb, o: BackfillOptions): Promise<{ start: string; end: string } | undefined> {
  const end = db.maxId() + 1;
  const start = 1;
  const saved = db.db.prepare('SELECT cursor FROM backfill_progress WHERE job = ?').get(o.jobName)?.cursor as number | undefined;
  let cursor = saved ?? start;
  let batches = 0;
  const transform = o.transform ?? ((_id: number, legacy: string) => legacy);
  const select = db.db.prepare('SELECT id, ref_legacy FROM customers WHERE id >= ? AND id < ?');
  const update = db.db.prepare('UPDATE customers SET external_reference = ? WHERE id = ?');
  const save = db.db.prepare('INSERT INTO backfill_progress (job, cursor) VALUES (?, ?) ON CONFLICT(job) DO UPDATE SET cursor = excluded.cursor');
  while (cursor < end) {
    if (o.stopAfterBatches !== undefined && batches >= o.stopAfterBatches) return undefined;
    const batchEnd = Math.min(cursor + o.batchSize, end);
    // One synchronous transaction: no application write can interleave with a row's copy.
    let scanned = 0;
    let changed = 0;
    db.db.exec('BEGIN');
    try {
      for (const row of select.all(cursor, batchEnd)) {
        scanned++;
        changed += update.run(transform(row.id as number, row.ref_legacy as string), row.id).changes;
      }
      save.run(o.jobName, batchEnd);
      db.db.exec('COMMIT');
    } catch (err) {
      db.db.exec('ROLLBACK');
      throw err;
    }
    const report = await o.api('POST', `/api/v1/flags/${o.flagKey}/environments/${o.env}/migration/backfills`, {
      jobName: o.jobName,
      codeVersion: 'e2e-1',
      cursorStart: String(cursor),
      cursorEnd: String(batchEnd),
      status: 'succeeded',
      attemptCount: 1,
      rowsScanned: scanned,
      rowsChanged: changed,
    });
    if (report.status !== 200) throw new Error(`backfill report refused: ${JSON.stringify(report.body)}`);
    o.onBatch?.(cursor, batchEnd, changed);
    cursor = batchEnd;
    batches++;
  }
  return { start: String(start), end: String(end) };
}

/** Resolves when the client serves `stage` for the flag (event-driven, on the flag's change events). */
export function untilStage(client: SwitchyardClient, flagKey: string, stage: string, timeoutMs = 15_000): Promise<void> {
  const current = () => (client.jsonVariation(flagKey, { key: 'probe' }, null) as { stage?: string } | null)?.stage;
  if (current() === stage) return Promise.resolve();
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`the SDK did not see stage ${stage} within ${timeoutMs} ms (it serves ${current()})`));
    }, timeoutMs);
    const off = client.on(`change:${flagKey}`, () => {
      if (current() !== stage) return;
      clearTimeout(timer);
      off();
      resolvePromise();
    });
  });
}

/**
 * Reader and writer loops through the migration helper. The writer records every value it
 * writes; the reader checks every value returned against what was committed when the read began
 * or written while it ran (a write in flight may or may not be visible yet).
 */
export class Workload {
  readonly history = new Map<number, string[]>();
  private readonly committed = new Map<number, number>();
  readonly wrongReads: string[] = [];
  readonly failures: string[] = [];
  reads = 0;
  writes = 0;
  private writesStarted = 0;
  private stopped = false;
  private loops: Promise<void>[] = [];
  private waiters: { after: number; resolve: () => void }[] = [];

  constructor(
    private readonly migration: Migration<string | null, void, number, { id: number; ref: string }>,
    private readonly rows: number,
    initial: (id: number) => string,
  ) {
    for (let id = 1; id <= rows; id++) {
      this.history.set(id, [initial(id)]);
      this.committed.set(id, 1);
    }
  }

  start(readers = 2): void {
    this.loops.push(this.writeLoop());
    for (let i = 0; i < readers; i++) this.loops.push(this.readLoop());
  }

  private pick(): number {
    return 1 + Math.floor(Math.random() * this.rows);
  }

  private async writeLoop(): Promise<void> {
    let n = 0;
    while (!this.stopped) {
      const id = this.pick();
      const ref = `ref-${id}-${++n}`;
      const h = this.history.get(id)!;
      h.push(ref);
      this.writesStarted++;
      const r = await this.migration.write({ key: `customer-${id}` }, { id, ref });
      if (r.ok) this.committed.set(id, h.length);
      else {
        this.failures.push(`write ${id}: ${String(r.error)}`);
        h.pop(); // authoritative write failed: nothing was written
      }
      this.writes++;
      this.waiters = this.waiters.filter((w) => (this.writes >= w.after ? (w.resolve(), false) : true));
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  private async readLoop(): Promise<void> {
    while (!this.stopped) {
      const id = this.pick();
      const h = this.history.get(id)!;
      const from = this.committed.get(id)! - 1;
      const r = await this.migration.read({ key: `customer-${id}` }, id);
      this.reads++;
      if (!r.ok) this.failures.push(`read ${id}: ${String(r.error)}`);
      else if (!h.slice(from).includes(r.value as string)) this.wrongReads.push(`customer ${id}: read ${r.value} from ${r.origin}, expected ${h.slice(from).join(' or ')}`);
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  /** Resolves once every write that had started when called has finished (so it ran under the stage seen now or later). */
  settled(): Promise<void> {
    const after = this.writesStarted;
    if (this.writes >= after) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ after, resolve }));
  }

  /** The value each row must finally hold. */
  expected(id: number): string {
    const h = this.history.get(id)!;
    return h[h.length - 1]!;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }
}
