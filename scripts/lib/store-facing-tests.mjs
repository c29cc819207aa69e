// The server test files whose behaviour depends on SWITCHYARD_TEST_DATABASE: those that name it, or
// reach the test database helper (apps/server/test/store-contract/support/test-database.ts) through
// their relative imports, directly or through a support file. scripts/test.sh runs exactly these a
// second time on PostgreSQL; every other file opens no database of the chosen dialect, so a second
// run would repeat the SQLite one. Store-contract files are left out: they run both dialects in one pass.
//   node scripts/lib/store-facing-tests.mjs      prints one path per line, relative to the repository
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVER_TESTS = join(ROOT, 'apps/server/test');
const HELPER = join(SERVER_TESTS, 'store-contract/support/test-database.ts');

function* testFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* testFiles(path);
    else if (entry.name.endsWith('.test.ts')) yield path;
  }
}

/** The files a module imports by a relative path (static, dynamic and type-only imports alike). */
function relativeImports(file, source) {
  const found = [];
  for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const base = resolve(dirname(file), m[1]);
    const candidate = [base, `${base}.ts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')].find((p) => p.endsWith('.ts') && existsSync(p));
    if (candidate) found.push(candidate);
  }
  return found;
}

/** Whether `file` depends on the test database's dialect. Imports into the server's sources are not followed (they never read it). */
export function isStoreFacing(file, seen = new Map()) {
  if (seen.has(file)) return seen.get(file);
  seen.set(file, false);
  let result = file === HELPER;
  if (!result) {
    const source = readFileSync(file, 'utf8');
    result = source.includes('SWITCHYARD_TEST_DATABASE') || relativeImports(file, source).some((dep) => !dep.includes(`${join('apps', 'server', 'src')}`) && isStoreFacing(dep, seen));
  }
  seen.set(file, result);
  return result;
}

export function storeFacingTests() {
  const seen = new Map();
  return [...testFiles(SERVER_TESTS)]
    .filter((f) => !relative(SERVER_TESTS, f).startsWith('store-contract'))
    .filter((f) => isStoreFacing(f, seen))
    .map((f) => relative(ROOT, f))
    .sort();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of storeFacingTests()) console.log(f);
}
