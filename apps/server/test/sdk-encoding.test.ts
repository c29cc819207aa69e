import { request as httpRequest } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPRESS_MIN_BYTES, EncodedBodies, negotiateCoding } from '../src/features/sdk/content-encoding';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

describe('negotiateCoding (Accept-Encoding, RFC 9110 §12.5.3)', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate', 'gzip'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=1.0, gzip;q=0.9', 'br'],
    ['BR', 'br'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['*', 'br'],
    ['*;q=0.2, gzip;q=0.1', 'br'],
    ['deflate', 'identity'],
    ['identity;q=0, *;q=0', 'identity'], // nothing acceptable: identity anyway, never a 406
    ['x-gzip', 'gzip'],
    ['gzip;q=nonsense, br', 'br'],
  ] as const)('%j -> %s', (header, coding) => {
    expect(negotiateCoding(header)).toBe(coding);
  });
});

describe('EncodedBodies', () => {
  it('compresses a body once per coding and leaves small bodies as they are', async () => {
    const bodies = new EncodedBodies(Buffer.from(JSON.stringify({ flags: Array.from({ length: 50 }, (_, i) => ({ key: `flag-${i}`, on: true })) })));
    const first = await bodies.body('br');
    expect(bodies.body('br')).toBe(first); // the same bytes, synchronously, from now on
    expect(brotliDecompressSync(first).equals(bodies.identity)).toBe(true);
    expect(gunzipSync(await bodies.body('gzip')).equals(bodies.identity)).toBe(true);
    const small = new EncodedBodies(Buffer.alloc(COMPRESS_MIN_BYTES - 1, 'a'));
    expect(small.codingFor('br')).toBe('identity');
  });
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** GET over real HTTP, the body as sent (fetch would decompress it). */
function rawGet(baseUrl: string, path: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${baseUrl}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /sdk/v1/flags honours Accept-Encoding (real HTTP, 100 flags)', () => {
  let s: TestServer;
  let key: string;
  const get = (headers: Record<string, string> = {}) => rawGet(s.baseUrl, '/sdk/v1/flags', { authorization: `Bearer ${key}`, ...headers });
  /** What the fast lane answered over HTTP (after a warm-up) and what the route answers via inject(). */
  const both = async (headers: Record<string, string>) => {
    await get(headers); // the first request of a coding may wait for its compression: the route answers it
    const lane = await get(headers);
    const route = await s.app.inject({ method: 'GET', url: '/sdk/v1/flags', headers: { authorization: `Bearer ${key}`, ...headers } });
    return { lane, route };
  };

  beforeAll(async () => {
    s = await startTestServer({ listen: true });
    for (let i = 0; i < 100; i++) await s.post('/api/v1/flags', flagBody(`checkout-flag-${String(i).padStart(3, '0')}`, { description: 'A flag of the checkout team, for the compression test.' }));
    key = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'encodings' })).body.secret;
  }, 120_000);
  afterAll(() => s.close());

  it('sends br, gzip or identity as asked, each decoding to the same rule set, with Vary and its own ETag', async () => {
    const identity = await get();
    expect(identity.status).toBe(200);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.vary).toBe('Accept-Encoding');
    expect(JSON.parse(identity.body.toString()).flags).toHaveLength(100);
    const etag = identity.headers.etag as string;

    const br = await get({ 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(brotliDecompressSync(br.body).equals(identity.body)).toBe(true);
    expect(br.headers.etag).toBe(`${etag.slice(0, -1)}-br"`);

    const gzip = await get({ 'accept-encoding': 'br;q=0.1, gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(identity.body)).toBe(true);
    expect(gzip.headers.etag).toBe(`${etag.slice(0, -1)}-gzip"`);

    expect((await get({ 'accept-encoding': 'br;q=0, gzip;q=0' })).headers['content-encoding']).toBeUndefined();
    // The figure for the record (issue 20: 44 KB went out for 100 flags).
    console.log(`100 flags: identity ${identity.body.length} B, gzip ${gzip.body.length} B, br ${br.body.length} B`);
    expect(br.body.length).toBeLessThan(identity.body.length / 5);
    expect(gzip.body.length).toBeLessThan(identity.body.length / 4);
  });

  it('answers 304 for the version an SDK holds in any coding, and 200 with the new body after a change', async () => {
    const held = await get({ 'accept-encoding': 'gzip' });
    for (const accept of ['gzip', 'br', 'identity']) {
      const again = await get({ 'accept-encoding': accept, 'if-none-match': held.headers.etag as string });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
      expect(again.headers.vary).toBe('Accept-Encoding');
    }
    expect((await get({ 'accept-encoding': 'br', 'if-none-match': `W/${held.headers.etag as string}` })).status).toBe(304);
    await s.post('/api/v1/flags', flagBody('added-after'));
    const changed = await get({ 'accept-encoding': 'gzip', 'if-none-match': held.headers.etag as string });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(held.headers.etag);
    expect(JSON.parse(gunzipSync(changed.body).toString()).flags.map((f: { key: string }) => f.key)).toContain('added-after');
  });

  it('gives the same compressed answer from the fast lane as from the route', async () => {
    for (const accept of ['br', 'gzip', 'identity']) {
      const { lane, route } = await both({ 'accept-encoding': accept });
      expect(lane.status).toBe(route.statusCode);
      for (const h of ['content-encoding', 'content-length', 'etag', 'vary', 'cache-control', 'content-type']) expect(String(lane.headers[h]), h).toBe(String(route.headers[h]));
      expect(lane.body.equals(route.rawPayload)).toBe(true);
    }
  });
});
