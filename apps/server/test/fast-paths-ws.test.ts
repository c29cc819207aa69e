import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import * as wsModule from 'ws';
import { wireFrame } from '../src/fast-paths/websocket-text-frame';
import { corked, rawSocketOf, writeRaw } from '../src/fast-paths/ws-raw-socket';

/**
 * The one module that reaches into `ws` (ws-raw-socket.ts), against the real `ws` the server runs
 * with: if an upgrade moves `_socket`, or frames stop being written synchronously, these fail.
 */
describe('ws-raw-socket against the pinned ws', () => {
  let server: WebSocketServer;
  let serverSide: WebSocket;
  let client: WebSocket;
  const received: { text: string; binary: boolean }[] = [];
  const next = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (received.length >= n ? resolve() : setTimeout(check, 5));
      check();
    });

  beforeAll(async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const accepted = new Promise<WebSocket>((r) => server.once('connection', r));
    client = new WebSocket(`ws://127.0.0.1:${(server.address() as { port: number }).port}`);
    client.on('message', (data, binary) => received.push({ text: String(data), binary }));
    serverSide = await accepted;
    await new Promise((r) => (client.readyState === client.OPEN ? r(undefined) : client.once('open', r)));
  });
  afterAll(async () => {
    client?.close();
    await new Promise((r) => server?.close(r));
  });

  it('is written for ws 8 (the major whose server sockets keep their TCP socket in `_socket`)', () => {
    const version = createRequire(import.meta.url)('ws/package.json').version as string;
    expect(version.split('.')[0]).toBe('8');
    expect(rawSocketOf(serverSide)).toBeInstanceOf(Socket);
  });

  it('builds the same bytes ws frames an unmasked text message into, at every length encoding', () => {
    // ws exports its Sender at run time; its type declarations leave it out.
    const { Sender } = wsModule as unknown as { Sender: { frame(data: Buffer, o: object): Buffer[] } };
    for (const n of [0, 1, 125, 126, 65_535, 65_536, 70_000]) {
      const payload = Buffer.alloc(n, 'x');
      const framed = Buffer.concat(Sender.frame(payload, { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: false }));
      expect(wireFrame(payload).equals(framed), `length ${n}`).toBe(true);
    }
  });

  it('writes prebuilt frames a real client reads as text, in order with ws own sends, corked into one write', async () => {
    received.length = 0;
    corked(serverSide, () => {
      serverSide.send('one');
      expect(writeRaw(serverSide, Buffer.concat([wireFrame(Buffer.from('two')), wireFrame(Buffer.from('three'))]))).toBe(true);
      serverSide.send('four');
    });
    await next(4);
    expect(received).toEqual(['one', 'two', 'three', 'four'].map((text) => ({ text, binary: false })));
  });

  it('refuses to write once the socket is gone (the caller then sends through ws)', async () => {
    serverSide.terminate();
    await new Promise((r) => setTimeout(r, 20));
    expect(writeRaw(serverSide, wireFrame(Buffer.from('late')))).toBe(false);
  });
});
