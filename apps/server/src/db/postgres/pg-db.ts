import type { NodePgDatabase } from 'drizzle-orm/node-postgres';

/** What every PostgreSQL store is given: drizzle bound to one pooled connection (a transaction's, or a read's). */
export type PgDb = NodePgDatabase;
