import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Routes registered without a request or answer schema yet (issue 20: the conversion goes on route
 * file by route file). The test fails when a route is missing from this list, and when one listed
 * here gained its schemas: the list can only shrink.
 */
const NOT_YET_DESCRIBED: readonly string[] = [
  'DELETE /api/v1/environments/{env}/segments/{key}',
  'DELETE /api/v1/session',
  'GET /api/v1/change-requests',
  'GET /api/v1/change-requests/{id}',
  'GET /api/v1/environments/{env}/delivery',
  'GET /api/v1/environments/{env}/review-policy',
  'GET /api/v1/environments/{env}/segments',
  'GET /api/v1/environments/{env}/segments/{key}',
  'GET /api/v1/events',
  'GET /api/v1/flags/{key}/environments/{env}/migration',
  'GET /api/v1/flags/{key}/evaluations',
  'GET /api/v1/keys',
  'GET /api/v1/reports/stale',
  'GET /api/v1/session',
  'GET /api/v1/triggers',
  'GET /api/v1/webhooks',
  'GET /api/v1/webhooks/{id}/deliveries',
  'GET /healthz',
  'GET /metrics',
  'GET /ofrep/v1/events',
  'GET /readyz',
  'GET /sdk/v1/flags',
  'OPTIONS /ofrep/{*}',
  'PATCH /api/v1/change-requests/{id}',
  'PATCH /api/v1/environments/{env}/segments/{key}',
  'POST /api/v1/change-requests/{id}/apply',
  'POST /api/v1/change-requests/{id}/approve',
  'POST /api/v1/change-requests/{id}/cancel',
  'POST /api/v1/change-requests/{id}/reject',
  'POST /api/v1/change-requests/{id}/schedule',
  'POST /api/v1/change-requests/{id}/submit',
  'POST /api/v1/change-requests/{id}/unschedule',
  'POST /api/v1/environments/{env}/apply',
  'POST /api/v1/environments/{env}/break-glass',
  'POST /api/v1/environments/{env}/change-requests',
  'POST /api/v1/environments/{env}/segments',
  'POST /api/v1/flags/{key}/environments/{env}/explain',
  'POST /api/v1/flags/{key}/environments/{env}/migration/attest',
  'POST /api/v1/flags/{key}/environments/{env}/migration/backfills',
  'POST /api/v1/flags/{key}/environments/{env}/migration/transition',
  'POST /api/v1/keys',
  'POST /api/v1/keys/{id}/revoke',
  'POST /api/v1/session',
  'POST /api/v1/triggers',
  'POST /api/v1/triggers/{id}/disable',
  'POST /api/v1/triggers/{id}/rotate',
  'POST /api/v1/webhooks',
  'POST /api/v1/webhooks/{id}/disable',
  'POST /api/v1/webhooks/{id}/replay',
  'POST /hooks/v1/triggers/{token}',
  'POST /ofrep/v1/evaluate/flags',
  'POST /ofrep/v1/evaluate/flags/{key}',
  'POST /sdk/v1/migration-measurements',
  'PUT /api/v1/environments/{env}/review-policy',
];

interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

let s: TestServer;
let doc: { openapi: string; paths: Record<string, Record<string, Operation>> };
beforeAll(async () => {
  s = await startTestServer();
  const res = await s.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(res.statusCode).toBe(200);
  doc = res.json();
});
afterAll(() => s.close());

/** Every operation in the document: `METHOD /path`, with what it declares. */
function operations(): [string, Operation][] {
  const out: [string, Operation][] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) out.push([`${method.toUpperCase()} ${path}`, op]);
  }
  return out;
}

/** What a route lacks: an answer schema for its success status, a schema for each path parameter, a body schema for a write. */
function missing([name, op]: [string, Operation]): string[] {
  const problems: string[] = [];
  const ok = Object.entries(op.responses ?? {}).find(([status]) => /^2/.test(status));
  if (!ok || (ok[0] !== '204' && !Object.values(ok[1].content ?? {}).some((c) => c.schema))) problems.push('no answer schema');
  const [method, path] = name.split(' ') as [string, string];
  for (const param of path.match(/\{[^}]+\}/g) ?? []) {
    if (!op.parameters?.some((p) => p.in === 'path' && `{${p.name}}` === param)) problems.push(`no schema for ${param}`);
  }
  if (['POST', 'PUT', 'PATCH'].includes(method) && !op.requestBody) problems.push('no body schema');
  return problems;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 and valid by an independent validator (@seriousme/openapi-schema-validator)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists the admin API and the walkthrough routes', () => {
    const names = operations().map(([n]) => n);
    for (const route of ['POST /api/v1/flags', 'POST /api/v1/flags/{key}/environments/{env}/toggle', 'POST /api/v1/flags/{key}/environments/{env}/kill', 'GET /api/v1/audit', 'GET /api/v1/audit/verify'])
      expect(names).toContain(route);
  });

  it('every route declares its request and answer schemas (but those listed as not yet described)', () => {
    const lacking = operations()
      .filter((op) => missing(op).length > 0)
      .map(([name]) => name)
      .sort();
    expect(lacking).toEqual([...NOT_YET_DESCRIBED].sort());
  });

  it('a route without schemas is caught', () => {
    expect(missing(['POST /api/v1/things/{id}', { responses: { 200: { description: 'ok' } } as never }])).toEqual(['no answer schema', 'no schema for {id}', 'no body schema']);
  });

  it('is public, and so is its rendered reference, served without any CDN', async () => {
    const page = await s.app.inject({ method: 'GET', url: '/api/v1/reference/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)[^"']*\.(js|css)/);
    const asset = page.body.match(/src="\.?\/?(static\/[^"]+\.js)"/)?.[1];
    expect(asset).toBeDefined();
    const js = await s.app.inject({ method: 'GET', url: `/api/v1/reference/${asset}` });
    expect(js.statusCode).toBe(200);
  });
});
