import type { AuditAction } from '@switchyard/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/features/auth/actor';
import { stringLeaves, withLeaf } from './support/http-fuzz';
import { flagBody, startTestServer, type TestServer } from './support/test-server';
import { RawStream } from './support/ws-client';

/**
 * Text no database stores as sent — an unpaired UTF-16 surrogate (SQLite and PostgreSQL drivers write
 * U+FFFD instead), or NUL — is refused wherever text enters, naming the field; blank required text
 * (an owner, a reason) is refused too. A kill reason with a lone surrogate used to be acknowledged,
 * hashed as sent and stored as U+FFFD, which broke the audit chain for good.
 */
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ listen: true });
  await s.post('/api/v1/flags', flagBody('target'));
  await s.post('/api/v1/flags', { key: 'mig', type: 'migration', owner: 'o' });
  await s.post('/api/v1/environments/production/segments', { key: 'ring' });
});
afterAll(() => s.close());

const LONE = ['\ud800', '\udfff', 'a\udc00b', 'x\ud83d']; // high, low, embedded, a pair cut in half
const cfg = '/api/v1/flags/target/environments/production';

/** Valid requests whose every string field is, in turn, made unstorable. */
const REQUESTS: [method: string, url: string, body: Record<string, unknown>][] = [
  ['POST', `${cfg}/kill`, { reason: 'incident 42' }],
  ['POST', '/api/v1/flags', { key: 'fresh', type: 'release', owner: 'team', name: 'Fresh', description: 'd', tags: ['t'], variationType: 'string', variations: [{ name: 'a', value: 'va' }, { name: 'b', value: 'vb' }], reason: 'r' }],
  ['PATCH', '/api/v1/flags/target', { baseVersion: 1, name: 'n', description: 'd', owner: 'team', tags: ['t'], reason: 'r' }],
  ['PATCH', cfg, { baseVersion: 1, targets: [{ variation: 1, values: ['user-1'] }], rules: [{ clauses: [{ attribute: 'country', op: 'in', values: ['NL'] }], serve: { variation: 1 } }], reason: 'r' }],
  ['POST', '/api/v1/environments', { key: 'qa', name: 'QA', reason: 'r' }],
  ['POST', '/api/v1/environments/production/segments', { key: 'seg', name: 'S', description: 'd', included: ['a'], excluded: ['b'] }],
  ['POST', '/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc', reason: 'r' }],
  ['POST', '/api/v1/session', { token: 'sya_not-a-token' }],
  ['POST', '/api/v1/flags/mig/environments/production/migration/transition', { to: 'dualwrite', reason: 'r' }],
  ['POST', '/api/v1/flags/mig/environments/production/migration/backfills', { jobName: 'j', codeVersion: 'c', cursorStart: '0', cursorEnd: '5', status: 'running', attemptCount: 1, rowsScanned: 1, rowsChanged: 1 }],
  ['POST', '/api/v1/flags/mig/environments/production/migration/attest', { direction: 'forward', jobName: 'j', range: { start: '0', end: '5' }, reason: 'r' }],
];

const fieldPath = (path: (string | number)[]) => `body${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;

describe('text no database can store as sent', () => {
  it('a kill reason with an unpaired surrogate is refused naming the field, and the chain stays intact', async () => {
    const res = await s.post(`${cfg}/kill`, { reason: 'INC-1 \ud800' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([{ path: 'body.reason', message: expect.stringContaining('well-formed Unicode') }]);
    expect((await s.get(cfg)).body.killed).toBeNull();
    expect((await s.get('/api/v1/audit/verify')).body).toMatchObject({ ok: true, breaks: [] });
  });

  it('every string field of every write, in turn, holding an unpaired surrogate or NUL: 400 naming it (the harness checks nothing changed)', async () => {
    let checked = 0;
    for (const [method, url, body] of REQUESTS) {
      for (const path of stringLeaves(body)) {
        for (const bad of [...LONE, 'a\u0000b']) {
          const res = await s.request(method, url, { body: withLeaf(body, path, bad) });
          expect(res.status, `${method} ${url} ${fieldPath(path)} = ${JSON.stringify(bad)}`).toBe(400);
          expect(res.body.details.map((d: { path: string }) => d.path)).toEqual([fieldPath(path)]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(150);
    expect((await s.get('/api/v1/audit/verify')).body.ok).toBe(true);
  });

  it('a field name holding one is refused too, and so is a surrogate pair cut in two by the JSON', async () => {
    const res = await s.post(`${cfg}/kill`, { reason: 'r', 'x\udbff': 1 });
    expect(res.status).toBe(400);
    expect(res.body.details[0].path).toBe('body.x\udbff');
    const raw = await s.request('POST', `${cfg}/kill`, { rawBody: '{"reason":"\\ud83d \\ude00"}', headers: { 'content-type': 'application/json' } });
    expect(raw.status).toBe(400);
    // A whole pair is well-formed, and stored and hashed as sent.
    const emoji = await s.post(`${cfg}/kill`, { reason: 'fire \ud83d\udd25' });
    expect(emoji.status).toBe(200);
    expect(emoji.body.killed.reason).toBe('fire 🔥');
    expect((await s.post(`${cfg}/restore`, { reason: 'done' })).status).toBe(200);
  });

  it('a service that records one anyway hashes the entry as stored: the chain still verifies', async () => {
    // Bypasses the edge on purpose: the audit service itself must never hash text other than what the database keeps.
    await s.services.db.transaction((tx) =>
      s.services.audit.record(tx, { ...SYSTEM_ACTOR, name: 'robot \udc00' }, { action: 'test.note' as AuditAction, resource: 'flag', flagKey: 'target', targetKey: 't\ud800', reason: 'why \ud800 not', after: { note: '\udfff' } }),
    );
    const [entry] = (await s.get('/api/v1/audit?action=test.note')).body.items;
    expect(entry).toMatchObject({ actor: 'robot \ufffd', targetKey: 't\ufffd', reason: 'why \ufffd not', after: { note: '\udfff' } });
    expect((await s.get('/api/v1/audit/verify')).body).toMatchObject({ ok: true, breaks: [] });
  });

  it('a stream message holding one is refused naming the field (close 4000), and no count is stored', async () => {
    const key = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'stream-svc' })).body.secret;
    const hello = new RawStream(s.baseUrl);
    await hello.opened();
    hello.send({ type: 'hello', protocol: 1, sdk: { name: 'sdk \ud800', version: '1' }, key });
    expect((await hello.waitClosed()).code).toBe(4000);
    expect(hello.frames.find((f) => f.type === 'error')).toMatchObject({ code: 'bad-message', path: ['sdk', 'name'], message: expect.stringContaining('well-formed Unicode') });

    const summary = new RawStream(s.baseUrl);
    await summary.hello(key);
    summary.send({ type: 'summary', startedAt: 0, endedAt: 1, counters: [{ flag: 'target', variant: 'on\udfff', count: 3 }] });
    expect((await summary.waitClosed()).code).toBe(4000);
    expect(summary.frames.find((f) => f.type === 'error')).toMatchObject({ code: 'bad-message', path: ['counters', 0, 'variant'] });
    expect((await s.get('/api/v1/flags/target/evaluations')).body.items).toEqual([]);
  });
});

describe('required text that shows nothing', () => {
  const BLANK = ['', ' ', '   ', '\t', '\n', '\u00a0', '\u200b', '\u2003\u2009', '\u3000', '\ufeff', '\u200b\u200c\u200d\u2060', '\u180e', '\u3164', '\u00ad', ' \u200b\t\u00a0 '];

  it.each(BLANK.map((b) => [JSON.stringify(b), b]))('an owner of %s is refused on create and update, naming body.owner', async (_name, blank) => {
    const created = await s.post('/api/v1/flags', flagBody('blank-owner', { owner: blank }));
    expect(created.status).toBe(400);
    expect(created.body.details.map((d: { path: string }) => d.path)).toEqual(['body.owner']);
    const updated = await s.patch('/api/v1/flags/target', { baseVersion: (await s.get('/api/v1/flags/target')).body.version, owner: blank });
    expect(updated.status).toBe(400);
    expect(updated.body.details.map((d: { path: string }) => d.path)).toEqual(['body.owner']);
  });

  it('an owner with text around its spaces is fine, as written', async () => {
    const res = await s.post('/api/v1/flags', flagBody('spaced-owner', { owner: '\u00a0team payments ' }));
    expect(res.status).toBe(201);
    expect(res.body.owner).toBe('\u00a0team payments ');
  });

  it.each([
    ['kill', 'POST', `${cfg}/kill`, {}],
    ['migration move', 'POST', '/api/v1/flags/mig/environments/production/migration/transition', { to: 'dualwrite' }],
  ])('a %s reason of zero-width spaces is refused as missing', async (_what, method, url, body) => {
    const res = await s.request(method, url, { body: { ...body, reason: '\u200b\u200b' } });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: 'body.reason', message: 'is required: say why' }]);
  });
});
