import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAdminUi } from '../src/http/admin-ui';
import { installErrorHandling } from '../src/http/error-handler';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-admin-'));
const app = Fastify();
beforeAll(async () => {
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Switchyard</title>');
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  installErrorHandling(app);
  expect(await registerAdminUi(app, dir)).toBe(true);
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('admin UI serving', () => {
  it('serves index.html at / uncached, unframeable, with a same-origin CSP', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>Switchyard</title>');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('serves hashed assets as immutable and keeps JSON 404s for unknown paths', async () => {
    const asset = await app.inject({ url: '/assets/index-abc.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const missing = await app.inject({ url: '/api/v1/nope' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('ROUTE_NOT_FOUND');
  });

  it('is skipped when the UI is not built', async () => {
    expect(await registerAdminUi(Fastify(), join(dir, 'missing'))).toBe(false);
  });
});
