import { createEvaluator } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

let s: TestServer;
const cfgUrl = '/api/v1/flags/checkout/environments/production';
const explainUrl = `${cfgUrl}/explain`;

beforeAll(async () => {
  s = await startTestServer();
  await s.post('/api/v1/environments/production/segments', { key: 'beta-users', included: ['ann'] });
  await s.post('/api/v1/flags', flagBody('checkout'));
  const base = (await s.get(cfgUrl)).body.version as number;
  const res = await s.patch(cfgUrl, {
    baseVersion: base,
    enabled: true,
    rules: [
      { id: 'nordics', clauses: [{ attribute: 'country', op: 'in', values: ['NO', 'SE'] }, { attribute: 'age', op: 'gte', values: [18] }], serve: { variation: 1 } },
      { id: 'beta', clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['beta-users'] }], serve: { rollout: { variations: [{ variation: 0, weight: 25_000 }, { variation: 1, weight: 75_000 }] } } },
    ],
    fallthrough: { variation: 0 },
  });
  expect(res.status).toBe(200);
});
afterAll(() => s.close());

describe('POST /api/v1/flags/:key/environments/:env/explain', () => {
  it('returns the trace of the evaluation, naming the deciding rule and each clause with the value it saw', async () => {
    const res = await s.post(explainUrl, { context: { key: 'carl', country: 'NO', age: 30 } }, s.tokens.viewer);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ flag: 'checkout', environment: 'production', context: { key: 'carl', country: 'NO', age: 30 } });
    expect(res.body.version).toEqual(expect.any(Number));
    const { trace } = res.body;
    expect(trace.result).toMatchObject({ value: true, variant: 'on', reason: 'TARGETING_MATCH', ruleIndex: 0, ruleId: 'nordics' });
    expect(trace.decision).toMatchObject({ step: 'rule', ruleIndex: 0, ruleId: 'nordics' });
    expect(trace.rules[0].clauses).toMatchObject([
      { attribute: 'country', op: 'in', seen: 'NO', matched: true },
      { attribute: 'age', op: 'gte', seen: 30, matched: true },
    ]);
    expect(trace.rules[1]).toMatchObject({ reached: false });
  });

  it('traces segment decisions and the rollout bucket, as an SDK holding the same rules computes them', async () => {
    const res = await s.post(explainUrl, { context: { key: 'ann', country: 'DE' } });
    expect(res.status).toBe(200);
    const { trace } = res.body;
    expect(trace.rules[0]).toMatchObject({ matched: false, failedClause: 0 });
    expect(trace.rules[1].clauses[0].segments).toEqual([{ key: 'beta-users', included: true, excluded: false, rules: [], member: true }]);
    expect(trace.rules[1].serve).toMatchObject({ kind: 'rollout', input: 'ann', bucket: expect.any(Number) });
    // The rules server SDKs are sent, evaluated locally by core.
    const sdkKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'explain-check' })).body.secret;
    const ruleSet = (await s.app.inject({ method: 'GET', url: '/sdk/v1/flags', headers: { authorization: `Bearer ${sdkKey}` } })).json();
    const local = createEvaluator(ruleSet).explain('checkout', { key: 'ann', country: 'DE' });
    expect(trace).toEqual(JSON.parse(JSON.stringify(local)));
  });

  it('explains a killed flag', async () => {
    await s.post(`${cfgUrl}/kill`, { reason: 'incident' });
    const res = await s.post(explainUrl, { context: { key: 'carl', country: 'NO', age: 30 } });
    expect(res.body.trace.decision).toMatchObject({ step: 'killed' });
    expect(res.body.trace.result).toMatchObject({ value: false, reason: 'DISABLED', killed: true });
    expect(res.body.trace.rules).toBeNull();
    await s.post(`${cfgUrl}/restore`, { reason: 'fixed' });
  });

  it('refuses a bad context with 400 naming the field, and unknown flags and environments with 404; writes nothing', async () => {
    const noContext = await s.post(explainUrl, {});
    expect(noContext.status).toBe(400);
    expect(noContext.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'body.context' }] });
    const badKey = await s.post(explainUrl, { context: { key: 42 } });
    expect(badKey.status).toBe(400);
    expect(badKey.body.details[0].path).toBe('body.context.key');
    const extra = await s.post(explainUrl, { context: {}, flag: 'x' });
    expect(extra.status).toBe(400);
    expect(extra.body.details[0]).toMatchObject({ path: 'body.flag', message: 'is not a known field' });
    const notObject = await s.post(explainUrl, { context: 'carl' });
    expect(notObject.status).toBe(400);
    const flag = await s.post('/api/v1/flags/nope/environments/production/explain', { context: {} });
    expect(flag.status).toBe(404);
    expect(flag.body.code).toBe('FLAG_NOT_FOUND');
    const env = await s.post('/api/v1/flags/checkout/environments/nowhere/explain', { context: {} });
    expect(env.status).toBe(404);
    expect(env.body.code).toBe('ENVIRONMENT_NOT_FOUND');
    expect((await s.post(explainUrl, { context: {} }, null)).status).toBe(401);
  });
});
