// The machine floor for propagation (bare-floor.ts): a bare node:http server, no framework, that
// accepts WebSocket upgrades by hand (RFC 6455 §4.2.2), keeps the sockets, and on command from its
// parent (IPC) writes ONE prebuilt unmasked text frame to every socket with `socket.write` in one
// synchronous loop: the least any Node server can do to tell N loopback connections about a change.
// The frame's payload is a patch-shaped JSON text padded to the byte length given as argv[2] (a real
// patch's size), so the bench clients apply it as they apply a patch. What clients send (acks) is
// read and discarded. Replies to `send` with when the loop started (epoch ms) and its CPU and wall ms.
// The frame is built by the real server's wireFrame, so the bytes on the wire are framed identically.
//   fork('bare-floor-server.ts', [frameBytes], { execArgv: ['--import', 'tsx'] }), then IPC as typed below.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { wireFrame } from '../../apps/server/src/fast-paths/websocket-text-frame';

/** Parent → server. */
export type ToBareFloor = { type: 'send' };
/** Server → parent. */
export type FromBareFloor =
  | { type: 'listening'; port: number }
  | { type: 'sent'; sockets: number; startedAt: number; loopCpuMs: number; loopWallMs: number };

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** A patch-shaped JSON text of exactly `bytes` bytes (ASCII), the padding in its `data` string. */
function paddedPatch(bytes: number): Buffer {
  const head = '{"type":"patch","version":1,"kind":"flag","key":"bare-floor","data":"';
  const tail = '"}';
  const pad = bytes - head.length - tail.length;
  if (!(pad >= 0)) throw new Error(`a frame of ${bytes} bytes: the smallest patch-shaped frame is ${head.length + tail.length}`);
  return Buffer.from(head + 'x'.repeat(pad) + tail);
}

const send = (m: FromBareFloor) => process.send!(m);
const frame = wireFrame(paddedPatch(Number(process.argv[2])));
const sockets = new Set<Socket>();

const server = createServer((_req, res) => res.writeHead(426).end());
server.on('upgrade', (req, socket: Socket) => {
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || req.headers.upgrade?.toLowerCase() !== 'websocket') return socket.destroy();
  const accept = createHash('sha1').update(key + WS_GUID).digest('base64');
  socket.setNoDelay(true);
  socket.on('error', () => sockets.delete(socket));
  socket.on('close', () => sockets.delete(socket));
  socket.resume(); // read and discard whatever the client sends
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  sockets.add(socket);
});

process.on('message', (m: ToBareFloor) => {
  if (m.type !== 'send') return;
  const startedAt = performance.timeOrigin + performance.now();
  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  for (const socket of sockets) socket.write(frame);
  const loopWallMs = performance.now() - w0;
  const cpu = process.cpuUsage(cpu0);
  send({ type: 'sent', sockets: sockets.size, startedAt, loopCpuMs: (cpu.user + cpu.system) / 1000, loopWallMs });
});
process.on('disconnect', () => process.exit(0)); // the parent is gone

server.listen({ port: 0, host: '127.0.0.1', backlog: 20_000 }, () => send({ type: 'listening', port: (server.address() as { port: number }).port }));
