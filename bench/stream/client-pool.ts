import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkerPool } from '../support/worker-pool';
import type { ConnectionKind, ConnectionSpec, FromWorker, ToWorker } from './messages';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'client-worker.ts');

/** Keys to connect with: each key's connections are spread evenly over the workers. */
export interface KeyPlan {
  secret: string;
  kind: ConnectionKind;
  count: number;
}

/**
 * Raw protocol clients spread over worker processes. `connect` opens them all (at most
 * `concurrency` handshakes in flight per worker, under the server's listen backlog); `arm` and
 * `collect` time one change: every connection's arrival time of the first change after arming.
 */
export class ClientPool {
  private readonly pool: WorkerPool<ToWorker, FromWorker>;

  constructor(readonly size: number) {
    this.pool = new WorkerPool(WORKER, size);
  }

  async start(): Promise<void> {
    await this.pool.start();
  }

  private all<T extends FromWorker['type']>(type: T, message?: ToWorker | ((i: number) => ToWorker)): Promise<Extract<FromWorker, { type: T }>[]> {
    return this.pool.all(type, message);
  }

  /** Opens every planned connection; resolves with how many synced, what failed, and how long it took. */
  async connect(url: string, plan: KeyPlan[], concurrency = 100): Promise<{ synced: number; failures: Record<string, number>; ms: number }> {
    const perWorker: ConnectionSpec[][] = Array.from({ length: this.size }, () => []);
    let offset = 0;
    for (const k of plan) {
      for (let i = 0; i < this.size; i++) {
        const count = Math.floor(k.count / this.size) + (i < k.count % this.size ? 1 : 0);
        if (count > 0) perWorker[i]!.push({ secret: k.secret, kind: k.kind, count, offset });
        offset += count;
      }
    }
    const replies = await this.all('connected', (i) => ({ type: 'connect', url, specs: perWorker[i]!, concurrency }));
    const failures: Record<string, number> = {};
    for (const r of replies) for (const [k, v] of Object.entries(r.failures)) failures[k] = (failures[k] ?? 0) + v;
    return { synced: replies.reduce((s, r) => s + r.synced, 0), failures, ms: Math.max(...replies.map((r) => r.ms)) };
  }

  async arm(trial: number): Promise<void> {
    await this.all('armed', { type: 'arm', trial });
  }

  /**
   * Arrival times (epoch ms, fractional) of the armed change on every synced connection; NaN when it
   * did not arrive in time. `frameBytes`: the change's payload size as received (0 if none arrived).
   */
  async collect(trial: number, timeoutMs = 10_000): Promise<{ times: number[]; dropped: number; frameBytes: number }> {
    const replies = await this.all('times', { type: 'collect', trial, timeoutMs });
    return { times: replies.flatMap((r) => r.times), dropped: replies.reduce((s, r) => s + r.dropped, 0), frameBytes: Math.max(0, ...replies.map((r) => r.frameBytes)) };
  }

  async closeConnections(): Promise<void> {
    await this.all('closed', { type: 'close' });
  }

  async stop(): Promise<void> {
    this.pool.stop();
  }
}
