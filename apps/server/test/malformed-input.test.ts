import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

/**
 * Every endpoint, fed malformed input: each must answer 4xx with {code, message, details} naming the
 * field, never 5xx, and leave the database untouched (the request wrapper checks the file itself).
 */
let s: TestServer;
let keyId: string;
beforeAll(async () => {
  s = await startTestServer();
  await s.post('/api/v1/flags', flagBody('target'));
  await s.post('/api/v1/environments/production/segments', { key: 'ring' });
  keyId = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc' })).body.key.id;
});
afterAll(() => s.close());

type Case = [name: string, method: string, url: string, body: unknown, field: string];
const titled = (c: Case) => [`${c[0]} → 4xx naming ${c[4]}`, ...c.slice(1)] as Case;

const cfg = '/api/v1/flags/target/environments/production';
const cases: Case[] = [
  ['flag: NUL character', 'POST', '/api/v1/flags', flagBody('nul-flag', { description: 'a\u0000b' }), 'body.description'],
  ['segment: NUL in a key list', 'POST', '/api/v1/environments/production/segments', { key: 's-nul', included: ['ok', 'x\u0000'] }, 'body.included[1]'],
  ['limits: more than 200 rules', 'PATCH', cfg, { baseVersion: 1, rules: Array.from({ length: 201 }, () => ({ clauses: [], serve: { variation: 0 } })) }, 'body.rules'],
  ['limits: more than 50 clauses in a rule', 'PATCH', cfg, { baseVersion: 1, rules: [{ clauses: Array.from({ length: 51 }, () => ({ attribute: 'a', op: 'in', values: ['x'] })), serve: { variation: 0 } }] }, 'body.rules[0].clauses'],
  ['limits: more than 1,000 values in a clause', 'PATCH', cfg, { baseVersion: 1, rules: [{ clauses: [{ attribute: 'a', op: 'in', values: Array.from({ length: 1001 }, (_, i) => `v${i}`) }], serve: { variation: 0 } }] }, 'body.rules[0].clauses[0].values'],
  ['limits: a regex longer than 256 characters', 'PATCH', cfg, { baseVersion: 1, rules: [{ clauses: [{ attribute: 'a', op: 'matches', values: ['a'.repeat(300)] }], serve: { variation: 0 } }] }, 'body.rules[0].clauses[0].values[0]'],
  ['limits: more than 100,000 keys in a segment', 'POST', '/api/v1/environments/production/segments', { key: 'huge-seg', included: Array.from({ length: 100_001 }, (_, i) => `u${i}`) }, 'body.included'],
  ['flag: unknown field', 'POST', '/api/v1/flags', { ...flagBody('x1'), colour: 'red' }, 'body.colour'],
  ['flag: key not a slug', 'POST', '/api/v1/flags', flagBody('Not A Slug'), 'body.key'],
  ['flag: type unknown', 'POST', '/api/v1/flags', flagBody('x2', { type: 'forever' }), 'body.type'],
  ['flag: owner empty', 'POST', '/api/v1/flags', flagBody('x3', { owner: '' }), 'body.owner'],
  ['flag: tags not a list', 'POST', '/api/v1/flags', flagBody('x4', { tags: 'a,b' }), 'body.tags'],
  ['flag: expiry not a date', 'POST', '/api/v1/flags', flagBody('x5', { expiresAt: 'next week' }), 'body.expiresAt'],
  ['flag: expiry in the past', 'POST', '/api/v1/flags', flagBody('x6', { expiresAt: '2001-01-01T00:00:00Z' }), 'body.expiresAt'],
  ['flag: offVariation out of range', 'POST', '/api/v1/flags', flagBody('x7', { offVariation: 5 }), 'body.offVariation'],
  ['flag: onVariation out of range', 'POST', '/api/v1/flags', flagBody('x8', { onVariation: 9 }), 'body.onVariation'],
  ['flag: variations missing for string', 'POST', '/api/v1/flags', flagBody('x9', { variationType: 'string' }), 'body.variations'],
  ['flag: duplicate variation names', 'POST', '/api/v1/flags', flagBody('x10', { variationType: 'number', variations: [{ name: 'a', value: 1 }, { name: 'a', value: 2 }] }), 'body.variations[1].name'],
  ['flag: body is a list', 'POST', '/api/v1/flags', [1, 2], 'body'],
  ['flag update: no base version', 'PATCH', '/api/v1/flags/target', { description: 'x' }, 'body.baseVersion'],
  ['flag update: type is immutable', 'PATCH', '/api/v1/flags/target', { baseVersion: 1, type: 'ops' }, 'body.type'],
  ['flag update: name too long', 'PATCH', '/api/v1/flags/target', { baseVersion: 1, name: 'n'.repeat(500) }, 'body.name'],
  ['archive: unknown field', 'POST', '/api/v1/flags/target/archive', { why: 'x' }, 'body.why'],
  ['config: enabled not boolean', 'PATCH', cfg, { baseVersion: 1, enabled: 'yes' }, 'body.enabled'],
  ['config: unknown operator', 'PATCH', cfg, { baseVersion: 1, rules: [{ clauses: [{ attribute: 'a', op: 'like', values: [] }], serve: { variation: 0 } }] }, 'body.rules[0].clauses[0].op'],
  ['config: serve missing', 'PATCH', cfg, { baseVersion: 1, rules: [{ clauses: [] }] }, 'body.rules[0].serve'],
  ['config: weight negative', 'PATCH', cfg, { baseVersion: 1, fallthrough: { rollout: { variations: [{ variation: 0, weight: -1 }] } } }, 'body.fallthrough.rollout.variations[0].weight'],
  ['config: target values not strings', 'PATCH', cfg, { baseVersion: 1, targets: [{ variation: 0, values: [1] }] }, 'body.targets[0].values[0]'],
  ['config: numeric op with string', 'PATCH', cfg, { baseVersion: 1, rules: [{ clauses: [{ attribute: 'age', op: 'gt', values: ['old'] }], serve: { variation: 0 } }] }, 'body.rules[0].clauses[0].values[0]'],
  ['config: prerequisite on unknown flag', 'PATCH', cfg, { baseVersion: 1, prerequisites: [{ flag: 'ghost', variation: 0 }] }, 'body.prerequisites[0].flag'],
  ['toggle: enabled missing', 'POST', `${cfg}/toggle`, { baseVersion: 1 }, 'body.enabled'],
  ['kill: reason blank', 'POST', `${cfg}/kill`, { reason: '   ' }, 'body.reason'],
  ['restore: reason missing', 'POST', `${cfg}/restore`, {}, 'body.reason'],
  ['environment: key not a slug', 'POST', '/api/v1/environments', { key: 'QA env', name: 'QA' }, 'body.key'],
  ['environment: name missing', 'POST', '/api/v1/environments', { key: 'qa' }, 'body.name'],
  ['segment: included not strings', 'POST', '/api/v1/environments/production/segments', { key: 's1', included: [1] }, 'body.included[0]'],
  ['segment: nested segmentMatch', 'POST', '/api/v1/environments/production/segments', { key: 's2', rules: [{ clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['ring'] }] }] }, 'body.rules[0].clauses[0].op'],
  ['segment update: no base version', 'PATCH', '/api/v1/environments/production/segments/ring', { name: 'x' }, 'body.baseVersion'],
  ['key: role unknown', 'POST', '/api/v1/keys', { kind: 'admin', role: 'root', name: 'x' }, 'body.role'],
  ['key: kind unknown', 'POST', '/api/v1/keys', { kind: 'super', name: 'x' }, 'body.kind'],
  ['key: server key without environment', 'POST', '/api/v1/keys', { kind: 'server', name: 'x' }, 'body.environment'],
  ['key revoke: reason missing', 'POST', '/api/v1/keys/KEYID/revoke', {}, 'body.reason'],
  ['key revoke: bad id', 'POST', '/api/v1/keys/not-a-key-id/revoke', { reason: 'x' }, 'params.id'],
  ['query on a route that takes none', 'POST', '/api/v1/flags/target/archive?force=1', {}, 'query.force'],
  ['unarchive: unknown field', 'POST', '/api/v1/flags/target/unarchive', { force: true }, 'body.force'],
  ['segment delete: unknown field', 'DELETE', '/api/v1/environments/production/segments/ring', { purge: true }, 'body.purge'],
  ['segment: weird key', 'PATCH', '/api/v1/environments/production/segments/Ring!', { baseVersion: 1 }, 'params.key'],
  ['session: token missing', 'POST', '/api/v1/session', {}, 'body.token'],
  ['session: token not a string', 'POST', '/api/v1/session', { token: 42 }, 'body.token'],
  ['params: flag key not a slug', 'PATCH', '/api/v1/flags/NOT%20A%20KEY', { baseVersion: 1 }, 'params.key'],
  ['params: env not a slug', 'POST', '/api/v1/flags/target/environments/PROD!/kill', { reason: 'x' }, 'params.env'],
  ['params: not UTF-8 once percent-decoded', 'PATCH', '/api/v1/flags/%FF', { baseVersion: 1 }, 'params'],
  ['params: a lone surrogate, as WTF-8 writes it', 'POST', '/api/v1/flags/%ED%A0%80/environments/production/kill', { reason: 'x' }, 'params'],
  ['params: longer than any key', 'PATCH', `/api/v1/flags/${'k'.repeat(150)}`, { baseVersion: 1 }, 'params'],
];

describe('malformed input on every endpoint', () => {
  it.each(cases.map(titled))('%s', async (_name, method, url, body, field) => {
    const res = await s.request(method, url.replace('KEYID', keyId), { body });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    const paths = (res.body.details as { path: string }[]).map((d) => d.path);
    expect(paths).toContain(field);
  });

  it.each([
    ['/api/v1/audit?limit=100000', 'query.limit'],
    ['/api/v1/audit?before=abc', 'query.before'],
    ['/api/v1/audit?resource=everything', 'query.resource'],
    ['/api/v1/flags/target/audit?flag=x', 'query.flag'],
    ['/api/v1/audit/export?until=soon', 'query.until'],
    ['/api/v1/environments/production/delivery', 'query.version'],
    ['/api/v1/environments/production/delivery?version=-1', 'query.version'],
    ['/api/v1/flags/BAD KEY/evaluations', 'params.key'],
    ['/api/v1/flags?type=forever', 'query.type'],
    ['/api/v1/flags?killed=true', 'query.environment'],
    ['/api/v1/flags/target?expand=all', 'query.expand'],
    ['/api/v1/environments?page=2', 'query.page'],
  ])('GET %s → 400 naming %s', async (url, field) => {
    const res = await s.get(url);
    expect(res.status).toBe(400);
    expect((res.body.details as { path: string }[]).map((d) => d.path)).toContain(field);
  });

  it.each([
    [{ enabled: true }, 'is required: the version your change is based on'],
    [{ enabled: true, baseVersion: 'x' }, 'must be an integer: the version your change is based on'],
    [{ enabled: true, baseVersion: 1.5 }, 'must be an integer: the version your change is based on'],
    [{ enabled: true, baseVersion: -1 }, 'must be at least 0: the version your change is based on'],
  ])('a toggle with body %j says what is wrong with baseVersion', async (body, message) => {
    const res = await s.request('PATCH', cfg, { body });
    expect(res.status).toBe(400);
    expect(res.body.details).toContainEqual({ path: 'body.baseVersion', message });
  });

  it('answers 400 MALFORMED_JSON for a body that is not JSON', async () => {
    const res = await s.request('POST', '/api/v1/flags', { rawBody: '{"key": "x",', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
  });

  it('answers 415 for a body that is not JSON-typed', async () => {
    const res = await s.request('POST', '/api/v1/flags', { rawBody: 'key=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await s.request('POST', '/api/v1/flags', { body: flagBody('huge', { description: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('BODY_TOO_LARGE');
  });

  it('answers 400 naming body when a required body is missing', async () => {
    const res = await s.request('POST', '/api/v1/flags');
    expect(res.status).toBe(400);
    expect(res.body.details[0].path).toBe('body');
  });

  it('answers 404 JSON for unknown routes and unknown query fields are named', async () => {
    const res = await s.get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
    const q = await s.get('/api/v1/flags?colour=red');
    expect(q.status).toBe(400);
    expect(q.body.details[0].path).toBe('query.colour');
  });
});
