import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OfrepEventStream, ofrep } from './support/ofrep-client';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

/**
 * OFREP under the WebSocket stream's limits (per source for client keys: contexts per minute and
 * open streams; per key), and event stream tokens over time: renewed through the bulk endpoint,
 * ended when expired. Token windows are shortened to a few hundred milliseconds.
 */
const WINDOW_MS = 600;
let s: TestServer;
let clientKey: string;
let serverKey: string;
const streams: OfrepEventStream[] = [];
const BULK = '/ofrep/v1/evaluate/flags';

beforeAll(async () => {
  s = await startTestServer({
    listen: true,
    stream: { contextsPerSourcePerMinute: 20, maxConnectionsPerSource: 2, maxConnectionsPerKey: 1, heartbeatMs: 50 },
    app: { ofrep: { tokenWindowMs: WINDOW_MS } },
  });
  await s.post('/api/v1/flags', flagBody('banner', { clientSide: true }));
  clientKey = (await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web' })).body.secret;
  serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc' })).body.secret;
});
afterEach(() => {
  for (const c of streams.splice(0)) c.close();
});
afterAll(() => s.close());

async function openStream(uri: string): Promise<OfrepEventStream> {
  const c = await OfrepEventStream.open(s.baseUrl, uri);
  streams.push(c);
  return c;
}
const uriOf = (res: { body: any }) => res.body.eventStreams[0].endpoint.requestUri as string;

describe('limits', () => {
  it('a server key opens at most maxConnectionsPerKey event streams; the next is refused 429 with Retry-After', async () => {
    const res = await ofrep(s, BULK, serverKey, { context: { targetingKey: 'svc' } });
    expect((await openStream(uriOf(res))).status).toBe(200);
    const refused = await fetch(`${s.baseUrl}${uriOf(res)}`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ errorCode: 'GENERAL', errorDetails: expect.stringContaining('too-many-connections') });
    const metrics = (await s.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^switchyard_ofrep_event_streams 1$/m);
    expect(metrics).toMatch(/^switchyard_ofrep_event_streams_refused_total\{limit="too-many-connections"\} 1$/m);
  });

  it('client keys: streams per source are capped, and evaluations spend the source\'s contexts: 429 with Retry-After', async () => {
    const res = await ofrep(s, BULK, clientKey, { context: { targetingKey: 'v' } });
    await openStream(uriOf(res));
    await openStream(uriOf(res));
    const third = await fetch(`${s.baseUrl}${uriOf(res)}`);
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ errorDetails: expect.stringContaining('too-many-connections-from-source') });
    let answer = await ofrep(s, `${BULK}/banner`, clientKey, { context: { targetingKey: 'v' } });
    for (let i = 0; i < 40 && answer.status !== 429; i++) answer = await ofrep(s, `${BULK}/banner`, clientKey, { context: { targetingKey: 'v' } });
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('1');
    expect(answer.body).toMatchObject({ key: 'banner', errorCode: 'GENERAL' });
    // Server keys are not limited per source (a service evaluates for many users).
    expect((await ofrep(s, `${BULK}/banner`, serverKey, { context: { targetingKey: 'v' } })).status).toBe(200);
  });
});

describe('event stream tokens over time', () => {
  it('a stream whose token window passed is told to re-fetch; the re-fetch answers 200 with a new URL; the old token then expires and its stream ends', async () => {
    const first = await ofrep(s, BULK, serverKey, { context: { targetingKey: 'renew' } });
    const stream = await openStream(uriOf(first));
    await stream.until(() => stream.events.some((e) => e.data?.type === 'refetchEvaluation'), 5_000, 'the renewal event');
    const renewed = await ofrep(s, BULK, serverKey, { context: { targetingKey: 'renew' } }, { headers: { 'if-none-match': first.headers.etag as string } });
    expect(renewed.status).toBe(200);
    expect(uriOf(renewed)).not.toBe(uriOf(first));
    await stream.until(() => stream.ended, 5_000, 'the expired stream to end');
    const again = await fetch(`${s.baseUrl}${uriOf(first)}`);
    expect(again.status).toBe(401);
    expect(await again.json()).toMatchObject({ errorDetails: expect.stringContaining('expired') });
  });
});

describe('shutdown', () => {
  it('closing the server ends its event streams at once, and is not held open by them', async () => {
    const other = await startTestServer({ listen: true });
    const key = (await other.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web' })).body.secret;
    const res = await ofrep(other, BULK, key, { context: { targetingKey: 'bye' } });
    const stream = await OfrepEventStream.open(other.baseUrl, uriOf(res));
    streams.push(stream);
    expect(stream.status).toBe(200);
    await other.close();
    await stream.until(() => stream.ended, 3_000, 'the stream to end with the server');
  });
});
