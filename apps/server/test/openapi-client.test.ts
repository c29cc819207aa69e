import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * A client generated from the published document (openapi-typescript) types the README
 * walkthrough's calls: create a flag, toggle it, kill it, read the audit log and verify it. A call
 * that misuses the contract (a kill without its reason) must not compile.
 */
const WALKTHROUGH = `
import type { paths } from './api';
type Body<P extends keyof paths, M extends 'post' | 'patch'> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type Ok<P extends keyof paths, M extends 'get' | 'post', S extends 200 | 201> = paths[P][M] extends { responses: { [K in S]: { content: { 'application/json': infer R } } } } ? R : never;

const create: Body<'/api/v1/flags', 'post'> = { key: 'new-checkout', type: 'release', owner: 'team-checkout', name: 'New checkout' };
const created: Ok<'/api/v1/flags', 'post', 201> = {} as Ok<'/api/v1/flags', 'post', 201>;
const version: number = created.environments['production']!.version;
const toggle: Body<'/api/v1/flags/{key}/environments/{env}/toggle', 'post'> = { enabled: true, baseVersion: version };
const toggled: boolean = ({} as Ok<'/api/v1/flags/{key}/environments/{env}/toggle', 'post', 200>).changed;
const kill: Body<'/api/v1/flags/{key}/environments/{env}/kill', 'post'> = { reason: 'checkout errors' };
const page = {} as Ok<'/api/v1/audit', 'get', 200>;
const actions: string[] = page.items.map((e) => e.action);
const next: number | null = page.nextBefore;
const ok: boolean = ({} as Ok<'/api/v1/audit/verify', 'get', 200>).ok;
export { create, toggle, toggled, kill, actions, next, ok };
`;
const MISUSE = `
import type { paths } from './api';
type Body<P extends keyof paths, M extends 'post'> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
export const kill: Body<'/api/v1/flags/{key}/environments/{env}/kill', 'post'> = {};
`;

let s: TestServer;
let dir: string;
beforeAll(async () => {
  s = await startTestServer();
  const doc = (await s.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  dir = mkdtempSync(join(tmpdir(), 'switchyard-openapi-'));
  writeFileSync(join(dir, 'api.ts'), astToString(await openapiTS(doc)));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', skipLibCheck: true, noUncheckedIndexedAccess: true }, files: ['walkthrough.ts'] }));
});
afterAll(async () => {
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
function typecheck(source: string): string {
  writeFileSync(join(dir, 'walkthrough.ts'), source);
  try {
    execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? err);
  }
}

describe('a client generated from the OpenAPI document', () => {
  it("typechecks the README walkthrough's calls", () => {
    expect(typecheck(WALKTHROUGH)).toBe('');
  }, 60_000);

  it('refuses a kill without its reason', () => {
    expect(typecheck(MISUSE)).toMatch(/reason/);
  }, 60_000);
});
