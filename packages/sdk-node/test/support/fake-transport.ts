import { encode, type ServerMessage } from '@switchyard/core';
import type { SocketHandlers, StreamSocket, StreamTransport } from '../../src/platform/transport';

/** One fake WebSocket: the test plays the server through `open`, `receive` and `serverClose`. */
export class FakeSocket implements StreamSocket {
  /** Frames the SDK sent, parsed. */
  readonly sent: any[] = [];
  closedByClient: { code: number; reason: string } | undefined;
  terminated = false;

  constructor(
    readonly url: string,
    private readonly handlers: SocketHandlers,
  ) {}

  open(): void {
    this.handlers.open();
  }

  receive(message: ServerMessage | string): void {
    this.handlers.message(typeof message === 'string' ? message : encode(message));
  }

  serverClose(code: number, reason = ''): void {
    this.handlers.close(code, reason);
  }

  /** The connection could not be made or was lost without a close frame. */
  fail(message = 'connect ECONNREFUSED'): void {
    this.handlers.error(new Error(message));
    this.handlers.close(1006, '');
  }

  sentOfType(type: string): any[] {
    return this.sent.filter((m) => m.type === type);
  }

  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }

  close(code: number, reason: string): void {
    this.closedByClient = { code, reason };
    queueMicrotask(() => this.handlers.close(code, reason));
  }

  terminate(): void {
    this.terminated = true;
    queueMicrotask(() => this.handlers.close(1006, ''));
  }
}

/** A transport handing out fake sockets; `sockets` are in connection order. */
export function createFakeTransport(): { transport: StreamTransport; sockets: FakeSocket[]; last(): FakeSocket } {
  const sockets: FakeSocket[] = [];
  return {
    sockets,
    transport: (url, handlers) => {
      const socket = new FakeSocket(url, handlers);
      sockets.push(socket);
      return socket;
    },
    last() {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('no connection was opened');
      return socket;
    },
  };
}
