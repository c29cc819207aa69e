/** An admin event stream read over real HTTP: records its text and whether the server ended it. */
export class SseClient {
  text = '';
  status = 0;
  body: any;
  /** Set once the server ended the response. */
  ended = false;
  private readonly controller = new AbortController();

  private constructor() {}

  /** Opens `GET /api/v1/events` with the given headers; a refusal's JSON body lands in `body`. */
  static async open(baseUrl: string, headers: Record<string, string>): Promise<SseClient> {
    const c = new SseClient();
    const res = await fetch(`${baseUrl}/api/v1/events`, { headers, signal: c.controller.signal });
    c.status = res.status;
    if (res.status !== 200) {
      c.body = await res.json();
      c.ended = true;
      return c;
    }
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          c.text += decoder.decode(value, { stream: true });
        }
      } catch {
        /* aborted by the test */
      }
      c.ended = true;
    })();
    await c.until(() => c.text.includes('retry:'), 5_000, 'the retry hint');
    return c;
  }

  /** The reason of the server's last `close` event, if it sent one. */
  get closeReason(): string | undefined {
    const m = /event: close\ndata: (.*)\n/.exec(this.text);
    return m ? JSON.parse(m[1]!).reason : undefined;
  }

  async waitEnded(timeoutMs = 5_000): Promise<void> {
    await this.until(() => this.ended, timeoutMs, 'the stream to end');
  }

  async until(ok: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received ${JSON.stringify(this.text.slice(-300))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.controller.abort();
  }
}
