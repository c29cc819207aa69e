import fc from 'fast-check';
import { HOSTILE_PATTERNS, LONG_STRINGS, PROTOTYPE_NAMES } from '../../../../packages/core/test/evaluation/arbitraries';
import type { Database } from '../../src/db/stores';
import { recountEnvironment, type EnvironmentBudget } from '../../src/features/environments/environment-size';
import { AUDIT_TABLES, isAuditedRefusal, type TestServer } from './test-server';

/**
 * Budgets small enough for fuzzed requests to hit (a few large lists, a dozen flags): every run
 * checks that no environment grows past them and that each running size equals a count from scratch.
 */
export const FUZZ_BUDGET: EnvironmentBudget = { bytes: 60_000, flags: 12, segments: 6 };

/** Valid request templates: each fuzz case starts from one and breaks it. */
const TEMPLATES: [method: string, url: string, body?: Record<string, unknown>][] = [
  ['POST', '/api/v1/flags', { key: 'fz', type: 'release', owner: 'o', tags: ['t'], variationType: 'string', variations: [{ name: 'a', value: 'a' }] }],
  ['PATCH', '/api/v1/flags/target', { baseVersion: 1, description: 'd', tags: ['x'] }],
  ['POST', '/api/v1/flags/target/archive', { reason: 'r' }],
  ['PATCH', '/api/v1/flags/target/environments/production', { baseVersion: 1, rules: [{ clauses: [{ attribute: 'a', op: 'in', values: ['x'] }], serve: { variation: 0 } }] }],
  ['POST', '/api/v1/flags/target/environments/production/toggle', { enabled: true, baseVersion: 1 }],
  ['POST', '/api/v1/flags/target/environments/production/kill', { reason: 'r' }],
  ['POST', '/api/v1/flags/target/environments/production/restore', { reason: 'r' }],
  ['POST', '/api/v1/environments', { key: 'fz-env', name: 'F' }],
  ['POST', '/api/v1/environments/production/segments', { key: 'fz-seg', included: ['a'], rules: [] }],
  ['PATCH', '/api/v1/environments/production/segments/ring', { baseVersion: 1, included: ['b'] }],
  ['DELETE', '/api/v1/environments/production/segments/ring', { reason: 'r' }],
  ['POST', '/api/v1/keys', { kind: 'server', environment: 'production', name: 'k' }],
  ['POST', '/api/v1/keys/key_fuzz/revoke', { reason: 'r' }],
  ['POST', '/api/v1/session', { token: 'sya_x' }],
  ['POST', '/api/v1/flags/mig/environments/production/migration/transition', { to: 'dualwrite', reason: 'r' }],
  ['POST', '/api/v1/flags/mig/environments/production/migration/backfills', { jobName: 'j', codeVersion: 'c', cursorStart: '0', cursorEnd: '5', status: 'running', attemptCount: 1, rowsScanned: 1, rowsChanged: 1 }],
  ['POST', '/api/v1/flags/mig/environments/production/migration/attest', { direction: 'forward', jobName: 'j', range: { start: '0', end: '5' }, reason: 'r' }],
  ['GET', '/api/v1/flags?tag=t&owner=o&type=release&stale=true&q=x'],
  ['GET', '/api/v1/audit?limit=5&since=2020-01-01T00:00:00Z'],
  ['GET', '/api/v1/reports/stale?days=3'],
  ['GET', '/api/v1/environments/production/delivery?version=1'],
];

export interface FuzzRequest {
  method: string;
  url: string;
  /** A JSON value to send, or a raw string (possibly not JSON). */
  body?: { json: unknown } | { raw: string };
  contentType?: string;
  /** The field that was given text no database stores as sent: the answer must be 400 naming it. */
  unstorableAt?: string;
  /** Read the current `version` at this URL and send it as the body's `baseVersion`, so the change reaches validation. */
  baseVersionFrom?: string;
}

/** Any generated value as text (null-prototype objects have no toString). */
const asText = (v: unknown): string => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/**
 * Text no database stores as sent: an unpaired UTF-16 surrogate (high, low, or half of a pair)
 * somewhere in ASCII text, so it stays unpaired.
 */
export const unstorableText: fc.Arbitrary<string> = fc
  .tuple(fc.string({ maxLength: 8 }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string({ maxLength: 8 }))
  .map(([before, unit, after]) => `${before}${String.fromCharCode(unit)}${after}`);

/**
 * A URL component, percent-encoded; an unpaired surrogate is written as the three bytes a careless
 * encoder (WTF-8, CESU-8) sends for it, since UTF-8 has none.
 */
export function encodeComponent(text: string): string {
  return [...text].map((c) => (/\p{Cs}/u.test(c) ? [0xe0 | (c.charCodeAt(0) >> 12), 0x80 | ((c.charCodeAt(0) >> 6) & 0x3f), 0x80 | (c.charCodeAt(0) & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('') : encodeURIComponent(c))).join('');
}

/** Every string leaf of a JSON value, with its path. */
export function stringLeaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
}

/** A copy of `value` with the string at `path` replaced by `leaf`. */
export function withLeaf(value: unknown, path: readonly (string | number)[], leaf: string): unknown {
  if (path.length === 0) return leaf;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[path[0]!] = withLeaf(copy[path[0]!], path.slice(1), leaf);
  return copy;
}

const weird = fc.oneof(unstorableText, fc.jsonValue({ maxDepth: 3 }), fc.string({ maxLength: 40 }), fc.constantFrom(null, -1, 1e300, '', '  ', '__proto__', 'NaN', '../../etc', '<script>', 'Ω≈ç√', '\u0000', 2 ** 53 + 1));

/** A long list of distinct keys (about 60 bytes each), for requests that grow an environment. */
const bigList = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}-${i}-${'k'.repeat(48)}`);

/** A valid request made large (or one more flag or segment): what runs into the environment budgets. */
export function grown(method: string, url: string, body: Record<string, unknown> | undefined, n: number, tag: string): FuzzRequest {
  const list = bigList(100 + n * 40, tag);
  // Edits based on the item's current version, so that they reach the budget check rather than a 409.
  if (url.endsWith('/environments/production') && method === 'PATCH')
    return { method, url, baseVersionFrom: url, body: { json: { ...body, rules: undefined, targets: [{ variation: n % 2, values: list }] } } };
  if (url.includes('/segments') && method === 'PATCH') return { method, url, baseVersionFrom: url, body: { json: { ...body, included: list } } };
  if (url.includes('/segments') && method === 'POST') return { method, url, body: { json: { ...body, key: `fz-seg-${n}`, included: list } } };
  if (url === '/api/v1/flags' && method === 'POST') return { method, url, body: { json: { ...body, key: `fz-${n}` } } };
  return { method, url, body: body ? { json: body } : undefined };
}

const TARGET_CONFIG = '/api/v1/flags/target/environments/production';

/**
 * A rule for `matches` and a negated clause, at the current version: patterns a backtracking engine
 * stalls on or the engine refuses, random text as a pattern, attribute names every object inherits
 * (`constructor`, `__proto__`, …), and values up to 4,096 characters. Accepted or refused with a 400
 * naming the value, never a 5xx or a stall.
 */
const matchesRule: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.oneof(fc.constantFrom(...HOSTILE_PATTERNS), fc.string({ maxLength: 300 }), fc.constantFrom('a'.repeat(257), '\\uD800', '(?<n>a)\\k<n>', '\\p{Letter}')),
    fc.constantFrom('ua', 'email', ...PROTOTYPE_NAMES),
    fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...LONG_STRINGS)),
    fc.boolean(),
  )
  .map(([pattern, attribute, value, negate]) => ({
    method: 'PATCH',
    url: TARGET_CONFIG,
    baseVersionFrom: TARGET_CONFIG,
    body: {
      json: {
        baseVersion: 0,
        rules: [{ clauses: [{ attribute, op: 'matches', values: [pattern] }, { attribute, op: 'notIn', values: [value], negate }], serve: { variation: 0 } }],
      },
    },
  }));

/** One hostile request derived from a valid template. */
const templateRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(fc.constantFrom(...TEMPLATES), fc.nat({ max: 9 }), weird, fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 4 }), fc.nat({ max: 40 }), unstorableText)
  .map(([[method, url, body], mutation, value, text, anything, n, unstorable]): FuzzRequest => {
    const fields = body ? Object.keys(body) : [];
    const pick = fields[text.length % Math.max(1, fields.length)];
    switch (mutation) {
      case 0: // a field gets a hostile value
        return { method, url, body: { json: pick ? { ...body, [pick]: value } : value } };
      case 1: // a field goes missing
        return { method, url, body: { json: pick ? Object.fromEntries(Object.entries(body!).filter(([k]) => k !== pick)) : {} } };
      case 2: // an unknown field appears
        return { method, url, body: { json: { ...body, [text || 'extra']: value } } };
      case 3: // the body is anything at all
        return { method, url, body: { json: anything } };
      case 4: // not JSON
        return { method, url, body: { raw: `{"${text}": ${text}` }, contentType: 'application/json' };
      case 5: // a path segment is replaced
        return { method, url: url.replace(/\/(target|production|ring|mig)(?=\/|$|\?)/, `/${encodeComponent(text.length % 3 === 0 ? unstorable : text)}`), body: body ? { json: body } : undefined };
      case 6: // a query value is replaced
        return { method, url: url.includes('?') ? url.replace(/=[^&]*/, `=${encodeComponent(asText(value))}`) : `${url}?${encodeComponent(text)}=1`, body: body ? { json: body } : undefined };
      case 8: {
        // Any text field, however deep, holds an unpaired surrogate: refused, naming it.
        const leaves = body ? stringLeaves(body) : [];
        const leaf = leaves[text.length % Math.max(1, leaves.length)];
        if (!body || !leaf) return { method, url: `${url}${url.includes('?') ? '&' : '?'}q=${encodeComponent(unstorable)}`, body: body ? { json: body } : undefined };
        const path = `body${leaf.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;
        return { method, url, body: { json: withLeaf(body, leaf, unstorable) }, unstorableAt: path };
      }
      case 7: // the wrong content type
        return { method, url, body: { raw: JSON.stringify(body ?? {}) }, contentType: 'text/plain' };
      default: // valid, but large: a long list of keys, one more flag or segment
        return grown(method, url, body, n, text.replace(/[^a-z0-9]/gi, '') || 'k');
    }
  });

/** One hostile request: mostly a broken template, sometimes a `matches` rule (see {@link matchesRule}). */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof({ weight: 9, arbitrary: templateRequest }, { weight: 1, arbitrary: matchesRule });

/** Each environment's running size must equal a count from scratch, and stay within the budget. */
async function checkSizes(db: Database, budget: EnvironmentBudget, where: string): Promise<string[]> {
  const problems: string[] = [];
  await db.read(async (st) => {
    for (const env of await st.environments.list()) {
      const counted = await recountEnvironment(st, env.key);
      const kept = { bytes: env.sizeBytes, flags: env.flagCount, segments: env.segmentCount };
      if (env.sizedVersion === env.version && JSON.stringify(kept) !== JSON.stringify(counted))
        problems.push(`running size of ${env.key} ${JSON.stringify(kept)} is not its count ${JSON.stringify(counted)}: ${where}`);
      for (const m of ['bytes', 'flags', 'segments'] as const) if (counted[m] > budget[m]) problems.push(`${env.key} holds ${counted[m]} ${m}, over its budget of ${budget[m]}: ${where}`);
    }
  });
  return problems;
}

/**
 * Sends one fuzz request and returns what broke the rules (empty when nothing did). With `budget`,
 * also checks every environment's size against it after a change.
 */
export async function checkFuzzRequest(
  s: Pick<TestServer, 'app' | 'database' | 'tokens'>,
  r: FuzzRequest,
  budget?: EnvironmentBudget,
  onAnswer?: (status: number, code: string | undefined) => void,
): Promise<string[]> {
  const mutation = r.method !== 'GET' && r.url.startsWith('/api/');
  const before = mutation ? { count: await s.database.auditCount(), print: await s.database.fingerprint(), printNoAudit: await s.database.fingerprint(AUDIT_TABLES) } : undefined;
  const headers: Record<string, string> = { authorization: `Bearer ${s.tokens.admin}` };
  let payload: string | undefined;
  if (r.body && 'json' in r.body && r.baseVersionFrom !== undefined) {
    const current = await s.app.inject({ method: 'GET', url: r.baseVersionFrom, headers });
    payload = JSON.stringify({ ...(r.body.json as object), baseVersion: JSON.parse(current.body).version });
    headers['content-type'] = 'application/json';
  } else if (r.body && 'json' in r.body) {
    payload = JSON.stringify(r.body.json) ?? 'null';
    headers['content-type'] = r.contentType ?? 'application/json';
  } else if (r.body) {
    payload = r.body.raw;
    headers['content-type'] = r.contentType ?? 'application/json';
  }
  const res = await s.app.inject({ method: r.method as 'GET', url: r.url, headers, ...(payload !== undefined ? { payload } : {}) });
  const problems: string[] = [];
  const where = `${r.method} ${r.url} ${payload?.slice(0, 200) ?? ''} → ${res.statusCode} ${res.body.slice(0, 200)}`;
  if (res.statusCode >= 500) problems.push(`5xx: ${where}`);
  let body: any;
  try {
    body = JSON.parse(res.body);
  } catch {
    const exempt = res.statusCode === 204 || /csv|ndjson/.test(String(res.headers['content-type'] ?? ''));
    if (!exempt) problems.push(`not JSON: ${where}`);
  }
  if (r.unstorableAt !== undefined && !(res.statusCode === 400 && Array.isArray(body?.details) && body.details.some((d: any) => d.path === r.unstorableAt)))
    problems.push(`unstorable text in ${r.unstorableAt} not refused with 400 naming it: ${where}`);
  onAnswer?.(res.statusCode, body?.code);
  if (res.statusCode >= 400) {
    if (typeof body?.code !== 'string' || typeof body?.message !== 'string' || body?.details === undefined) problems.push(`error without {code, message, details}: ${where}`);
    if (body?.code === 'VALIDATION_FAILED' && !(Array.isArray(body.details) && body.details.length > 0 && body.details.every((d: any) => /^(body|query|params)(\.|\[|$)/.test(d.path) && d.message)))
      problems.push(`validation error not naming the field: ${where}`);
  }
  if (before) {
    const ok = res.statusCode >= 200 && res.statusCode < 300;
    const refusedMove = isAuditedRefusal(r.url, body);
    // A repeated toggle, kill or restore answers 200 with `changed: false`: nothing written, nothing audited.
    const unchanged = ok && body?.changed === false;
    if (unchanged && (await s.database.fingerprint()) !== before.print) problems.push(`changed: false, yet the database changed: ${where}`);
    if (ok && !unchanged && (await s.database.auditCount()) !== before.count + 1) problems.push(`success without exactly one audit entry: ${where}`);
    if (!ok && !refusedMove && (await s.database.fingerprint()) !== before.print) problems.push(`rejected request changed the database: ${where}`);
    if (refusedMove && (await s.database.fingerprint(AUDIT_TABLES)) !== before.printNoAudit) problems.push(`refused move changed more than the audit log: ${where}`);
    if (ok && budget) problems.push(...(await checkSizes(s.database.db, budget, where)));
  }
  return problems;
}

/** Creates what the templates refer to. */
export async function seedFuzzTargets(s: TestServer): Promise<void> {
  await s.post('/api/v1/flags', { key: 'target', type: 'release', owner: 'o' });
  await s.post('/api/v1/flags', { key: 'mig', type: 'migration', owner: 'o' });
  await s.post('/api/v1/environments/production/segments', { key: 'ring' });
}
