import { fork, type ChildProcess } from 'node:child_process';

/**
 * Child processes running one TypeScript worker script (through tsx), spoken to over IPC: each
 * message a worker sends is queued until the parent asks for it, so none is lost between requests.
 * A worker announces itself with `{ type: 'up' }`.
 */
export class WorkerPool<ToWorker, FromWorker extends { type: string }> {
  private readonly workers: ChildProcess[] = [];
  private readonly inbox = new Map<ChildProcess, FromWorker[]>();
  private readonly waiters = new Map<ChildProcess, ((m: FromWorker) => void)[]>();

  constructor(
    private readonly script: string,
    readonly size: number,
  ) {}

  async start(): Promise<void> {
    for (let i = 0; i < this.size; i++) {
      const w = fork(this.script, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      this.inbox.set(w, []);
      this.waiters.set(w, []);
      w.on('message', (m: FromWorker) => {
        const waiter = this.waiters.get(w)!.shift();
        if (waiter) waiter(m);
        else this.inbox.get(w)!.push(m);
      });
      this.workers.push(w);
    }
    await this.all('up' as FromWorker['type']);
  }

  private next(w: ChildProcess): Promise<FromWorker> {
    const queued = this.inbox.get(w)!.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.waiters.get(w)!.push(resolve));
  }

  /** Sends each worker `message` (or `message(i)`), if any, and waits for each one's next message, of `type`. */
  async all<T extends FromWorker['type']>(type: T, message?: ToWorker | ((i: number) => ToWorker)): Promise<Extract<FromWorker, { type: T }>[]> {
    return Promise.all(
      this.workers.map(async (w, i) => {
        if (message) w.send((typeof message === 'function' ? (message as (i: number) => ToWorker)(i) : message) as object);
        const m = await this.next(w);
        if (m.type !== type) throw new Error(`worker ${i}: expected ${type}, got ${m.type}`);
        return m as Extract<FromWorker, { type: T }>;
      }),
    );
  }

  stop(): void {
    for (const w of this.workers) w.kill();
    this.workers.length = 0;
  }
}
