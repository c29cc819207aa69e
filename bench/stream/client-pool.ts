import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  private readonly workers: ChildProcess[] = [];
  private readonly inbox = new Map<ChildProcess, FromWorker[]>();
  private readonly waiters = new Map<ChildProcess, ((m: FromWorker) => void)[]>();

  constructor(readonly size: number) {}

  async start(): Promise<void> {
    for (let i = 0; i < this.size; i++) {
      const w = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      this.inbox.set(w, []);
      this.waiters.set(w, []);
      w.on('message', (m: FromWorker) => {
        const waiter = this.waiters.get(w)!.shift();
        if (waiter) waiter(m);
        else this.inbox.get(w)!.push(m);
      });
      this.workers.push(w);
    }
    await this.all('up');
  }

  private next(w: ChildProcess): Promise<FromWorker> {
    const queued = this.inbox.get(w)!.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.waiters.get(w)!.push(resolve));
  }

  private async all<T extends FromWorker['type']>(type: T, message?: ToWorker | ((i: number) => ToWorker)): Promise<Extract<FromWorker, { type: T }>[]> {
    return Promise.all(
      this.workers.map(async (w, i) => {
        if (message) w.send(typeof message === 'function' ? message(i) : message);
        const m = await this.next(w);
        if (m.type !== type) throw new Error(`worker ${i}: expected ${type}, got ${m.type}`);
        return m as Extract<FromWorker, { type: T }>;
      }),
    );
  }

  /** Opens every planned connection; resolves with how many synced, what failed, and how long it took. */
  async connect(url: string, plan: KeyPlan[], concurrency = 100): Promise<{ synced: number; failures: Record<string, number>; ms: number }> {
    const perWorker: ConnectionSpec[][] = this.workers.map(() => []);
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
    for (const w of this.workers) w.kill();
    this.workers.length = 0;
  }
}
