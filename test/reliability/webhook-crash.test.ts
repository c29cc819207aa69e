import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../apps/server/test/store-contract/support/throwaway-postgres';
import { testDialect } from '../../apps/server/test/store-contract/support/test-database';
import { chainProblems, startWebhookReceiver, validSignature } from '../../apps/server/test/support/webhook-receiver';
import { ServerProcess } from '../support/server-process';

const WRITES = 500;

/** Quick webhook retries and a short lease (a killed process's lease must expire before its restart delivers). */
const SETTINGS = { WEBHOOK_POLL_MS: '50', WEBHOOK_LEASE_MS: '2000', WEBHOOK_TIMEOUT_MS: '900', WEBHOOK_BACKOFF_MS: '50', WEBHOOK_MAX_BACKOFF_MS: '500', WRITES_PER_MINUTE: '0' };
/** A real server process on SQLite, or (SWITCHYARD_TEST_DATABASE=postgres) on a throwaway PostgreSQL database. */
let server: ServerProcess;
let postgres: ThrowawayDatabase | undefined;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  if (testDialect() === 'postgres') postgres = await createThrowawayDatabase();
  server = new ServerProcess(postgres ? { ...SETTINGS, DATABASE_URL: postgres.url } : SETTINGS);
  await server.start();
});
afterAll(async () => {
  await server?.dispose();
  await postgres?.drop();
  await receiver.close();
});

describe('webhook delivery across a crash', () => {
  it(`delivers every committed change at least once, in order, signed and chained, after kill -9 during ${WRITES} audited changes`, async () => {
    const created = await server.api('POST', '/api/v1/webhooks', { name: 'crash receiver', url: receiver.url });
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    const [createEntry] = (await server.api('GET', '/api/v1/audit?limit=1')).body.items;

    // Eight writers; SIGKILL once a random 20-80 % of the changes are acknowledged.
    const acked: string[] = [];
    const killAtAck = Math.floor(WRITES * (0.2 + 0.6 * Math.random()));
    let killing: Promise<void> | undefined;
    let next = 0;
    const writer = async () => {
      for (;;) {
        const i = next++;
        if (i >= WRITES || killing) return;
        const key = `w${i}`;
        try {
          const res = await fetch(`${server.baseUrl}/api/v1/environments/production/segments`, {
            method: 'POST',
            headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
            body: JSON.stringify({ key, included: [`user-${i}`] }),
          });
          if (res.status === 201) acked.push(key);
          if (acked.length >= killAtAck) killing ??= server.kill();
        } catch {
          return; // the server is gone: this change's outcome is unknown
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    await killing;
    const receivedBeforeRestart = receiver.received.length;
    await server.start();

    const head = (await server.api('GET', '/api/v1/audit?limit=1')).body.items[0].seq as number;
    await receiver.waitFor((got) => got.some((r) => r.seq === head), 60_000);

    // The log as committed: every entry after the subscription's creation.
    const exported = await fetch(`${server.baseUrl}/api/v1/audit/export`, { headers: { authorization: `Bearer ${server.adminToken}` } });
    const committed = new Map<number, { hash: string; targetKey: string }>();
    let verdict: { ok: boolean } | undefined;
    for (const line of (await exported.text()).trim().split('\n')) {
      // Entries are lines of their own; checkpoints and the verdict are wrapped.
      const parsed = JSON.parse(line);
      if (parsed.verification) verdict = parsed.verification;
      else if (typeof parsed.seq === 'number' && typeof parsed.action === 'string' && parsed.seq > createEntry.seq) committed.set(parsed.seq, parsed);
    }
    expect(verdict?.ok).toBe(true);
    expect(committed.size).toBe(head - createEntry.seq);

    // At least once, in order (first arrivals ascending), signed, and only what committed.
    const firstArrivals = new Map<number, string>();
    for (const r of receiver.received) {
      expect(validSignature(secret, r), `signature of seq ${r.seq}`).toBe(true);
      if (!firstArrivals.has(r.seq)) firstArrivals.set(r.seq, r.body);
    }
    const seqs = [...firstArrivals.keys()];
    expect(seqs).toEqual(Array.from({ length: head - createEntry.seq + 1 }, (_, i) => createEntry.seq + i));
    for (const r of receiver.received) {
      if (r.seq === createEntry.seq) continue;
      // Same seq, same hash: nothing was delivered for a change the crash rolled back (its seq was reused by a committed one).
      expect(JSON.parse(r.body).hash, `delivery of seq ${r.seq} is the committed entry`).toBe(committed.get(r.seq)!.hash);
    }
    expect(chainProblems([...firstArrivals.values()], JSON.parse(firstArrivals.get(createEntry.seq)!).prevHash)).toEqual([]);
    const deliveredKeys = new Set([...committed.values()].map((e) => e.targetKey));
    expect(acked.filter((k) => !deliveredKeys.has(k))).toEqual([]);

    const resent = receiver.received.length - firstArrivals.size;
    console.log(`webhook crash: ${acked.length}/${WRITES} acknowledged before the kill, ${receivedBeforeRestart} delivered before it, ${firstArrivals.size} entries delivered in all, ${resent} sent twice`);
    expect(acked.length).toBeLessThan(WRITES);
  }, 180_000);
});
