import { afterAll, afterEach, beforeEach, describe } from 'vitest';
import type { Database, Tx } from '../../../src/db/stores';
import { DIALECTS, type Dialect, type OpenedDatabase } from './dialects';

export interface ContractContext {
  dialect: Dialect['name'];
  /** A fresh, empty, migrated database for the current test. */
  db: Database;
  opened: OpenedDatabase;
  /** Errors thrown by after-commit hooks in the current test. */
  hookErrors: unknown[];
  /** Writes in one committed transaction. */
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

/**
 * `describe.each` over every dialect: the same cases, each on empty, migrated data (SQLite: a new file;
 * PostgreSQL: the file's throwaway database, emptied). `ctx` is filled in before each test.
 */
export function describeContract(title: string, body: (ctx: ContractContext) => void): void {
  describe.each(DIALECTS.map((d) => ({ name: d.name, dialect: d })))(`${title} ($name)`, ({ dialect }) => {
    const ctx = { dialect: dialect.name, hookErrors: [] } as unknown as ContractContext;
    beforeEach(async () => {
      ctx.hookErrors = [];
      ctx.opened = await dialect.open({ onHookError: (err) => ctx.hookErrors.push(err) });
      ctx.db = ctx.opened.db;
      ctx.write = (fn) => ctx.db.transaction(fn);
    });
    afterEach(async () => {
      await ctx.opened?.dispose();
    });
    afterAll(() => dialect.release());
    body(ctx);
  });
}
