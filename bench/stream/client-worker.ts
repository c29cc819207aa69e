// A child process holding many raw protocol WebSocket clients (docs/protocol.md): hello with a key,
// apply the snapshot or values, answer pings, ack what was applied as the SDKs do (server-kind and
// bare connections like the Node SDK, browser ones like the browser SDK: see `applied`), and
// record when each connection applied the first change after the parent "arms" a trial.
// "Apply" is JSON.parse and storing the item: the clients share this machine's two cores with the
// server, so they do as little as a client can (the real SDK also compiles the flag, ~µs).
// `bare` connections (for the machine floor, bare-floor.ts) send no hello and are synced once open;
// the floor server's frames are patch-shaped, so they are applied, timed and acked as patches are.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { DEFAULT_ACK_TIMING } from '../../packages/sdk-node/src/data-sources/stream/ack-scheduler';
import { ACK_INTERVAL_MS } from '../../packages/sdk-browser/src/stream';
import type { ConnectionKind, ConnectionSpec, ToWorker, FromWorker } from './messages';

const now = () => performance.timeOrigin + performance.now();
const send = (m: FromWorker) => process.send!(m);

interface Conn {
  kind: ConnectionKind;
  ws: WebSocket | undefined;
  state: 'connecting' | 'synced' | 'failed' | 'closed';
  version: number;
  ackTimer: NodeJS.Timeout | undefined;
  /** When the last ack went out (`now()`), for the SDKs' one-ack-per-interval coalescing. */
  lastAckAt: number;
  store: Map<string, unknown>;
  arrived: number;
  failure?: string;
}

let conns: Conn[] = [];
let armed = -1;
/** Payload bytes of the first change frame applied since arming (what a real change costs on the wire). */
let armedFrameBytes = 0;

function open(url: string, spec: ConnectionSpec, index: number, done: () => void): Conn {
  const c: Conn = { kind: spec.kind, ws: undefined, state: 'connecting', version: -1, ackTimer: undefined, lastAckAt: Number.NEGATIVE_INFINITY, store: new Map(), arrived: NaN };
  const ws = new WebSocket(url, { perMessageDeflate: false });
  c.ws = ws;
  let settled = false;
  const settle = () => {
    if (!settled) {
      settled = true;
      done();
    }
  };
  ws.on('open', () => {
    if (spec.kind === 'bare') {
      c.state = 'synced';
      return settle();
    }
    const hello: Record<string, unknown> = { type: 'hello', protocol: 1, sdk: { name: 'switchyard-bench', version: '0.0.0' }, key: spec.secret };
    if (spec.kind === 'client') hello.context = { key: `browser-${spec.offset + index}`, country: ['NL', 'DE', 'US', 'JP'][(spec.offset + index) % 4], plan: index % 3 === 0 ? 'pro' : 'free' };
    ws.send(JSON.stringify(hello));
  });
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    switch (msg.type) {
      case 'ready':
        c.version = msg.version;
        return;
      case 'snapshot':
        c.store = new Map(msg.flags.map((f: { key: string }) => [f.key, f]));
        c.version = msg.version;
        c.state = 'synced';
        return settle();
      case 'values':
        for (const [k, v] of Object.entries(msg.values)) c.store.set(k, v);
        c.version = msg.version;
        if (c.state === 'connecting') {
          c.state = 'synced';
          return settle();
        }
        return applied(c, data);
      case 'patch':
        c.store.set(msg.key, msg.data);
        c.version = msg.version;
        return applied(c, data);
      case 'delete':
        c.store.delete(msg.key);
        c.version = msg.version;
        return applied(c, data);
      case 'ping':
        return ws.send('{"type":"pong"}');
      case 'error':
        c.failure = `${msg.code}: ${msg.message}`;
        return;
    }
  });
  ws.on('close', (code) => {
    if (c.state === 'connecting') {
      c.state = 'failed';
      c.failure ??= `closed ${code}`;
      settle();
    } else c.state = 'closed';
  });
  ws.on('error', (err) => {
    c.failure ??= err.message;
  });
  return c;
}

/**
 * A change applied: note when (if a trial is armed and this is its first change), and ack it with
 * the SDKs' timing, so that the server reads as many acks as it would from real clients. The Node
 * SDK (server-kind connections; bare ones stand in for them) acks `promptMs` after a quiet period,
 * then at most once per `intervalMs` while changes keep coming; the browser SDK acks at once after a
 * quiet interval, else once at its end. Either way one ack carries the latest version applied.
 */
function applied(c: Conn, frame: WebSocket.RawData): void {
  if (armed >= 0 && Number.isNaN(c.arrived)) {
    c.arrived = now();
    if (armedFrameBytes === 0) armedFrameBytes = byteLength(frame);
  }
  if (c.ackTimer !== undefined) return;
  const wait =
    c.kind === 'client'
      ? c.lastAckAt + ACK_INTERVAL_MS - now()
      : Math.max(DEFAULT_ACK_TIMING.promptMs, c.lastAckAt + DEFAULT_ACK_TIMING.intervalMs - now());
  if (wait <= 0) ack(c);
  else c.ackTimer = setTimeout(() => ack(c), wait);
}

function ack(c: Conn): void {
  c.ackTimer = undefined;
  c.lastAckAt = now();
  if (c.ws?.readyState === WebSocket.OPEN) c.ws.send(`{"type":"ack","version":${c.version}}`);
}

function byteLength(data: WebSocket.RawData): number {
  return Array.isArray(data) ? data.reduce((s, b) => s + b.length, 0) : data.byteLength;
}

async function connectAll(url: string, specs: ConnectionSpec[], concurrency: number): Promise<void> {
  const jobs: [ConnectionSpec, number][] = [];
  for (const s of specs) for (let i = 0; i < s.count; i++) jobs.push([s, i]);
  let next = 0;
  await new Promise<void>((resolve) => {
    let running = 0;
    let finished = 0;
    const pump = () => {
      while (running < concurrency && next < jobs.length) {
        const [spec, i] = jobs[next++]!;
        running++;
        conns.push(
          open(url, spec, i, () => {
            running--;
            finished++;
            if (finished === jobs.length) resolve();
            else pump();
          }),
        );
      }
    };
    if (jobs.length === 0) resolve();
    pump();
  });
}

process.on('message', async (m: ToWorker) => {
  switch (m.type) {
    case 'connect': {
      const t0 = now();
      await connectAll(m.url, m.specs, m.concurrency);
      const failures: Record<string, number> = {};
      for (const c of conns) if (c.state !== 'synced') failures[c.failure ?? c.state] = (failures[c.failure ?? c.state] ?? 0) + 1;
      return send({ type: 'connected', synced: conns.filter((c) => c.state === 'synced').length, failures, ms: now() - t0 });
    }
    case 'arm':
      for (const c of conns) c.arrived = NaN;
      armed = m.trial;
      armedFrameBytes = 0;
      return send({ type: 'armed', trial: m.trial });
    case 'collect': {
      const deadline = now() + m.timeoutMs;
      const live = conns.filter((c) => c.state === 'synced');
      while (live.some((c) => Number.isNaN(c.arrived)) && now() < deadline) await new Promise((r) => setTimeout(r, 10));
      armed = -1;
      return send({ type: 'times', trial: m.trial, times: live.map((c) => c.arrived), dropped: conns.length - live.length, frameBytes: armedFrameBytes });
    }
    case 'close':
      for (const c of conns) c.ws?.terminate();
      conns = [];
      send({ type: 'closed' });
      return;
  }
});
send({ type: 'up' });
