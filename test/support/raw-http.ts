import { connect, type Socket } from 'node:net';

/** A raw TCP client that sends what a test tells it, when it tells it, and records what comes back. */
export class RawConnection {
  readonly socket: Socket;
  received = '';
  readonly openedAt = Date.now();
  /** Milliseconds from connecting to the server closing the connection, once it has. */
  closedAfterMs: number | undefined;
  private readonly closed: Promise<void>;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.setEncoding('latin1');
    this.socket.on('data', (chunk: string) => (this.received += chunk));
    this.socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      this.socket.once('close', () => {
        this.closedAfterMs = Date.now() - this.openedAt;
        if (this.timer) clearInterval(this.timer);
        resolve();
      }),
    );
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.socket.connecting) return resolve();
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
  }

  write(text: string): void {
    if (!this.socket.destroyed) this.socket.write(text);
  }

  /** Sends `text` one character every `everyMs`, until it is all sent or the server closes. */
  drip(text: string, everyMs: number): void {
    let i = 0;
    this.timer = setInterval(() => {
      if (i >= text.length) return clearInterval(this.timer);
      this.write(text[i++]!);
    }, everyMs);
  }

  /** Resolves when the server has closed the connection, or rejects after `timeoutMs`. */
  async waitClosed(timeoutMs: number): Promise<number> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms; received ${JSON.stringify(this.received.slice(0, 200))}`)), timeoutMs);
    });
    try {
      await Promise.race([this.closed, late]);
    } finally {
      clearTimeout(timer);
    }
    return this.closedAfterMs!;
  }

  /** Waits until what was received matches `pattern`. */
  async waitFor(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.received)) {
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms; received ${JSON.stringify(this.received.slice(-300))}`);
      if (this.closedAfterMs !== undefined) throw new Error(`closed before ${pattern}; received ${JSON.stringify(this.received.slice(-300))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  get isOpen(): boolean {
    return this.closedAfterMs === undefined;
  }

  destroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.socket.destroy();
  }
}
