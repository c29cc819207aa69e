import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the server finds the files it reads at run time, from either of the two places its code runs:
 * - its sources (`src/…`, run by tsx and vitest in this workspace): this module is `src/runtime-files.ts`;
 * - its build (`dist/main.js` and its chunks, in the published package or a production directory made
 *   by `pnpm deploy`): bundled into a file directly in `dist/`.
 * Either way the module's folder is one level below the package's root.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const BUILT = basename(HERE) === 'dist';
const PACKAGE_ROOT = dirname(HERE);

/** drizzle's committed migrations of one dialect; shipped in the package as they are in the repository. */
export function migrationsDir(dialect: 'sqlite' | 'postgres'): string {
  return join(PACKAGE_ROOT, 'drizzle', dialect);
}

/**
 * The built admin UI: copied into `dist/admin` by the server's build, or the admin app's own build
 * output (`apps/admin/dist`, made by `pnpm --filter @switchyard/admin build`) when running from sources.
 */
export const DEFAULT_ADMIN_DIR = BUILT ? join(HERE, 'admin') : resolve(PACKAGE_ROOT, '../admin/dist');
