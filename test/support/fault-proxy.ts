import { EventEmitter } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';

/** `up`: client → server (requests, hello, pings, acks); `down`: server → client (frames, pongs). */
export type Direction = 'up' | 'down';

type Item = { due: number } & ({ kind: 'data'; chunk: Buffer } | { kind: 'end' } | { kind: 'destroy' });

/**
 * One direction of one proxied connection: a FIFO of chunks (and the source's end or abrupt close),
 * delivered in order once due (latency) and while not blocked (drop, half-open). Nothing is ever
 * lost or reordered while the connection lives — as with TCP, a blackholed segment arrives late, or
 * never if the connection dies first.
 */
class Lane {
  private readonly queue: Item[] = [];
  private timer: NodeJS.Timeout | undefined;
  bytes = 0;

  constructor(
    private readonly proxy: FaultProxy,
    readonly direction: Direction,
    private readonly destination: Socket,
  ) {}

  push(item: Item['kind'], chunk?: Buffer): void {
    const due = Date.now() + this.proxy.latencyMs(this.direction);
    this.queue.push(item === 'data' ? { due, kind: 'data', chunk: chunk! } : ({ due, kind: item } as Item));
    this.pump();
  }

  pump(): void {
    if (this.timer || this.proxy.blocked(this.direction)) return;
    while (this.queue.length > 0) {
      if (this.proxy.blocked(this.direction)) return;
      const head = this.queue[0]!;
      const wait = head.due - Date.now();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
        return;
      }
      this.queue.shift();
      this.deliver(head);
    }
  }

  private deliver(item: Item): void {
    const d = this.destination;
    if (d.destroyed) return;
    if (item.kind === 'data') {
      this.bytes += item.chunk.length;
      d.write(item.chunk);
    } else if (item.kind === 'end') d.end();
    else d.destroy();
  }

  discard(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }
}

interface Connection {
  id: number;
  client: Socket;
  upstream: Socket;
  lanes: Lane[];
}

/**
 * A TCP fault proxy on 127.0.0.1 between SDK clients and a server, for network-fault tests:
 *
 * - `latency(ms, direction?)`: every chunk is delayed by `ms` (order kept).
 * - `drop()`: blackhole both directions: connections stay open, nothing is forwarded; new
 *   connections are accepted and blackholed too (the SDK's handshake times out).
 * - `halfOpen(direction)`: stop forwarding in one direction only and never close: only heartbeats
 *   can tell. New connections are half-open too.
 * - `cut({ refuse })`: destroy both sides of every connection abruptly (TCP RST); with `refuse`,
 *   new connections are reset at once until `heal()`.
 * - `heal()`: back to a clean network; what was held back is delivered (as TCP would retransmit).
 *
 * Events: `connection` (id) when a connection is accepted and forwarded, `refused`, `closed` (id).
 */
export class FaultProxy extends EventEmitter {
  port = 0;
  /** Connections accepted (forwarded or blackholed), refused while cut, and cut. */
  accepted = 0;
  refused = 0;
  cuts = 0;
  private readonly latency: Record<Direction, number> = { up: 0, down: 0 };
  private readonly block: Record<Direction, boolean> = { up: false, down: false };
  private refusing = false;
  private server: Server | undefined;
  private readonly connections = new Map<number, Connection>();
  private nextId = 1;

  constructor(private readonly targetPort: () => number) {
    super();
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Connections currently open (either side still up). */
  get open(): number {
    return this.connections.size;
  }

  /** Bytes delivered so far in `direction`, over every connection still open. */
  bytes(direction: Direction): number {
    let total = 0;
    for (const c of this.connections.values()) total += c.lanes.find((l) => l.direction === direction)!.bytes;
    return total;
  }

  latencyMs(direction: Direction): number {
    return this.latency[direction];
  }

  blocked(direction: Direction): boolean {
    return this.block[direction];
  }

  async start(): Promise<void> {
    const server = createServer({ allowHalfOpen: false }, (client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
  }

  latencyAll(ms: number): this {
    this.latency.up = this.latency.down = ms;
    return this;
  }

  setLatency(ms: number, direction?: Direction): this {
    if (direction) this.latency[direction] = ms;
    else this.latencyAll(ms);
    return this;
  }

  drop(): this {
    this.block.up = this.block.down = true;
    return this;
  }

  halfOpen(direction: Direction): this {
    this.block[direction] = true;
    return this;
  }

  /** Resets every open connection at once; with `refuse`, new ones too until `heal()`. */
  cut(options: { refuse?: boolean } = {}): this {
    this.cuts++;
    if (options.refuse) this.refusing = true;
    for (const c of [...this.connections.values()]) this.kill(c);
    return this;
  }

  heal(): this {
    this.latency.up = this.latency.down = 0;
    this.block.up = this.block.down = false;
    this.refusing = false;
    for (const c of this.connections.values()) for (const lane of c.lanes) lane.pump();
    return this;
  }

  async close(): Promise<void> {
    this.refusing = true;
    for (const c of [...this.connections.values()]) this.kill(c);
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    client.on('error', () => undefined);
    if (this.refusing) {
      this.refused++;
      this.emit('refused');
      reset(client);
      return;
    }
    this.accepted++;
    const id = this.nextId++;
    const upstream = connect({ port: this.targetPort(), host: '127.0.0.1', allowHalfOpen: false });
    upstream.on('error', () => undefined);
    const up = new Lane(this, 'up', upstream);
    const down = new Lane(this, 'down', client);
    const connection: Connection = { id, client, upstream, lanes: [up, down] };
    this.connections.set(id, connection);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (chunk: Buffer) => up.push('data', chunk));
    upstream.on('data', (chunk: Buffer) => down.push('data', chunk));
    client.on('end', () => up.push('end'));
    upstream.on('end', () => down.push('end'));
    // An abrupt close (error, RST) travels like data: late, if its direction is blocked.
    client.on('close', (hadError) => {
      if (hadError) up.push('destroy');
      this.forget(connection);
    });
    upstream.on('close', (hadError) => {
      if (hadError) down.push('destroy');
      this.forget(connection);
    });
    this.emit('connection', id);
  }

  private forget(c: Connection): void {
    // Gone once both sides are closed, or when a side is closed and nothing is held back for it.
    if (c.client.destroyed && c.upstream.destroyed && this.connections.delete(c.id)) {
      for (const lane of c.lanes) lane.discard();
      this.emit('closed', c.id);
    }
  }

  private kill(c: Connection): void {
    for (const lane of c.lanes) lane.discard();
    reset(c.client);
    reset(c.upstream);
    if (this.connections.delete(c.id)) this.emit('closed', c.id);
  }
}

/** Destroys a socket with a TCP RST where Node supports it, else plainly. */
function reset(socket: Socket): void {
  if (socket.destroyed) return;
  const s = socket as Socket & { resetAndDestroy?: () => void };
  try {
    if (typeof s.resetAndDestroy === 'function' && !socket.connecting) s.resetAndDestroy();
    else socket.destroy();
  } catch {
    socket.destroy();
  }
}
