import { defineConfig } from 'drizzle-kit';

/** PostgreSQL migrations: `pnpm exec drizzle-kit generate --config drizzle.postgres.config.ts` (from apps/server). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/postgres/schema.ts',
  out: './drizzle/postgres',
});
