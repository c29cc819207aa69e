import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AuditRecord, WebhookDeliveryRecord, WebhookRecord } from '../../db/records';
import type { Database } from '../../db/stores';
import type { Signal } from '../../infra/signal';
import { signatureHeader } from './signature';
import { webhookBody } from './webhook-payload';

export interface DeliveryWorkerOptions {
  /** How often pending deliveries are looked for besides the wake-up after each commit (and retries found due). */
  pollMs: number;
  /** How long a replica holds a subscription once it claimed it; renewed before every send. */
  leaseMs: number;
  /** A receiver's answer must arrive within this. */
  timeoutMs: number;
  /** First retry delay; doubled per failed attempt (with jitter) up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Deliveries read at once per subscription. */
  batch: number;
  /**
   * Subscriptions delivered for at once by one replica. Each holds a database connection for its
   * bookkeeping now and then; kept small so configuration writes always find one.
   */
  parallel: number;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryWorkerOptions = { pollMs: 1_000, leaseMs: 30_000, timeoutMs: 10_000, backoffMs: 1_000, maxBackoffMs: 600_000, batch: 50, parallel: 4 };

export interface DeliveryWorker {
  /** This replica's name in leases and in the delivery log. */
  readonly owner: string;
  /** Delivers what is due now (resolves when this round is done). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

interface Log {
  warn(obj: unknown, msg?: string): void;
}

/**
 * Sends the outbox's deliveries: at least once, in seq order per subscription, one sender at a time.
 *
 * A replica delivers for a subscription only while it holds the subscription's lease, taken in the
 * database with one conditional UPDATE (webhook-store's `claim`) and renewed before a send whenever
 * less than half of it plus a send's timeout is left, so no send outlives the lease: under normal
 * operation exactly one replica sends each delivery. Within a subscription the oldest
 * pending delivery goes first and a failure stops the subscription until its retry is due
 * (exponential backoff with jitter, kept in the row, so it survives restarts): nothing newer overtakes
 * it. A delivery is marked delivered only after a 2xx answer; a crash between the answer and that
 * write, or a lease that expired during a send, sends it again (at least once — receivers dedupe on
 * `seq`).
 */
export function startDeliveryWorker(deps: { db: Database; now: () => Date; written: Signal<void>; log: Log; options?: Partial<DeliveryWorkerOptions> }): DeliveryWorker {
  const { db, log } = deps;
  const o = { ...DEFAULT_DELIVERY_OPTIONS, ...deps.options };
  const owner = `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
  let stopped = false;
  /** Aborts the sends in flight when the worker stops (a slow receiver must not hold up a shutdown). */
  const stopping = new AbortController();
  let running: Promise<void> | undefined;
  let again = false;

  const clock = () => deps.now().getTime();
  const claim = (id: string) => {
    const t = clock();
    return db.transaction((tx) => tx.webhooks.claim(id, owner, t, t + o.leaseMs));
  };
  /**
   * Renews the lease when less than half of it is left (a send lasts at most timeoutMs, which is
   * shorter than the lease), so a healthy subscription costs one lease write per half lease, not per send.
   */
  const renewer = (id: string) => {
    let renewedAt = clock();
    return async () => {
      if (clock() - renewedAt < o.leaseMs / 2 - o.timeoutMs) return true;
      const t = clock();
      if (!(await claim(id))) return false;
      renewedAt = t;
      return true;
    };
  };

  async function send(w: WebhookRecord, d: WebhookDeliveryRecord, entry: AuditRecord): Promise<boolean> {
    const body = webhookBody(w.format, entry);
    const attempt = d.attempts + 1;
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new TimeoutError()), o.timeoutMs);
    const onStop = () => abort.abort(new Error('the server is stopping'));
    stopping.signal.addEventListener('abort', onStop);
    try {
      const res = await fetch(w.url, {
        method: 'POST',
        redirect: 'manual',
        signal: abort.signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Switchyard-Webhooks/1',
          'x-switchyard-signature': signatureHeader(w.secret, body, Math.floor(clock() / 1000)),
          'x-switchyard-webhook': w.id,
          'x-switchyard-seq': String(d.seq),
          'x-switchyard-attempt': String(attempt),
        },
        body,
      });
      status = res.status;
      await res.body?.cancel().catch(() => undefined);
      if (status < 200 || status >= 300) error = `answered HTTP ${status}`;
    } catch (err) {
      error = describe(abort.signal.aborted ? abort.signal.reason : err);
    } finally {
      clearTimeout(timer);
      stopping.signal.removeEventListener('abort', onStop);
    }
    const ok = error === null;
    const at = deps.now();
    const backoff = Math.min(o.maxBackoffMs, o.backoffMs * 2 ** Math.min(attempt - 1, 30)) * (0.5 + Math.random() / 2);
    const next: WebhookDeliveryRecord = {
      ...d,
      status: ok ? 'delivered' : 'pending',
      attempts: attempt,
      nextAttemptAt: ok ? d.nextAttemptAt : at.getTime() + Math.round(backoff),
      lastStatus: status,
      lastError: error,
      deliveredAt: ok ? at.toISOString() : null,
    };
    const durationMs = Math.round(performance.now() - started);
    await db.transaction((tx) => tx.webhooks.attempted({ webhookId: w.id, seq: d.seq, attempt, at: at.toISOString(), status, error, durationMs, sender: owner }, next));
    return ok;
  }

  /** Delivers a subscription's due deliveries in order while this replica holds its lease. */
  async function drain(id: string): Promise<void> {
    if (!(await claim(id))) return;
    const renew = renewer(id);
    try {
      const w = await db.read((s) => s.webhooks.get(id));
      if (!w || w.disabledAt !== null) return;
      while (!stopped) {
        const batch = await db.read((s) => s.webhooks.pending(id, o.batch));
        if (batch.length === 0) return;
        const first = batch[0]!.seq;
        const last = batch[batch.length - 1]!.seq;
        const entries = new Map((await db.read((s) => s.audit.list({ afterSeq: first - 1, beforeSeq: last + 1, order: 'asc', limit: last - first + 1 }))).map((e) => [e.seq, e]));
        for (const d of batch) {
          if (stopped || d.nextAttemptAt > clock()) return;
          if (!(await renew())) return; // the lease was lost (this replica stalled past it): another one delivers now
          const entry = entries.get(d.seq);
          if (!entry) {
            log.warn({ webhook: id, seq: d.seq }, 'webhook delivery names an audit entry that does not exist; left pending');
            return;
          }
          if (!(await send(w, d, entry))) return;
        }
      }
    } finally {
      await db.transaction((tx) => tx.webhooks.release(id, owner)).catch(() => undefined);
    }
  }

  async function round(): Promise<void> {
    do {
      again = false;
      const ids = await db.read((s) => s.webhooks.withPending());
      let next = 0;
      const lane = async () => {
        while (next < ids.length && !stopped) {
          const id = ids[next++]!;
          await drain(id).catch((err: unknown) => log.warn({ err, webhook: id }, 'webhook delivery round failed; retried on the next one'));
        }
      };
      await Promise.all(Array.from({ length: Math.min(o.parallel, ids.length) }, lane));
    } while (again && !stopped);
  }

  function runOnce(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = round()
      .catch((err: unknown) => log.warn({ err }, 'webhook delivery round failed; retried on the next one'))
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  const timer = setInterval(() => void runOnce(), o.pollMs);
  timer.unref();
  const unsubscribe = deps.written.subscribe(() => void runOnce());
  void runOnce();

  return {
    owner,
    runOnce,
    async stop() {
      stopped = true;
      stopping.abort();
      clearInterval(timer);
      unsubscribe();
      await running;
    },
  };
}

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(err)}${cause ? ` (${cause})` : ''}`.slice(0, 500);
}
