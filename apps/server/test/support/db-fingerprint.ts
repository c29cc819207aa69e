import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

/** A hash of every row of every table, read through a separate connection to the real file. */
export function dbFingerprint(file: string, exclude: readonly string[] = []): string {
  return dbFingerprints(file, [exclude])[0]!;
}

/** `dbFingerprint(file, exclude)` for each of `excludes`, from one read of the rows. */
export function dbFingerprints(file: string, excludes: readonly (readonly string[])[]): string[] {
  const conn = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = conn
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name")
      .all() as { name: string }[];
    const hashes = excludes.map(() => createHash('sha256'));
    for (const { name } of tables) {
      const into = hashes.filter((_, i) => !excludes[i]!.includes(name));
      if (into.length === 0) continue;
      for (const hash of into) hash.update(name);
      for (const row of conn.prepare(`select * from "${name}" order by rowid`).iterate()) {
        const text = JSON.stringify(row);
        for (const hash of into) hash.update(text);
      }
    }
    return hashes.map((hash) => hash.digest('hex'));
  } finally {
    conn.close();
  }
}

/** Count of audit entries, read directly from the file. */
export function auditCount(file: string): number {
  const conn = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (conn.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
  } finally {
    conn.close();
  }
}

/** One statement through a separate connection to the real file, as someone with the file would run it. */
export function sqliteExec(file: string, sql: string, params: unknown[] = []): Record<string, unknown>[] {
  const conn = new Database(file);
  try {
    const statement = conn.prepare(sql);
    return statement.reader ? (statement.all(...params) as Record<string, unknown>[]) : (statement.run(...params), []);
  } finally {
    conn.close();
  }
}
