/** The fault proxy itself, against a plain TCP echo server: each fault does what the SDK tests assume. */
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { FaultProxy } from '../support/fault-proxy';
import { within } from './support';

let echo: Server;
let echoPort = 0;
/** What the echo server received, over every connection. */
let received = '';
let proxy: FaultProxy;
const sockets: Socket[] = [];

beforeAll(async () => {
  echo = createServer((s) => {
    s.on('error', () => undefined);
    s.on('data', (d) => {
      received += d.toString();
      s.write(d);
    });
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoPort = (echo.address() as { port: number }).port;
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await proxy.close();
  received = '';
});
afterAll(() => new Promise<void>((r) => echo.close(() => r())));

async function client(): Promise<{ socket: Socket; data: () => string; next: (text: string, ms?: number) => Promise<number> }> {
  let data = '';
  const waiters: (() => void)[] = [];
  const socket = connect(proxy.port, '127.0.0.1');
  socket.on('error', () => undefined);
  sockets.push(socket);
  socket.on('data', (d) => {
    data += d.toString();
    for (const w of waiters.splice(0)) w();
  });
  await once(socket, 'connect');
  /** Resolves with the elapsed ms once `text` has been echoed back. */
  const next = (text: string, ms = 5_000) => {
    const started = Date.now();
    return within(
      new Promise<number>((resolve) => {
        const check = () => (data.includes(text) ? resolve(Date.now() - started) : waiters.push(check));
        check();
      }),
      ms,
      `echo of ${text}`,
    );
  };
  return { socket, data: () => data, next };
}

async function startProxy(): Promise<void> {
  proxy = new FaultProxy(() => echoPort);
  await proxy.start();
}

it('forwards both ways, and adds latency per chunk, in order', async () => {
  await startProxy();
  const c = await client();
  c.socket.write('a');
  await c.next('a');
  proxy.setLatency(100);
  const started = Date.now();
  c.socket.write('b');
  setTimeout(() => c.socket.write('c'), 10);
  await c.next('c');
  expect(Date.now() - started).toBeGreaterThanOrEqual(190); // 100 up + 100 down, at least
  expect(c.data()).toBe('abc');
});

it('drop holds everything without closing, and heal delivers it', async () => {
  await startProxy();
  const c = await client();
  proxy.drop();
  c.socket.write('held');
  await expect(c.next('held', 300)).rejects.toThrow(/did not settle/);
  expect(received).toBe('');
  expect(c.socket.destroyed).toBe(false);
  expect(proxy.open).toBe(1);
  // New connections are accepted, and blackholed too.
  const d = await client();
  d.socket.write('new');
  proxy.heal();
  await c.next('held');
  await d.next('new');
});

it('half-open blocks one direction only', async () => {
  await startProxy();
  const c = await client();
  proxy.halfOpen('down');
  c.socket.write('up-only');
  await expect(c.next('up-only', 300)).rejects.toThrow(/did not settle/);
  expect(received).toBe('up-only'); // the server heard it; the answer is held
  proxy.heal();
  await c.next('up-only');

  proxy.halfOpen('up');
  c.socket.write('x');
  await expect(c.next('x', 300)).rejects.toThrow(/did not settle/);
  expect(received).toBe('up-only');
  proxy.heal();
  await c.next('x');
});

it('cut resets both sides at once; with refuse, new connections are reset until heal', async () => {
  await startProxy();
  const c = await client();
  const errors: string[] = [];
  c.socket.on('error', (e: NodeJS.ErrnoException) => errors.push(e.code ?? e.message));
  const closed = new Promise((r) => c.socket.once('close', r));
  proxy.cut({ refuse: true });
  await within(closed, 2_000, 'the client socket to close');
  expect(errors).toEqual(['ECONNRESET']); // abrupt: a reset, not a FIN
  expect(proxy.open).toBe(0);
  const refused = connect(proxy.port, '127.0.0.1');
  refused.on('error', () => undefined);
  await within(new Promise((r) => refused.once('close', r)), 2_000, 'a refused connection to close');
  expect(proxy.refused).toBe(1);
  proxy.heal();
  const d = await client();
  d.socket.write('back');
  await d.next('back');
});
