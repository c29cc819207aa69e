import { getTableColumns, sql, type Placeholder, type SQL, type Table } from 'drizzle-orm';

/**
 * A placeholder per column, named after the column's property, for statements prepared once (by
 * SQLite and PostgreSQL stores alike): a record of the table's shape then fills them (drizzle still
 * applies each column's encoding).
 */
export function placeholdersFor<T extends Table>(table: T): Record<keyof T['_']['columns'], Placeholder> {
  return Object.fromEntries(Object.keys(getTableColumns(table)).map((name) => [name, sql.placeholder(name)])) as Record<keyof T['_']['columns'], Placeholder>;
}

/** For `on conflict do update`: every column except the conflict target takes the row that was refused. */
export function excludedFor<T extends Table>(table: T, except: readonly string[]): Record<string, SQL> {
  return Object.fromEntries(
    Object.entries(getTableColumns(table))
      .filter(([name]) => !except.includes(name))
      .map(([name, column]) => [name, sql.raw(`excluded."${column.name}"`)]),
  );
}

/** A record as the values of a prepared statement's placeholders (named after its properties). */
export const params = (row: object): Record<string, unknown> => row as Record<string, unknown>;
