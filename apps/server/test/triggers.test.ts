import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamFixture } from './support/stream-fixture';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

let s: TestServer;
let serverKey: string;
const { open, closeAll, prod } = streamFixture(() => s);

/** A call to a trigger URL, as an alerting tool makes it (no admin token). */
async function call(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.baseUrl}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
}

const sign = (secret: string, body: string, t = Math.floor(Date.now() / 1000)) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;

beforeAll(async () => {
  s = await startTestServer({ listen: true, app: { triggers: { callsPerMinute: 30, landedWaitMs: 3_000 } } });
  for (const key of ['checkout', 'search', 'limited']) await s.post('/api/v1/flags', flagBody(key));
  serverKey = (await s.post('/api/v1/keys', { kind: 'server', environment: 'production', name: 'svc' })).body.secret;
});
afterAll(async () => {
  closeAll();
  await s.close();
});

describe('inbound triggers', () => {
  it('are created by admins only; the URL and signing secret are shown once and the URL token is stored only as a hash', async () => {
    const body = { name: 'pagerduty checkout', flag: 'checkout', environment: 'production', action: 'kill', signed: true };
    expect((await s.post('/api/v1/triggers', body, s.tokens.editor)).status).toBe(403);
    expect((await s.post('/api/v1/triggers', { ...body, action: 'explode' })).body.details[0].path).toBe('body.action');
    expect((await s.post('/api/v1/triggers', { ...body, flag: 'nope' })).body.code).toBe('FLAG_NOT_FOUND');
    const res = await s.post('/api/v1/triggers', body);
    expect(res.status).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.url).toMatch(/^\/hooks\/v1\/triggers\/tgu_[A-Za-z0-9_-]{43}$/);
    expect(res.body.signingSecret).toMatch(/^tgs_/);
    expect(res.body.trigger).toMatchObject({ id: expect.stringMatching(/^trg_/), flagKey: 'checkout', envKey: 'production', action: 'kill', signed: true });
    const token = res.body.url.split('/').pop();
    const rows = await s.database.exec('select * from triggers');
    expect(JSON.stringify(rows)).not.toContain(token);
    const listed = await s.get('/api/v1/triggers');
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(JSON.stringify(listed.body)).not.toContain(res.body.signingSecret);
    expect((await s.get('/api/v1/triggers', s.tokens.viewer)).status).toBe(403);
    // Viewers see that a trigger was made, not its details.
    const [entry] = (await s.get('/api/v1/audit?action=trigger.create', s.tokens.viewer)).body.items;
    expect(entry).toMatchObject({ targetKey: res.body.trigger.id, redacted: true, after: null });
  });

  it('kills once under 10 concurrent calls, names the trigger in the audit log, and answers where the kill landed', async () => {
    const created = await s.post('/api/v1/triggers', { name: 'grafana search', flag: 'search', environment: 'production', action: 'kill' });
    const { url, trigger } = created.body;
    // Three connected SDKs, each acknowledging the patch it gets.
    const sdks = [open(), open(), open()];
    for (const r of sdks) {
      await r.hello(serverKey);
      await r.next('snapshot');
    }
    const acked = sdks.map((r) => r.next('patch').then((p) => r.send({ type: 'ack', version: p.version })));
    const payload = JSON.stringify({ status: 'firing', alerts: [{ labels: { alertname: 'SearchErrors' } }] });
    const answers = await Promise.all(Array.from({ length: 10 }, () => call(url, payload)));
    await Promise.all(acked);
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const first = answers[0]!.body;
    for (const a of answers) expect(a.body).toEqual(first);
    expect(first.landed).toEqual({ n: 3, of: 3 });
    const kills = (await s.get('/api/v1/flags/search/audit')).body.items.filter((e: any) => e.action === 'flag.kill');
    expect(kills).toHaveLength(1);
    expect(kills[0]).toMatchObject({ seq: first.auditSeq, actor: `trigger:${trigger.id}`, actorKeyId: null });
    expect(kills[0].after.via).toEqual({ trigger: trigger.id, name: 'grafana search', payload: JSON.parse(payload) });
    expect(kills[0].after.version).toBe(first.version);
    expect((await s.get(prod('search'))).body.killed.by).toBe(`trigger:${trigger.id}`);
    // A later repeat: the same answer, nothing written.
    const count = await s.database.auditCount();
    expect((await call(url, '{}')).body).toEqual(first);
    expect(await s.database.auditCount()).toBe(count);
    for (const r of sdks) r.close();
  });

  it('refuses a wrong or missing signature, an unknown URL and a disabled trigger, changing nothing', async () => {
    const created = (await s.post('/api/v1/triggers', { name: 'signed', flag: 'checkout', environment: 'staging', action: 'kill', signed: true })).body;
    const body = JSON.stringify({ alert: 'x' });
    const before = await s.database.fingerprint();
    const refusals = [
      await call(created.url, body),
      await call(created.url, body, { 'x-switchyard-signature': sign('tgs_wrong', body) }),
      await call(created.url, body, { 'x-switchyard-signature': sign(created.signingSecret, '{"alert":"y"}') }),
      await call(created.url, body, { 'x-switchyard-signature': sign(created.signingSecret, body, Math.floor(Date.now() / 1000) - 3600) }),
    ];
    expect(refusals.map((r) => [r.status, r.body.code])).toEqual(Array(4).fill([401, 'SIGNATURE_INVALID']));
    const unknown = await call('/hooks/v1/triggers/tgu_not-a-real-token', body);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'TRIGGER_NOT_FOUND']);
    const huge = await call(created.url, JSON.stringify({ alert: 'x'.repeat(70_000) }));
    expect([huge.status, huge.body.code]).toEqual([413, 'BODY_TOO_LARGE']);
    expect(await s.database.fingerprint()).toBe(before);

    const ok = await call(created.url, body, { 'x-switchyard-signature': sign(created.signingSecret, body) });
    expect(ok.status).toBe(200);
    expect((await s.get('/api/v1/flags/checkout/environments/staging')).body.killed).not.toBeNull();

    await s.post(`/api/v1/triggers/${created.trigger.id}/disable`, { reason: 'alert retired' });
    const afterDisable = await s.database.fingerprint();
    const disabled = await call(created.url, body, { 'x-switchyard-signature': sign(created.signingSecret, body) });
    expect([disabled.status, disabled.body.code]).toEqual([409, 'TRIGGER_DISABLED']);
    expect(await s.database.fingerprint()).toBe(afterDisable);
    expect((await s.post(`/api/v1/triggers/${created.trigger.id}/disable`, { reason: 'again' })).body.code).toBe('TRIGGER_DISABLED');
  });

  it('restores, rotates (the old URL stops working) and is rate-limited per trigger', async () => {
    const restore = (await s.post('/api/v1/triggers', { name: 'resolve', flag: 'search', environment: 'production', action: 'restore' })).body;
    const r1 = await call(restore.url, '{"status":"resolved"}');
    expect(r1.status).toBe(200);
    expect((await s.get(prod('search'))).body.killed).toBeNull();
    const rotated = await s.post(`/api/v1/triggers/${restore.trigger.id}/rotate`, { reason: 'leaked in a screenshot' });
    expect(rotated.body.url).not.toBe(restore.url);
    expect((await call(restore.url, '{}')).status).toBe(404);
    expect((await call(rotated.body.url, '{}')).body).toEqual({ ...r1.body, landed: expect.any(Object) });

    // A large payload is kept by its head (and its size), within the audit entry.
    const big = (await s.post('/api/v1/triggers', { name: 'chatty', flag: 'search', environment: 'staging', action: 'kill' })).body;
    const alerts = JSON.stringify({ alerts: Array.from({ length: 200 }, (_, i) => ({ labels: { alertname: `A${i}`, instance: 'host-0000000000' } })) });
    expect(alerts.length).toBeGreaterThan(8_192);
    expect((await call(big.url, alerts)).status).toBe(200);
    const [bigKill] = (await s.get('/api/v1/flags/search/audit?environment=staging')).body.items;
    expect(bigKill.after.via.payload).toEqual({ truncated: true, chars: alerts.length, head: alerts.slice(0, 8_192) });

    const limited = (await s.post('/api/v1/triggers', { name: 'noisy', flag: 'limited', environment: 'production', action: 'kill' })).body;
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await call(limited.url, 'not json at all')).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(200));
    expect(statuses[30]).toBe(429);
    const [kill] = (await s.get('/api/v1/flags/limited/audit')).body.items;
    expect(kill.after.via.payload).toBe('not json at all');
  });

  describe('on a guarded release plan', () => {
    const gates = [{ name: 'Errors', owner: 'team', signal: 'error-rate', comparison: 'increase-at-most', threshold: 0.02, windowMs: 120_000, onFail: 'rollback' }];
    const stages = [
      { name: 'One percent', percent: 1, minDwellMs: 300_000, minSamplesPerArm: 50 },
      { name: 'Everyone', percent: 100, minDwellMs: 300_000, minSamplesPerArm: 50 },
    ];
    /** A flag, turned on, with a plan running on it in production. */
    async function runningPlan(key: string): Promise<string> {
      expect((await s.post('/api/v1/flags', flagBody(key))).status).toBe(201);
      const { version } = (await s.get(prod(key))).body;
      expect((await s.post(`${prod(key)}/toggle`, { enabled: true, baseVersion: version })).status).toBe(200);
      const plan = await s.post(`${prod(key)}/releases`, { fromVariation: 0, toVariation: 1, gates, stages });
      expect(plan.body.state.status).toBe('running');
      return plan.body.id as string;
    }
    const planState = async (id: string) => (await s.get(`/api/v1/releases/${id}`)).body.state;

    it('hold-plan holds the running plan as the trigger, and a repeat changes nothing', async () => {
      const id = await runningPlan('canary-hold');
      const { url, trigger } = (await s.post('/api/v1/triggers', { name: 'canary errors', flag: 'canary-hold', environment: 'production', action: 'hold-plan' })).body;
      const payload = { status: 'firing', alerts: [{ labels: { alertname: 'CanaryErrors' } }] };
      const first = await call(url, JSON.stringify(payload));
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ auditSeq: expect.any(Number), version: expect.any(Number), landed: expect.any(Object) });
      expect(await planState(id)).toMatchObject({ status: 'held', heldBecause: 'paused' });
      const [entry] = (await s.get('/api/v1/flags/canary-hold/audit?environment=production')).body.items;
      expect(entry).toMatchObject({ seq: first.body.auditSeq, action: 'release.pause', actor: `trigger:${trigger.id}`, targetKey: id });
      expect(entry.after.via).toEqual({ trigger: trigger.id, name: 'canary errors', payload });
      expect((await s.get(prod('canary-hold'))).body.killed).toBeNull();
      const before = await s.database.fingerprint();
      const again = await call(url, '{}');
      expect([again.status, again.body.auditSeq, again.body.version]).toEqual([200, first.body.auditSeq, first.body.version]);
      expect(await s.database.fingerprint()).toBe(before);
    });

    it('abort-plan aborts the running plan and kills the flag, as the trigger', async () => {
      const id = await runningPlan('canary-abort');
      const { url, trigger } = (await s.post('/api/v1/triggers', { name: 'canary down', flag: 'canary-abort', environment: 'production', action: 'abort-plan' })).body;
      const first = await call(url, '{"alert":"down"}');
      expect(first.status).toBe(200);
      expect(await planState(id)).toMatchObject({ status: 'aborted' });
      const flag = (await s.get(prod('canary-abort'))).body;
      expect(flag.killed.by).toBe(`trigger:${trigger.id}`);
      expect(first.body.version).toBe(flag.version);
      const items = (await s.get('/api/v1/flags/canary-abort/audit?environment=production')).body.items;
      expect(items.slice(0, 2).map((e: any) => [e.action, e.actor])).toEqual([
        ['release.abort', `trigger:${trigger.id}`],
        ['flag.kill', `trigger:${trigger.id}`],
      ]);
      expect(items[0].seq).toBe(first.body.auditSeq);
      expect(items[0].after.via.payload).toEqual({ alert: 'down' });
      const before = await s.database.fingerprint();
      expect((await call(url, '{}')).body).toMatchObject({ auditSeq: first.body.auditSeq, version: first.body.version });
      expect(await s.database.fingerprint()).toBe(before);
    });

    it('with no plan running, both answer 200 and change nothing', async () => {
      expect((await s.post('/api/v1/flags', flagBody('no-plan'))).status).toBe(201);
      const hold = (await s.post('/api/v1/triggers', { name: 'h', flag: 'no-plan', environment: 'production', action: 'hold-plan' })).body;
      const abort = (await s.post('/api/v1/triggers', { name: 'a', flag: 'no-plan', environment: 'production', action: 'abort-plan' })).body;
      const version = (await s.get(prod('no-plan'))).body.version;
      const before = await s.database.fingerprint();
      for (const url of [hold.url, abort.url]) {
        const answer = await call(url, '{"status":"firing"}');
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ auditSeq: null, version, landed: expect.any(Object) });
      }
      expect(await s.database.fingerprint()).toBe(before);
      expect((await s.get(prod('no-plan'))).body.killed).toBeNull();
    });
  });
});
