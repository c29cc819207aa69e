import type { TestServer } from './test-server';

/** An OFREP request through the test server (SDK key in `Authorization` by default, or in `X-API-Key`). */
export async function ofrep(
  s: TestServer,
  path: string,
  key: string | null,
  body: unknown,
  opts: { header?: 'bearer' | 'x-api-key'; headers?: Record<string, string>; rawBody?: string } = {},
) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(opts.headers ?? {}) };
  if (key !== null) {
    if (opts.header === 'x-api-key') headers['x-api-key'] = key;
    else headers.authorization = `Bearer ${key}`;
  }
  const res = await s.app.inject({ method: 'POST', url: path, headers, payload: opts.rawBody ?? JSON.stringify(body) });
  return { status: res.statusCode, headers: res.headers, body: res.body.length > 0 ? JSON.parse(res.body) : undefined };
}

/** An OFREP event stream read over real HTTP: its text, split into events on demand. */
export class OfrepEventStream {
  text = '';
  status = 0;
  body: any;
  ended = false;
  private readonly controller = new AbortController();

  static async open(baseUrl: string, requestUri: string, headers: Record<string, string> = {}): Promise<OfrepEventStream> {
    const c = new OfrepEventStream();
    const res = await fetch(`${baseUrl}${requestUri}`, { headers, signal: c.controller.signal });
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

  /** The events received: id and parsed data (comments and id-only blocks have no data). */
  get events(): { id?: string; event?: string; data?: any }[] {
    return this.text
      .split('\n\n')
      .filter((block) => block.trim() !== '' && !block.startsWith(':') && !block.startsWith('retry:'))
      .map((block) => {
        const out: { id?: string; event?: string; data?: any } = {};
        for (const line of block.split('\n')) {
          const [field, ...rest] = line.split(': ');
          const value = rest.join(': ');
          if (field === 'id') out.id = value;
          else if (field === 'event') out.event = value;
          else if (field === 'data') out.data = JSON.parse(value);
        }
        return out;
      });
  }

  async until(ok: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received ${JSON.stringify(this.text.slice(-400))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.controller.abort();
  }
}
