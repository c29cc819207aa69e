import WebSocket from 'ws';

/** A raw protocol client for tests: records every frame and the close, and waits for either. */
export class RawStream {
  readonly frames: any[] = [];
  readonly rawFrames: string[] = [];
  closed: { code: number; reason: string } | undefined;
  private waiters: (() => void)[] = [];
  readonly socket: WebSocket;

  /** `headers` go with the upgrade request (e.g. X-Forwarded-For, as a proxy in front would send it). */
  constructor(baseUrl: string, headers: Record<string, string> = {}) {
    this.socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/sdk/v1/stream`, { headers });
    this.socket.on('message', (data) => {
      const text = data.toString();
      this.rawFrames.push(text);
      this.frames.push(JSON.parse(text));
      this.wake();
    });
    this.socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    this.socket.on('error', () => undefined);
  }

  opened(): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' || message instanceof Uint8Array ? message : JSON.stringify(message));
  }

  /**
   * Sends several frames in one TCP write (the socket is corked while `ws` frames them), so the
   * server reads them from one chunk, back to back, as a client that does not wait for `ready` would.
   */
  async sendInOneWrite(...messages: unknown[]): Promise<void> {
    await this.opened();
    const tcp = (this.socket as unknown as { _socket: import('node:net').Socket })._socket;
    tcp.cork();
    for (const m of messages) this.send(m);
    tcp.uncork();
  }

  async hello(key: string, extra: Record<string, unknown> = {}): Promise<any> {
    await this.opened();
    this.send({ type: 'hello', protocol: 1, sdk: { name: 'raw-test', version: '0' }, key, ...extra });
    return this.next('ready');
  }

  /** Waits for the next frame of `type` not yet consumed (in arrival order). */
  async next(type: string, timeoutMs = 3_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.frames.findIndex((f) => f.type === type && !f.__taken);
      if (i >= 0) {
        Object.defineProperty(this.frames[i], '__taken', { value: true, enumerable: false });
        return this.frames[i];
      }
      if (this.closed) throw new Error(`closed ${this.closed.code} ${this.closed.reason} while waiting for ${type}`);
      if (Date.now() > deadline) throw new Error(`no ${type} within ${timeoutMs} ms; got ${this.rawFrames.join(' | ').slice(0, 500)}`);
      await this.wait(deadline - Date.now());
    }
  }

  async waitClosed(timeoutMs = 3_000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error(`not closed within ${timeoutMs} ms`);
      await this.wait(deadline - Date.now());
    }
    return this.closed;
  }

  close(): void {
    this.socket.close();
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, Math.max(1, ms));
      this.waiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
