import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OfrepEventStream, ofrep } from './support/ofrep-client';
import { streamFixture } from './support/stream-fixture';
import { flagBody, startTestServer, type Reply, type TestServer } from './support/test-server';

/**
 * The OpenFeature Remote Evaluation Protocol (docs/ofrep.md) against a real server: both evaluation
 * routes, their auth, errors and ETags, CORS, evaluation counts, and the event stream.
 */
let s: TestServer;
let serverKey: string;
let clientKey: string;
let clientKeyId: string;
let refusedOrigins: Reply;
let serverWithOrigins: Reply;
let created: Reply;
const { prod, version, toggle } = streamFixture(() => s);
const streams: OfrepEventStream[] = [];
const SINGLE = '/ofrep/v1/evaluate/flags';
const nested = (depth: number): unknown => (depth === 0 ? 1 : { n: nested(depth - 1) });

beforeAll(async () => {
  s = await startTestServer({ listen: true, app: { ofrep: { corsOrigins: ['https://shop.example'], summaryFlushMs: 20 } } });
  await s.post('/api/v1/flags', flagBody('checkout', { clientSide: true }));
  await s.post('/api/v1/flags', flagBody('internal-billing'));
  await s.post('/api/v1/flags', flagBody('color', { type: 'experiment', clientSide: true, variationType: 'string', variations: [{ name: 'blue', value: 'blue' }, { name: 'green', value: 'green' }] }));
  await toggle('checkout', true);
  await toggle('internal-billing', true);
  await toggle('color', true);
  await s.patch(prod('checkout'), { baseVersion: await version('checkout'), rules: [{ id: 'beta', clauses: [{ attribute: 'plan', op: 'in', values: ['beta'] }], serve: { variation: 1 } }], fallthrough: { variation: 0 } });
  serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc' })).body.secret;
  const ck = await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web' });
  clientKey = ck.body.secret;
  clientKeyId = ck.body.key.id;
  refusedOrigins = await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web-bad', allowedOrigins: ['https://app.example/path'] });
  serverWithOrigins = await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc-origins', allowedOrigins: ['https://app.example'] });
  created = await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web-app', allowedOrigins: ['https://app.example'] });
});
afterEach(() => {
  for (const c of streams.splice(0)) c.close();
});
afterAll(() => s.close());

async function openStream(requestUri: string, headers: Record<string, string> = {}): Promise<OfrepEventStream> {
  const c = await OfrepEventStream.open(s.baseUrl, requestUri, headers);
  streams.push(c);
  return c;
}

describe('single flag evaluation', () => {
  it('answers value, variant, an OFREP reason and metadata carrying the exact reason, kill, owner, type and expiry, as application/json', async () => {
    const hit = await ofrep(s, `${SINGLE}/checkout`, serverKey, { context: { targetingKey: 'u1', plan: 'beta' } });
    expect(hit.status).toBe(200);
    expect(hit.headers['content-type']).toMatch(/^application\/json/);
    expect(hit.body).toMatchObject({ key: 'checkout', value: true, variant: 'on', reason: 'TARGETING_MATCH' });
    expect(hit.body.metadata).toMatchObject({ switchyardReason: 'TARGETING_MATCH', killed: false, owner: 'team-checkout', type: 'release', ruleId: 'beta', expiresAt: expect.any(String) });
    const miss = await ofrep(s, `${SINGLE}/checkout`, serverKey, { context: { targetingKey: 'u1', plan: 'free' } });
    // Switchyard's DEFAULT (fallthrough after rules) has no OFREP word: UNKNOWN, the exact one in metadata.
    expect(miss.body).toMatchObject({ value: false, variant: 'off', reason: 'UNKNOWN', metadata: { switchyardReason: 'DEFAULT' } });
    const fixed = await ofrep(s, `${SINGLE}/color`, serverKey, { context: { targetingKey: 'u1' } });
    expect(fixed.body).toMatchObject({ value: 'blue', variant: 'blue', reason: 'STATIC' });
  });

  it('takes the key as Authorization: Bearer or X-API-Key; refuses none or a bad one (401) and an admin token (403), with key and errorCode', async () => {
    const viaHeader = await ofrep(s, `${SINGLE}/color`, serverKey, { context: { targetingKey: 'u' } }, { header: 'x-api-key' });
    expect(viaHeader.status).toBe(200);
    const none = await ofrep(s, `${SINGLE}/color`, null, { context: { targetingKey: 'u' } });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ key: 'color', errorCode: 'GENERAL', errorDetails: expect.stringContaining('X-API-Key') });
    expect((await ofrep(s, `${SINGLE}/color`, 'sdk_not-a-real-key-123', { context: {} })).status).toBe(401);
    expect((await ofrep(s, `${SINGLE}/color`, 'x', { context: {} }, { header: 'x-api-key' })).status).toBe(401);
    const admin = await ofrep(s, `${SINGLE}/color`, s.tokens.admin, { context: {} });
    expect(admin.status).toBe(403);
    expect(admin.body).toMatchObject({ key: 'color', errorCode: 'GENERAL' });
  });

  it('a client key never sees a server-only flag: 404 FLAG_NOT_FOUND, exactly as for a flag that does not exist', async () => {
    const hidden = await ofrep(s, `${SINGLE}/internal-billing`, clientKey, { context: { targetingKey: 'u' } });
    const missing = await ofrep(s, `${SINGLE}/no-such-flag`, clientKey, { context: { targetingKey: 'u' } });
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ key: 'internal-billing', errorCode: 'FLAG_NOT_FOUND', errorDetails: "Flag 'internal-billing' was not found." });
    expect(missing.status).toBe(404);
    expect(missing.body.errorCode).toBe('FLAG_NOT_FOUND');
    expect((await ofrep(s, `${SINGLE}/internal-billing`, serverKey, { context: { targetingKey: 'u' } })).body.value).toBe(true);
  });

  it('a killed flag answers its off variation with DISABLED and killed in metadata', async () => {
    await s.post('/api/v1/flags', flagBody('doomed', { clientSide: true }));
    await toggle('doomed', true);
    await s.post(`${prod('doomed')}/kill`, { reason: 'incident' });
    const res = await ofrep(s, `${SINGLE}/doomed`, clientKey, { context: { targetingKey: 'u' } });
    expect(res.body).toMatchObject({ key: 'doomed', value: false, variant: 'off', reason: 'DISABLED', metadata: { killed: true, switchyardReason: 'DISABLED' } });
  });

  it('refuses bodies that are not {context} with 400, naming the field', async () => {
    const cases: [string | undefined, unknown, string, RegExp][] = [
      ['{"context":', undefined, 'PARSE_ERROR', /JSON/],
      ['[]', undefined, 'PARSE_ERROR', /body must be a JSON object/],
      [undefined, { context: {}, extra: 1 }, 'PARSE_ERROR', /body\.extra/],
      [undefined, {}, 'INVALID_CONTEXT', /body\.context is required/],
      [undefined, { context: 'u1' }, 'INVALID_CONTEXT', /body\.context must be an object/],
      [undefined, { context: { targetingKey: 7 } }, 'INVALID_CONTEXT', /body\.context\.targetingKey/],
      [undefined, { context: { a: nested(20) } }, 'INVALID_CONTEXT', /body\.context\.a\.n/],
    ];
    for (const [raw, body, errorCode, details] of cases) {
      const res = await ofrep(s, `${SINGLE}/color`, serverKey, body, raw === undefined ? {} : { rawBody: raw });
      expect(res.status, `${raw ?? JSON.stringify(body)}`).toBe(400);
      expect(res.body).toMatchObject({ key: 'color', errorCode });
      expect(res.body.errorDetails).toMatch(details);
    }
    const bulk = await ofrep(s, SINGLE, serverKey, { context: [] });
    expect(bulk.status).toBe(400);
    expect(bulk.body).toEqual({ errorCode: 'INVALID_CONTEXT', errorDetails: 'body.context must be an object' });
  });
});

describe('bulk evaluation', () => {
  it('a client key gets client-side flags only; the ETag covers version and context; If-None-Match answers 304', async () => {
    const context = { targetingKey: 'u7', plan: 'beta' };
    const first = await ofrep(s, SINGLE, clientKey, { context });
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    const keys = first.body.flags.map((f: { key: string }) => f.key);
    expect(keys).toContain('checkout');
    expect(keys).not.toContain('internal-billing');
    expect(first.body.flags.find((f: { key: string }) => f.key === 'checkout')).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"\d+-/);
    const same = await ofrep(s, SINGLE, clientKey, { context: { plan: 'beta', targetingKey: 'u7' } }, { headers: { 'if-none-match': etag } });
    expect(same.status).toBe(304);
    expect(same.headers.etag).toBe(etag);
    // Same targeting key, another attribute: never a wrong 304.
    const other = await ofrep(s, SINGLE, clientKey, { context: { targetingKey: 'u7', plan: 'free' } }, { headers: { 'if-none-match': etag } });
    expect(other.status).toBe(200);
    expect(other.headers.etag).not.toBe(etag);
    expect(other.body.flags.find((f: { key: string }) => f.key === 'checkout').value).toBe(false);
    // A change to the environment: a new version, a new ETag.
    await toggle('color', false);
    const changed = await ofrep(s, SINGLE, clientKey, { context }, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.body.flags.find((f: { key: string }) => f.key === 'color')).toMatchObject({ value: 'blue', reason: 'DISABLED' });
    await toggle('color', true);
  });

  it('advertises an SSE event stream whose URL carries a token, never the key', async () => {
    const res = await ofrep(s, SINGLE, clientKey, { context: { targetingKey: 'u8' } });
    expect(res.body.eventStreams).toEqual([{ type: 'sse', endpoint: { requestUri: expect.stringMatching(/^\/ofrep\/v1\/events\?token=/) }, inactivityDelaySec: 120 }]);
    expect(JSON.stringify(res.body.eventStreams)).not.toContain(clientKey);
    expect(res.body.metadata).toEqual({ environment: 'production', version: expect.any(Number) });
  });

  it('feeds the per-flag evaluation counts', async () => {
    await ofrep(s, `${SINGLE}/color`, serverKey, { context: { targetingKey: 'count-me' } });
    const deadline = Date.now() + 5_000;
    let items: { environment: string; variant: string | null; count: number }[] = [];
    while (Date.now() < deadline) {
      items = (await s.get('/api/v1/flags/color/evaluations')).body.items;
      if (items.some((i) => i.variant === 'blue' && i.count > 0)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(items).toContainEqual(expect.objectContaining({ environment: 'production', variant: 'blue' }));
  });
});

describe('CORS on /ofrep/*', () => {
  it('answers a preflight from an allowed origin with the headers providers send, and exposes the ETag', async () => {
    const pre = await s.app.inject({ method: 'OPTIONS', url: SINGLE, headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, if-none-match' } });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://shop.example');
    for (const h of ['authorization', 'x-api-key', 'content-type', 'if-none-match']) expect(pre.headers['access-control-allow-headers']).toContain(h);
    const res = await ofrep(s, SINGLE, clientKey, { context: { targetingKey: 'u' } }, { headers: { origin: 'https://shop.example' } });
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(res.headers['access-control-expose-headers']).toContain('etag');
  });

  it('gives an origin not listed no CORS headers', async () => {
    const pre = await s.app.inject({ method: 'OPTIONS', url: SINGLE, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const res = await ofrep(s, SINGLE, clientKey, { context: {} }, { headers: { origin: 'https://evil.example' } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS per client key', () => {
  it("a client key's allowedOrigins let those pages read its answers; another key's answers stay withheld from them", async () => {
    // Made before any OFREP traffic (beforeAll): evaluation counts written meanwhile would look like a refused request's change.
    expect(refusedOrigins.status).toBe(400);
    expect(refusedOrigins.body.details[0].path).toBe('body.allowedOrigins[0]');
    expect(serverWithOrigins.status).toBe(400);
    expect(created.status).toBe(201);
    expect(created.body.key.allowedOrigins).toEqual(['https://app.example']);
    const pre = await s.app.inject({ method: 'OPTIONS', url: SINGLE, headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://app.example');
    const own = await ofrep(s, SINGLE, created.body.secret, { context: { targetingKey: 'u' } }, { headers: { origin: 'https://app.example' } });
    expect(own.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(own.headers['access-control-expose-headers']).toContain('etag');
    const uri = own.body.eventStreams[0].endpoint.requestUri as string;
    const stream = await fetch(`${s.baseUrl}${uri}`, { headers: { origin: 'https://app.example' } });
    expect(stream.headers.get('access-control-allow-origin')).toBe('https://app.example');
    await stream.body?.cancel();
    // The other client key lists no origins: the page on https://app.example cannot read its answers.
    const other = await ofrep(s, SINGLE, clientKey, { context: { targetingKey: 'u' } }, { headers: { origin: 'https://app.example' } });
    expect(other.status).toBe(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    // Revoked: its origins no longer open preflights.
    await s.post(`/api/v1/keys/${created.body.key.id}/revoke`, { reason: 'site retired' });
    await expect
      .poll(async () => (await s.app.inject({ method: 'OPTIONS', url: SINGLE, headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } })).headers['access-control-allow-origin'], { timeout: 5_000 })
      .toBeUndefined();
  });
});

describe('the event stream', () => {
  const bulkStream = async (key: string, context: Record<string, unknown>) => {
    const res = await ofrep(s, SINGLE, key, { context });
    return { res, uri: res.body.eventStreams[0].endpoint.requestUri as string };
  };

  it('tells providers to re-fetch on each change, with the environment version as event id; a re-fetch counts them as landed', async () => {
    const { res, uri } = await bulkStream(clientKey, { targetingKey: 'live-1' });
    const stream = await openStream(uri);
    const at = res.body.metadata.version as number;
    // Current: an id-only block (sets Last-Event-ID), no event to act on.
    expect(stream.text).toContain(`id: ${at}\n\n`);
    expect(stream.events.filter((e) => e.data)).toEqual([]);
    const kill = await s.post(`${prod('checkout')}/kill`, { reason: 'drill' });
    await stream.until(() => stream.events.some((e) => e.data?.type === 'refetchEvaluation'), 3_000, 'the refetch event');
    const event = stream.events.find((e) => e.data)!;
    expect(event).toMatchObject({ id: String(kill.body.version), event: 'message', data: { type: 'refetchEvaluation', etag: `"${kill.body.version}"`, lastModified: expect.any(Number) } });
    const before = (await s.get(`/api/v1/environments/production/delivery?version=${kill.body.version}`)).body;
    expect(before.ofrep).toEqual({ total: 1, applied: 0 });
    const again = await ofrep(s, `${SINGLE}?flagConfigEtag=${encodeURIComponent(event.data.etag)}`, clientKey, { context: { targetingKey: 'live-1' } }, { headers: { 'if-none-match': res.headers.etag as string } });
    expect(again.status).toBe(200);
    expect(again.body.flags.find((f: { key: string }) => f.key === 'checkout')).toMatchObject({ reason: 'DISABLED', value: false });
    const after = (await s.get(`/api/v1/environments/production/delivery?version=${kill.body.version}`)).body;
    expect(after.ofrep).toEqual({ total: 1, applied: 1 });
    expect(after.total).toBe(after.server.total + after.client.total + 1);
    await s.post(`${prod('checkout')}/restore`, { reason: 'drill over' });
  });

  it('resumes from Last-Event-ID: an older id gets one refetch at once, the current one nothing', async () => {
    const { res, uri } = await bulkStream(clientKey, { targetingKey: 'resume-1' });
    const at = res.body.metadata.version as number;
    const behind = await openStream(uri, { 'last-event-id': String(at - 1) });
    expect(behind.events.find((e) => e.data)).toMatchObject({ id: String(at), data: { type: 'refetchEvaluation' } });
    const current = await openStream(uri, { 'last-event-id': String(at) });
    expect(current.events.filter((e) => e.data)).toEqual([]);
  });

  it('refuses a missing, forged or revoked token with 401 and never takes an SDK key', async () => {
    expect((await openStream('/ofrep/v1/events')).status).toBe(401);
    expect((await openStream(`/ofrep/v1/events?token=${clientKey}`)).status).toBe(401);
    const { uri } = await bulkStream(clientKey, { targetingKey: 'forge' });
    const forged = uri.slice(0, -3) + (uri.endsWith('AAA') ? 'BBB' : 'AAA');
    const bad = await openStream(forged);
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ errorCode: 'GENERAL', errorDetails: expect.stringContaining('query.token') });
    const other = await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'doomed-web' });
    const doomed = await bulkStream(other.body.secret, { targetingKey: 'x' });
    const open = await openStream(doomed.uri);
    expect(open.status).toBe(200);
    await s.post(`/api/v1/keys/${other.body.key.id}/revoke`, { reason: 'leaked' });
    await open.until(() => open.ended, 3_000, 'the stream to end');
    expect((await openStream(doomed.uri)).status).toBe(401);
    expect(clientKeyId).toBeTruthy();
  });
});
