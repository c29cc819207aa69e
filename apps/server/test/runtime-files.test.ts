import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ADMIN_DIR, migrationsDir } from '../src/runtime-files';

const SERVER = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// From the build (dist/main.js in the package or a production directory) the same module finds
// dist/admin and the shipped drizzle/ folder: test/packaging runs the built server from both.
describe('run-time files, from the sources', () => {
  it('finds the committed migrations of both dialects and the admin app build output', () => {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      expect(migrationsDir(dialect)).toBe(resolve(SERVER, 'drizzle', dialect));
      expect(existsSync(resolve(migrationsDir(dialect), 'meta/_journal.json'))).toBe(true);
    }
    expect(DEFAULT_ADMIN_DIR).toBe(resolve(SERVER, '../admin/dist'));
  });
});
