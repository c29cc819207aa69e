import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagBody, startTestServer, type TestServer } from './support/test-server';
import { RawStream } from './support/ws-client';

let clock = new Date('2026-01-01T00:00:00Z');
let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ now: () => clock, listen: true });
  await s.post('/api/v1/flags', flagBody('old-release'));
  await s.post('/api/v1/flags', flagBody('busy-release'));
  expect((await s.post('/api/v1/flags', flagBody('formula-flag', { name: '=cmd|calc' }))).status).toBe(201);
  await s.post('/api/v1/flags', flagBody('kill-importer', { type: 'kill-switch' }));
});
afterAll(() => s.close());

describe('stale-flag report', () => {
  it('lists expired, unevaluated and single-variation flags with their owners', async () => {
    clock = new Date('2026-03-01T00:00:00Z'); // release flags expired after 40 days
    const key = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc' })).body.secret;
    const r = new RawStream(s.baseUrl);
    await r.hello(key);
    r.send({ type: 'summary', startedAt: 0, endedAt: 1, counters: [{ flag: 'busy-release', variant: 'on', count: 5 }] });
    r.send({ type: 'ping' });
    await r.next('pong');
    let report: any;
    for (let i = 0; i < 50; i++) {
      report = (await s.get('/api/v1/reports/stale?days=30')).body;
      if (!report.items.find((f: any) => f.key === 'busy-release')?.reasons.includes('not-evaluated')) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    r.close();
    const byKey = new Map(report.items.map((f: any) => [f.key, f]));
    expect(byKey.get('old-release')).toMatchObject({ owner: 'team-checkout', reasons: ['expired', 'not-evaluated', 'single-variation'], lastEvaluatedAt: null });
    expect((byKey.get('old-release') as any).singleVariation).toHaveLength(3);
    expect((byKey.get('busy-release') as any).reasons).toEqual(['expired', 'single-variation']);
    expect((byKey.get('busy-release') as any).lastEvaluatedAt).toBe('2026-03-01T00:00:00.000Z');
    // A kill switch is permanent and serving one value is its job: only "never evaluated".
    expect((byKey.get('kill-importer') as any).reasons).toEqual(['not-evaluated']);
  });

  it('exports CSV with formula-looking cells neutralised', async () => {
    const res = await s.get('/api/v1/reports/stale?days=30&format=csv');
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.raw.trim().split('\r\n');
    expect(lines[0]).toBe('key,name,type,owner,reasons,createdAt,expiresAt,lastEvaluatedAt,singleVariation');
    expect(lines.some((l) => l.startsWith("formula-flag,'=cmd|calc,"))).toBe(true);
    expect(lines).toHaveLength(5);
  });

  it('neutralises every cell a spreadsheet would run: =, +, -, @, tab, carriage return (and full-width forms)', async () => {
    const saved = clock;
    clock = new Date('2026-01-01T00:00:00Z');
    const names = ['\t=1+1', '\r=1+1', '+SUM(A1)', '-2+3', '@SUM(A1)', '＝HYPERLINK("x")', '\n=1'];
    for (const [i, name] of names.entries()) expect((await s.post('/api/v1/flags', flagBody(`csv-${i}`, { name, owner: `${'=+-@'[i % 4]}team` }))).status).toBe(201);
    clock = saved;
    const csv = (await s.get('/api/v1/reports/stale?days=30&format=csv')).raw;
    for (const [i, name] of names.entries()) {
      const quoted = /[",\n\r]/.test(name);
      const cell = quoted ? `"'${name.replace(/"/g, '""')}"` : `'${name}`;
      expect(csv, JSON.stringify(name)).toContain(`csv-${i},${cell},release,'${'=+-@'[i % 4]}team,`);
    }
    // No cell anywhere starts with a formula character, quoted or not.
    const cells = csv.match(/(?<=^|,|\r\n)("(?:[^"]|"")*"|[^,\r\n]*)/g) ?? [];
    const bare = cells.map((c) => (c.startsWith('"') ? c.slice(1, -1).replace(/""/g, '"') : c));
    expect(bare.filter((c) => /^[=+\-@\t\r\n＝＋－＠]/.test(c))).toEqual([]);
  });

  it('rejects a bad window naming the field', async () => {
    const res = await s.get('/api/v1/reports/stale?days=0');
    expect(res.status).toBe(400);
    expect(res.body.details[0].path).toBe('query.days');
  });
});

describe('admin event stream', () => {
  it('sends open pages one event per committed change, without content', async () => {
    const res = await fetch(`${s.baseUrl}/api/v1/events`, { headers: { authorization: `Bearer ${s.tokens.viewer}` } });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const reader = res.body!.getReader();
    await reader.read(); // retry hint
    await s.post('/api/v1/flags/old-release/environments/staging/kill', { reason: 'watch me' });
    let text = '';
    while (!text.includes('event: change')) text += new TextDecoder().decode((await reader.read()).value);
    const data = JSON.parse(/data: (.*)/.exec(text)![1]!);
    expect(data).toMatchObject({ environment: 'staging', kind: 'flag', key: 'old-release', op: 'upsert', version: expect.any(Number) });
    expect(text).not.toContain('watch me');
    await reader.cancel();
  });

  it('needs an admin credential: none, SDK keys and revoked tokens get 401', async () => {
    const sdk = (await s.post('/api/v1/keys', { kind: 'client', environment: 'production', name: 'web' })).body.secret;
    for (const token of [null, sdk, 'sya_unknownunknownunknown']) expect((await s.get('/api/v1/events', token)).status).toBe(401);
  });
});
