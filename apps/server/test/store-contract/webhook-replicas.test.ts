import type { AuditAction } from '@switchyard/api';
import { expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/features/auth/actor';
import { startDeliveryWorker } from '../../src/features/webhooks/delivery-worker';
import { createServices } from '../../src/services';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { describeContract } from './support/contract';

const silent = { warn: (obj: unknown, msg?: string) => console.warn(msg, obj) };

/**
 * Two replicas (on PostgreSQL two pools on one database; SQLite is one process, so two workers on its
 * one connection) each run a delivery worker, while both write audited changes: every entry reaches
 * every subscription exactly once, in order, with one attempt each.
 */
describeContract('webhook delivery from two replicas', (ctx) => {
  it('delivers each entry once per subscription, in order', async () => {
    const dbs = [ctx.db, ctx.dialect === 'postgres' ? await ctx.opened.openAnother() : ctx.db];
    const replicas = dbs.map((db) => createServices({ db }));
    const receivers = await Promise.all([0, 1, 2].map(() => startWebhookReceiver()));
    const hooks: { id: string }[] = [];
    for (const [i, r] of receivers.entries()) hooks.push((await replicas[i % 2]!.webhooks.create(SYSTEM_ACTOR, { name: `r${i}`, url: r.url })).webhook);
    const workers = replicas.map((services) => startDeliveryWorker({ db: services.db, now: services.now, written: services.webhookDeliveriesWritten, log: silent, options: { pollMs: 20, leaseMs: 10_000 } }));
    try {
      const writer = async (w: number) => {
        for (let i = 0; i < 25; i++) {
          const services = replicas[(w + i) % 2]!;
          await services.db.transaction((tx) => services.audit.record(tx, SYSTEM_ACTOR, { action: 'test.write' as AuditAction, resource: 'flag', after: { w, i } }));
        }
      };
      await Promise.all([0, 1, 2, 3].map(writer));
      const head = (await ctx.db.read((s) => s.audit.head()))!.seq;
      await Promise.all(receivers.map((r, i) => r.waitFor((got) => got.some((x) => x.seq === head && x.webhook === hooks[i]!.id))));
      await Promise.all(workers.map((w) => w.stop()));
      for (const [i, r] of receivers.entries()) {
        const seqs = r.received.map((x) => x.seq);
        // From the subscription's own creation entry on: each once, ascending.
        expect(seqs[seqs.length - 1]).toBe(head);
        expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
        expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, k) => seqs[0]! + k));
        const attempts = await ctx.db.read((s) => s.webhooks.attempts(hooks[i]!.id, 0, head));
        expect(attempts.length).toBe(seqs.length);
      }
      // Both replicas took part (each holds subscriptions in turn); the senders are named in the log.
      const senders = new Set<string>();
      for (const h of hooks) for (const a of await ctx.db.read((s) => s.webhooks.attempts(h.id, 0, head))) senders.add(a.sender);
      expect([...senders].every((x) => workers.some((w) => w.owner === x))).toBe(true);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await Promise.all(receivers.map((r) => r.close()));
    }
  });
});
