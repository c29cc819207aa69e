import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_PATTERNS, LONG_STRINGS, PROTOTYPE_NAMES } from '../../../packages/core/test/evaluation/arbitraries';
import { captureLogs } from './support/log-capture';
import { encodeComponent, unstorableText } from './support/http-fuzz';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Hostile input on the OFREP routes (docs/ofrep.md): both evaluation endpoints and the event
 * stream. Never a 5xx, never an error log; every refusal in OFREP's shape (`errorCode`,
 * `errorDetails`, and `key` on a flag's route), naming what it refuses: a body field (`body…`), a
 * header, or the stream's `query.token`.
 */
const WARN = 40;
const logs = captureLogs();
let s: TestServer;
let keys: Record<'server' | 'client' | 'admin', string>;
let token: string;

beforeAll(async () => {
  s = await startTestServer({ listen: true, logger: logs.logger, stream: { contextsPerSourcePerMinute: 1_000_000 } });
  for (const [i, pattern] of HOSTILE_PATTERNS.slice(0, 4).entries()) {
    const key = `hostile-${i}`;
    await s.post('/api/v1/flags', { key, type: 'release', owner: 'o', clientSide: i % 2 === 0 });
    const url = `/api/v1/flags/${key}/environments/production`;
    const rules = [
      { clauses: [{ attribute: 'ua', op: 'matches', values: [pattern] }], serve: { variation: 1 } },
      { clauses: [{ attribute: PROTOTYPE_NAMES[i]!, op: 'notIn', values: ['x'] }], serve: { rollout: { variations: [{ variation: 0, weight: 50_000 }, { variation: 1, weight: 50_000 }] } } },
    ];
    await s.patch(url, { baseVersion: (await s.get(url)).body.version, rules, fallthrough: { variation: 0 } });
    await s.post(`${url}/toggle`, { enabled: true, baseVersion: (await s.get(url)).body.version });
  }
  keys = {
    server: (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc' })).body.secret,
    client: (await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web' })).body.secret,
    admin: s.tokens.admin,
  };
  const bulk = await s.app.inject({ method: 'POST', url: '/ofrep/v1/evaluate/flags', headers: { authorization: `Bearer ${keys.client}`, 'content-type': 'application/json' }, payload: '{"context":{"targetingKey":"t"}}' });
  token = new URL(JSON.parse(bulk.body).eventStreams[0].endpoint.requestUri, 'http://x').searchParams.get('token')!;
});
afterAll(() => s.close());

const weird = fc.oneof(
  unstorableText,
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(null, -1, 1e300, '', '__proto__', '\u0000', 2 ** 53 + 1, ...LONG_STRINGS),
);
/** A context: an object with hostile attribute names and values, sometimes deep, sometimes not an object at all. */
const context = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...PROTOTYPE_NAMES, 'targetingKey', 'key', 'ua', '')), weird, { maxKeys: 8 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 40 }).map((d) => Array.from({ length: d }).reduce<unknown>((inner) => ({ a: inner }), 1)) },
  { weight: 1, arbitrary: fc.integer({ min: 101, max: 300 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, i]))) },
);
const credentials = fc.constantFrom<[string, string] | undefined>(
  undefined,
  ['authorization', 'server'],
  ['authorization', 'client'],
  ['authorization', 'admin'],
  ['x-api-key', 'server'],
  ['x-api-key', 'client'],
  ['authorization', 'Basic abc'],
  ['authorization', 'Bearer '],
  ['x-api-key', 'x'],
  ['authorization', 'Bearer sdk_nobody_1234567890'],
);
const flagKey = fc.oneof(fc.constantFrom('hostile-0', 'hostile-1', 'hostile-2', 'nope', '__proto__', 'constructor', 'k'.repeat(101), 'x\uD800y', '', '.', '..'), fc.string({ maxLength: 30 }), unstorableText);

interface OfrepFuzz {
  url: string;
  headers: Record<string, string>;
  payload?: string;
  single?: string;
}

const request: fc.Arbitrary<OfrepFuzz> = fc
  .tuple(fc.boolean(), flagKey, context, credentials, fc.nat({ max: 7 }), fc.string({ maxLength: 30 }), weird)
  .map(([single, key, ctx, cred, mutation, text, value]) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (cred) headers[cred[0]] = cred[0] === 'authorization' && cred[1] in keys ? `Bearer ${keys[cred[1] as keyof typeof keys]}` : cred[1] in keys ? keys[cred[1] as keyof typeof keys] : cred[1];
    let url = single ? `/ofrep/v1/evaluate/flags/${encodeComponent(key).replace(/^\.{1,2}$/, (dots) => "%2E".repeat(dots.length))}` : '/ofrep/v1/evaluate/flags';
    let payload: string | undefined = JSON.stringify({ context: ctx });
    switch (mutation) {
      case 0:
        payload = `{"context": ${text}`;
        break;
      case 1:
        payload = JSON.stringify(value) ?? 'null';
        break;
      case 2:
        payload = JSON.stringify({ context: ctx, [text || 'extra']: value });
        break;
      case 3:
        headers['content-type'] = 'text/plain';
        break;
      case 4:
        headers['if-none-match'] = text;
        url += `?flagConfigEtag=${encodeComponent(text)}&flagConfigLastModified=${encodeComponent(String(value))}`;
        break;
      case 5:
        payload = undefined;
        break;
      default:
        break;
    }
    return { url, headers, payload, single: single ? key : undefined };
  });

function check(r: OfrepFuzz, status: number, text: string, contentType: string): string[] {
  const where = `${r.url} ${JSON.stringify(r.headers)} ${r.payload?.slice(0, 160) ?? ''} → ${status} ${text.slice(0, 200)}`;
  const problems: string[] = [];
  if (status >= 500) return [`5xx: ${where}`];
  if (status === 304) return text === '' ? [] : [`304 with a body: ${where}`];
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return [`not JSON: ${where}`];
  }
  if (!contentType.startsWith('application/json')) problems.push(`not application/json: ${where}`);
  if (status >= 400) {
    if (typeof body?.errorCode !== 'string' || typeof body?.errorDetails !== 'string') problems.push(`error without errorCode and errorDetails: ${where}`);
    // A key the router cannot take (not UTF-8, too long) is refused before routing, naming the path.
    const unroutable = body?.errorDetails?.startsWith('params ');
    // `.` and `..` are path segments the URL resolves away: no flag key reaches the server then.
    const dotted = r.single !== undefined && /^\.{1,2}$/.test(r.single);
    if (r.single !== undefined && status !== 404 && !unroutable && !dotted && body?.key !== r.single) problems.push(`error without its flag key: ${where}`);
    if (body?.errorCode === 'INVALID_CONTEXT' && !/^body\.context/.test(body.errorDetails)) problems.push(`INVALID_CONTEXT not naming the field: ${where}`);
    if (body?.errorCode === 'PARSE_ERROR' && status === 400 && !/^body/.test(body.errorDetails)) problems.push(`PARSE_ERROR not naming the body: ${where}`);
    if (status === 401 && !/Authorization|X-API-Key|SDK key/.test(body.errorDetails)) problems.push(`401 not naming the credentials: ${where}`);
  }
  return problems;
}

describe('hostile input on the OFREP routes', () => {
  it('evaluation endpoints: never 5xx, always OFREP-shaped errors naming the field', async () => {
    const problems: string[] = [];
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const res = await s.app.inject({ method: 'POST', url: r.url, headers: r.headers, ...(r.payload !== undefined ? { payload: r.payload } : {}) });
        const found = check(r, res.statusCode, res.body, String(res.headers['content-type'] ?? ''));
        if (found.length > 0) console.error(found.join('\n'));
        problems.push(...found);
        return found.length === 0;
      }),
      { numRuns: 600, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    expect(problems).toEqual([]);
    expect(logs.above(WARN)).toEqual([]);
  }, 120_000);

  it('event stream: hostile tokens and Last-Event-IDs never 5xx; refusals name query.token', async () => {
    const tokenish = fc.oneof(
      fc.string({ maxLength: 60 }),
      unstorableText,
      fc.nat({ max: token.length - 1 }).chain((i) => fc.string({ minLength: 1, maxLength: 1 }).map((c) => token.slice(0, i) + c + token.slice(i + 1))),
      fc.constant(token),
      fc.constant(keys.client),
    );
    const problems: string[] = [];
    await fc.assert(
      fc.asyncProperty(tokenish, fc.option(fc.oneof(fc.string({ maxLength: 20 }), fc.nat().map(String)), { nil: undefined }), async (t, lastEventId) => {
        const controller = new AbortController();
        const headers: Record<string, string> = {};
        if (lastEventId !== undefined && /^[\x20-\x7e]*$/.test(lastEventId)) headers['last-event-id'] = lastEventId;
        const res = await fetch(`${s.baseUrl}/ofrep/v1/events?token=${encodeComponent(t)}`, { headers, signal: controller.signal });
        const found: string[] = [];
        const where = `token ${JSON.stringify(t)} last-event-id ${JSON.stringify(lastEventId)} → ${res.status}`;
        if (res.status >= 500) found.push(`5xx: ${where}`);
        else if (res.status === 200) {
          if (!String(res.headers.get('content-type')).startsWith('text/event-stream')) found.push(`200 not an event stream: ${where}`);
          controller.abort();
        } else {
          const body = (await res.json()) as { errorCode?: unknown; errorDetails?: string };
          if (typeof body?.errorCode !== 'string' || !/query\.token/.test(body?.errorDetails ?? '')) found.push(`refusal not naming query.token: ${where} ${JSON.stringify(body)}`);
        }
        problems.push(...found);
        return found.length === 0;
      }),
      { numRuns: 150, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    expect(problems).toEqual([]);
    expect(logs.above(WARN)).toEqual([]);
  }, 120_000);
});
