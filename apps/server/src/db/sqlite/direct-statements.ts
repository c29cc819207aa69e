import type Database from 'better-sqlite3';
import { Column, getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

/**
 * Statements of the write path prepared straight on better-sqlite3, for the rows drizzle's schema
 * describes: column names and each column's encoding (JSON text, 0/1 booleans) come from the
 * drizzle table, so the rows read and written are exactly those drizzle reads and writes.
 *
 * Why: every audited change runs about eight statements, and drizzle's prepared queries spend more
 * JavaScript per call than SQLite spends on the statement: placeholders are filled through its
 * entity checks, rows mapped through a generic path walker. In a profile of `bench writes` that was
 * 13 % of the server's CPU; in a loop, 1–7 µs more per statement than the same statement here.
 */

type Row = Record<string, unknown>;

interface ColumnCodec {
  /** The record's property. */
  prop: string;
  /** The SQL column name. */
  name: string;
  /** Set only when the column's driver value differs from the record's (JSON, booleans). */
  encode: ((value: unknown) => unknown) | undefined;
  decode: ((value: unknown) => unknown) | undefined;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function codecsOf(table: SQLiteTable): ColumnCodec[] {
  return Object.entries(getTableColumns(table)).map(([prop, column]) => ({
    prop,
    name: column.name,
    // A column class that keeps the base mapping stores the value as it is.
    encode: column.mapToDriverValue === Column.prototype.mapToDriverValue ? undefined : (v) => column.mapToDriverValue(v),
    decode: column.mapFromDriverValue === Column.prototype.mapFromDriverValue ? undefined : (v) => column.mapFromDriverValue(v),
  }));
}

function codecFor(codecs: readonly ColumnCodec[], prop: string, table: SQLiteTable): ColumnCodec {
  const codec = codecs.find((c) => c.prop === prop);
  if (!codec) throw new Error(`table ${getTableName(table)} has no column for ${prop}`);
  return codec;
}

/**
 * A statement reading at most one whole row by the given columns (an equality on each, in order):
 * the returned function takes their values, in the same order, and answers the record or undefined.
 * NULL reads as null, as drizzle reads it.
 */
export function rowByKey<T>(raw: Database.Database, table: SQLiteTable, keyProps: readonly string[]): (...keys: unknown[]) => T | undefined {
  const codecs = codecsOf(table);
  const where = keyProps.map((p) => `${quote(codecFor(codecs, p, table).name)} = ?`).join(' and ');
  const stmt = raw.prepare(`select ${codecs.map((c) => quote(c.name)).join(', ')} from ${quote(getTableName(table))} where ${where}`).raw(true);
  const n = codecs.length;
  return (...keys) => {
    const values = stmt.get(...keys) as unknown[] | undefined;
    if (values === undefined) return undefined;
    const row: Row = {};
    for (let i = 0; i < n; i++) {
      const codec = codecs[i]!;
      const value = values[i];
      row[codec.prop] = value === null || codec.decode === undefined ? value : codec.decode(value);
    }
    return row as T;
  };
}

/**
 * A statement inserting one whole row; with `conflictProps`, a row that already has those columns'
 * values is overwritten instead (every other column). Every column's property must be present on the
 * record (null for NULL), as drizzle requires of a prepared insert: a missing one throws.
 */
export function rowWriter<T extends object>(raw: Database.Database, table: SQLiteTable, conflictProps?: readonly string[]): (row: T) => void {
  const codecs = codecsOf(table);
  let sql = `insert into ${quote(getTableName(table))} (${codecs.map((c) => quote(c.name)).join(', ')}) values (${codecs.map(() => '?').join(', ')})`;
  if (conflictProps) {
    const target = conflictProps.map((p) => codecFor(codecs, p, table).name);
    const set = codecs.filter((c) => !target.includes(c.name)).map((c) => `${quote(c.name)} = excluded.${quote(c.name)}`);
    sql += ` on conflict (${target.map(quote).join(', ')}) do update set ${set.join(', ')}`;
  }
  const stmt = raw.prepare(sql);
  const n = codecs.length;
  const params: unknown[] = new Array(n);
  return (record) => {
    const row = record as Row;
    for (let i = 0; i < n; i++) {
      const codec = codecs[i]!;
      const value = row[codec.prop];
      if (value === undefined && !(codec.prop in row)) throw new Error(`no value for ${getTableName(table)}.${codec.prop}`);
      // As drizzle does: the encoding applies to null too (a JSON column stores the text `null`).
      params[i] = codec.encode === undefined ? value : codec.encode(value);
    }
    stmt.run(...params);
  };
}
