// The machine floor for propagation: how long this machine takes to get one small frame to every one
// of N loopback WebSocket connections when the server does nothing but write it (bare-floor-server.ts),
// with the same client workers (client-worker.ts, `bare` connections) applying and timing it as they
// apply and time a real patch. propagation.ts prints Switchyard's figures beside this one, measured
// in the same run, so that a p99 can be read against what the machine itself allows.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromBareFloor, ToBareFloor } from './bare-floor-server';
import { ClientPool } from './client-pool';

const SERVER = fileURLToPath(new URL('./bare-floor-server.ts', import.meta.url));

export interface BareFloorOptions {
  connections: number;
  workers: number;
  /** Timed sends (one untimed send goes first). */
  rounds: number;
  /** The frame's payload size in bytes: a real patch's. */
  frameBytes: number;
}

export interface BareFloor {
  /** Each delivery of each timed send: arrival (as the worker timestamps a patch) minus the moment just before the server's write loop. */
  fromCommand: number[];
  /** The server's write loop per timed send: CPU (user + system) and wall ms. */
  loopCpuMs: number[];
  loopWallMs: number[];
  /** Connections open, and deliveries that did not arrive within the collect timeout. */
  connected: number;
  missing: number;
}

/** Starts the bare server and the client workers, times `rounds` sends, and stops them all (also on error). */
export async function measureBareFloor(opts: BareFloorOptions): Promise<BareFloor> {
  const server = new BareFloorServer(opts.frameBytes);
  const pool = new ClientPool(opts.workers);
  try {
    const port = await server.started;
    await pool.start();
    // The pool opens at most 100 handshakes per worker at a time, far under the server's backlog (20,000).
    const c = await pool.connect(`ws://127.0.0.1:${port}/`, [{ secret: '', kind: 'bare', count: opts.connections }]);
    if (c.synced !== opts.connections) throw new Error(`bare floor: ${c.synced} of ${opts.connections} connections opened; failed: ${JSON.stringify(c.failures)}`);
    const out: BareFloor = { fromCommand: [], loopCpuMs: [], loopWallMs: [], connected: c.synced, missing: 0 };
    for (let trial = 0; trial <= opts.rounds; trial++) {
      await pool.arm(trial);
      const sent = await server.send();
      const { times } = await pool.collect(trial);
      if (trial > 0) {
        // Trial 0 is untimed: it warms the write path of the server and the message path of the workers.
        out.loopCpuMs.push(sent.loopCpuMs);
        out.loopWallMs.push(sent.loopWallMs);
        for (const t of times) {
          if (Number.isNaN(t)) out.missing++;
          else out.fromCommand.push(t - sent.startedAt);
        }
      }
      await new Promise((r) => setTimeout(r, 300)); // let acks settle between sends, as the real bench does
    }
    return out;
  } finally {
    await pool.stop();
    server.stop();
  }
}

/** The bare server process, spoken to over its IPC channel; every wait also ends if it exits. */
class BareFloorServer {
  private readonly child: ChildProcess;
  private readonly replies: ((m: FromBareFloor) => void)[] = [];
  private readonly exited: Promise<never>;
  /** The port it listens on, once it does. */
  readonly started: Promise<number>;

  constructor(frameBytes: number) {
    this.child = fork(SERVER, [String(frameBytes)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (m: FromBareFloor) => this.replies.shift()?.(m));
    this.exited = new Promise<never>((_, reject) => this.child.once('exit', (code, signal) => reject(new Error(`bare floor server exited (${signal ?? code})`))));
    this.exited.catch(() => {}); // a rejection that no wait is racing is not an error
    this.started = Promise.race([this.next('listening').then((m) => m.port), this.exited]);
  }

  private next<T extends FromBareFloor['type']>(type: T): Promise<Extract<FromBareFloor, { type: T }>> {
    return new Promise((resolve, reject) =>
      this.replies.push((m) => (m.type === type ? resolve(m as Extract<FromBareFloor, { type: T }>) : reject(new Error(`bare floor server: expected ${type}, got ${m.type}`)))),
    );
  }

  /** One write of the frame to every socket; resolves with the server's account of the loop. */
  async send(): Promise<Extract<FromBareFloor, { type: 'sent' }>> {
    const reply = this.next('sent');
    this.child.send({ type: 'send' } satisfies ToBareFloor);
    return Promise.race([reply, this.exited]);
  }

  stop(): void {
    this.child.kill();
  }
}
