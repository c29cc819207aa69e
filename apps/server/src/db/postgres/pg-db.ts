import type { NodePgDatabase } from 'drizzle-orm/node-postgres';

/** What every PostgreSQL store is given: drizzle bound to one pooled connection (a transaction's, or a read's). */
export type PgDb = NodePgDatabase;

/**
 * The name a store prepares a statement under: the name itself (PostgreSQL parses it once per
 * session), or '' for an unnamed statement, parsed on every execution, for connection poolers that
 * do not keep a session's prepared statements (PgBouncer in transaction mode before 1.21).
 */
export type StatementName = (name: string) => string;
