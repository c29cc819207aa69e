import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { bigint, json as pgJson } from 'drizzle-orm/pg-core';

/**
 * A JSON value in a `json` column. `json` (not `jsonb`) keeps the text as written, key order included:
 * services compare configs by `JSON.stringify` (NO_CHANGE) and hash what they read, so a column that
 * reorders object keys, as `jsonb` does, would make PostgreSQL behave differently from SQLite.
 */
export const json = <T>(name: string) => pgJson(name).$type<T>();

/** SQLite's INTEGER is 64-bit: versions, sequence numbers and counters are `bigint`, read as JS numbers. */
export const int64 = (name: string) => bigint(name, { mode: 'number' });

/**
 * Compares and sorts text by bytes, as SQLite does, whatever the database's default collation
 * (under `en-US` "a-c" sorts after "ab"; in SQLite and here it sorts before).
 */
export const bytewise = (value: SQLWrapper): SQL => sql`${value} collate "C"`;
