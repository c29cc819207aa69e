import type { AuditAction } from '@switchyard/api';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/features/auth/actor';
import { flagBody, startTestServer, type TestServer } from './support/test-server';
import { chainProblems, startWebhookReceiver, validSignature } from './support/webhook-receiver';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ listen: true, app: { webhookDelivery: { pollMs: 25, backoffMs: 20, maxBackoffMs: 100, leaseMs: 5_000, timeoutMs: 2_000 } } });
});
afterAll(() => s.close());

const deliveriesOf = async (id: string) => (await s.get(`/api/v1/webhooks/${id}/deliveries?limit=200`)).body.items as any[];

/** The delivery log once every delivery in it is recorded as delivered (the receiver may have answered before the worker wrote it down). */
async function settledLog(id: string, timeoutMs = 10_000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = await deliveriesOf(id);
    if (log.every((d) => d.status === 'delivered')) return log;
    if (Date.now() > deadline) throw new Error(`deliveries of ${id} still pending after ${timeoutMs} ms: ${JSON.stringify(log)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('outbound webhooks', () => {
  it('are created by admins only, with the signing secret shown once', async () => {
    const body = { name: 'audit mirror', url: 'http://127.0.0.1:9/x' };
    expect((await s.post('/api/v1/webhooks', body, s.tokens.editor)).status).toBe(403);
    expect((await s.post('/api/v1/webhooks', { ...body, url: 'ftp://x' })).body.details[0].path).toBe('body.url');
    expect((await s.post('/api/v1/webhooks', { ...body, actions: [] })).body.details[0].path).toBe('body.actions');
    const created = await s.post('/api/v1/webhooks', { ...body, url: 'https://hooks.slack.example/services/T0/B0/secretpath', format: 'slack' });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whs_/);
    const listed = await s.get('/api/v1/webhooks');
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
    // The audit entry keeps the URL's origin only (a Slack URL's path is its credential).
    const [entry] = (await s.get('/api/v1/audit?action=webhook.create')).body.items;
    expect(entry.after.url).toBe('https://hooks.slack.example/…');
    await s.post(`/api/v1/webhooks/${created.body.webhook.id}/disable`, { reason: 'example only' });
  });

  it('delivers every matching entry in order, signed, the body being the audit entry with its hash chain', async () => {
    const receiver = await startWebhookReceiver();
    const filtered = await startWebhookReceiver();
    try {
      // A subscription gets entries from its own creation on.
      const firstSeq = (await s.get('/api/v1/audit?limit=1')).body.items[0].seq + 1;
      const all = (await s.post('/api/v1/webhooks', { name: 'all', url: receiver.url })).body;
      const only = (await s.post('/api/v1/webhooks', { name: 'prod kills of payments', url: filtered.url, environments: ['production'], tags: ['payments'], actions: ['flag.kill', 'flag.restore'] })).body;
      await s.post('/api/v1/flags', flagBody('pay', { tags: ['payments'] }));
      await s.post('/api/v1/flags', flagBody('other', { tags: ['search'] }));
      for (const env of ['staging', 'production']) for (const key of ['pay', 'other']) await s.post(`/api/v1/flags/${key}/environments/${env}/kill`, { reason: 'drill' });
      await s.post('/api/v1/flags/pay/environments/production/restore', { reason: 'ok' });
      const lastSeq = (await s.get('/api/v1/audit?limit=1')).body.items[0].seq;
      await receiver.waitFor((r) => r.some((x) => x.seq === lastSeq));
      await filtered.waitFor((r) => r.length >= 2);

      const seqs = receiver.received.map((r) => r.seq);
      expect(seqs).toEqual(Array.from({ length: lastSeq - firstSeq + 1 }, (_, i) => firstSeq + i));
      expect(receiver.received.every((r) => r.webhook === all.webhook.id && validSignature(all.secret, r))).toBe(true);
      expect(receiver.received.some((r) => validSignature(only.secret, r))).toBe(false);
      const bodies = receiver.received.map((r) => r.body);
      const first = JSON.parse(bodies[0]!);
      expect(chainProblems(bodies, first.prevHash)).toEqual([]);
      expect(first).toMatchObject({ seq: firstSeq, action: 'webhook.create', targetKey: all.webhook.id, hash: expect.any(String) });
      expect(JSON.parse(bodies[2]!)).toMatchObject({ action: 'flag.create', flagKey: 'pay' });

      expect(filtered.received.map((r) => JSON.parse(r.body)).map((e) => [e.action, e.flagKey, e.envKey])).toEqual([
        ['flag.kill', 'pay', 'production'],
        ['flag.restore', 'pay', 'production'],
      ]);
      const log = await settledLog(only.webhook.id);
      expect(log.map((d) => [d.status, d.attempts, d.attemptLog.length])).toEqual([
        ['delivered', 1, 1],
        ['delivered', 1, 1],
      ]);
    } finally {
      await receiver.close();
      await filtered.close();
    }
  });

  it('keeps retrying a receiver that answers 500, in order, until it recovers; the delivery log shows each attempt', async () => {
    let failing = true;
    const receiver = await startWebhookReceiver(() => (failing ? 500 : 204));
    try {
      const hook = (await s.post('/api/v1/webhooks', { name: 'flaky', url: receiver.url, flags: ['flaky'] })).body;
      await s.post('/api/v1/flags', flagBody('flaky'));
      await s.post('/api/v1/flags/flaky/environments/production/kill', { reason: 'one' });
      await s.post('/api/v1/flags/flaky/environments/production/restore', { reason: 'two' });
      // Several failed attempts at the first entry; nothing newer overtakes it meanwhile.
      await receiver.waitFor((r) => r.length >= 4);
      expect(new Set(receiver.received.map((r) => r.seq)).size).toBe(1);
      failing = false;
      const seqs = (await s.get('/api/v1/flags/flaky/audit')).body.items.map((e: any) => e.seq).reverse();
      await receiver.waitFor((r) => r.filter((x) => x.answered === 204).length === 3);
      expect(receiver.received.filter((x) => x.answered === 204).map((r) => r.seq)).toEqual(seqs);
      expect(receiver.received.every((r) => validSignature(hook.secret, r))).toBe(true);
      const log = await settledLog(hook.webhook.id);
      const oldest = log.at(-1);
      expect(oldest.status).toBe('delivered');
      expect(oldest.attempts).toBeGreaterThanOrEqual(5);
      expect(oldest.attemptLog.map((a: any) => a.status).slice(0, -1).every((st: number) => st === 500)).toBe(true);
      expect(oldest.attemptLog.at(-1)).toMatchObject({ status: 204, error: null });
      expect(oldest.attemptLog[0]).toMatchObject({ attempt: 1, status: 500, error: 'answered HTTP 500', sender: s.app.webhookDelivery!.owner });

      // Replay: the entry is sent again, and logged as a further attempt.
      const before = receiver.received.length;
      const replay = await s.post(`/api/v1/webhooks/${hook.webhook.id}/replay`, { fromSeq: seqs[0], reason: 'receiver lost its data' });
      expect(replay.body).toEqual({ requeued: 1 });
      await receiver.waitFor((r) => r.length > before);
      expect(receiver.received[before]!.seq).toBe(seqs[0]);
      expect(receiver.received[before]!.attempt).toBe(oldest.attempts + 1);
    } finally {
      await receiver.close();
    }
  });

  it('writes no delivery for an entry whose transaction rolled back', async () => {
    const count = async () => Number((await s.database.exec('select count(*) as n from webhook_deliveries'))[0]!.n);
    const before = await count();
    await expect(
      s.services.db.transaction(async (tx) => {
        await s.services.audit.record(tx, SYSTEM_ACTOR, { action: 'flag.kill', resource: 'flag-config', flagKey: 'pay', envKey: 'production', after: {} });
        throw new Error('the change failed after its audit entry');
      }),
    ).rejects.toThrow('the change failed');
    expect(await count()).toBe(before);
    // The same entry committed: one delivery per active subscription it matches.
    await s.services.db.transaction((tx) => s.services.audit.record(tx, SYSTEM_ACTOR, { action: 'test.outbox' as AuditAction, resource: 'flag', after: {} }));
    expect(await count()).toBeGreaterThan(before);
  });

  it('does not let a receiver that never answers hold up the server closing: the send in flight is aborted and logged', async () => {
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const hanging = createServer(() => arrived()); // reads the request, never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const other = await startTestServer({ listen: true, app: { webhookDelivery: { pollMs: 25, timeoutMs: 60_000, leaseMs: 120_000 } } });
    try {
      const hook = (await other.post('/api/v1/webhooks', { name: 'hangs', url: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`, actions: ['flag.create'] })).body;
      await other.post('/api/v1/flags', flagBody('slow'));
      await arrival;
      const started = performance.now();
      await other.app.close();
      // Far less than the 60 s the receiver had: closing aborted the send instead of waiting for it.
      expect(performance.now() - started).toBeLessThan(10_000);
      const [delivery] = await other.database.db.read((st) => st.webhooks.pending(hook.webhook.id, 10));
      expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('the server is stopping') });
    } finally {
      await other.database.dispose();
      hanging.closeAllConnections();
      hanging.close();
    }
  });
});
