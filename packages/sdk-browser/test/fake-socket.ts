import type { ServedValue } from '../src/index';
import type { WebSocketConstructor, WebSocketLike } from '../src/platform';

/** One fake WebSocket: the test plays the server, synchronously. */
export class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: any[] = [];
  closedWith: number | undefined;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason?: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data));
  }

  close(code?: number): void {
    this.closedWith = code ?? 1000;
    this.readyState = 3;
  }

  // The server's side.
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  push(message: unknown): void {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }

  serverClose(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }

  /** Messages the client sent, of one type. */
  sentOf(type: string): any[] {
    return this.sent.filter((m) => m.type === type);
  }

  /** Opens, answers hello with ready and full values for context 0. */
  accept(values: Record<string, unknown> = {}, version = 1, heartbeatMs = 15_000): this {
    this.open();
    this.push({ type: 'ready', environment: 'production', version, heartbeatMs, connectionId: 'c-1' });
    this.push({ type: 'values', version, contextSeq: 0, full: true, values });
    return this;
  }
}

/** A fake WebSocket class that remembers every socket it made. */
export function fakeWebSocket(): { WebSocket: WebSocketConstructor; sockets: FakeSocket[]; last(): FakeSocket } {
  const sockets: FakeSocket[] = [];
  const WebSocket = class extends FakeSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  };
  return {
    WebSocket,
    sockets,
    last() {
      const s = sockets.at(-1);
      if (!s) throw new Error('no socket yet');
      return s;
    },
  };
}

/** An in-memory Storage. */
export class MemoryStorage {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}

export const on = (value: boolean): ServedValue => ({ value, variant: value ? 'on' : 'off', reason: 'STATIC' });
export const quiet = { warn: () => undefined, error: () => undefined };
