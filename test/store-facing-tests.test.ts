import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeFacingTests } from '../scripts/lib/store-facing-tests.mjs';

const ROOT = join(__dirname, '..');

describe('the server files the test command runs again on PostgreSQL (scripts/lib/store-facing-tests.mjs)', () => {
  const listed = storeFacingTests();

  it('lists every top-level server test that starts a test server or opens the test database, directly or through a support file', () => {
    const files = readdirSync(join(ROOT, 'apps/server/test')).filter((f) => f.endsWith('.test.ts'));
    const direct = files.filter((f) => /support\/(test-server|ofrep-harness|stream-fixture|http-fuzz)'|test-database'|SWITCHYARD_TEST_DATABASE/.test(readFileSync(join(ROOT, 'apps/server/test', f), 'utf8')));
    expect(direct.length).toBeGreaterThan(20);
    for (const f of direct) expect(listed, f).toContain(`apps/server/test/${f}`);
  });

  it('leaves out files that open no database of the chosen dialect, and the store contract (both dialects in one pass)', () => {
    for (const f of ['config.test.ts', 'audit-chain.test.ts', 'sqlite-durability.test.ts', 'release-replicas.test.ts']) expect(listed, f).not.toContain(`apps/server/test/${f}`);
    expect(listed.filter((f) => f.includes('store-contract'))).toEqual([]);
  });
});
