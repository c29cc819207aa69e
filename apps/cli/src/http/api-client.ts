import type { Connection } from '../config';
import { ApiError, UnreachableError, UsageError } from '../errors';

const REQUEST_TIMEOUT_MS = 30_000;

export type Query = Record<string, string | number | boolean | undefined>;

/** The REST API, with the token in the Authorization header and errors turned into CLI errors. */
export interface ApiClient {
  readonly baseUrl: string;
  get<T = unknown>(path: string, query?: Query): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  patch<T = unknown>(path: string, body: unknown): Promise<T>;
  delete(path: string, body?: unknown): Promise<void>;
  /** A raw response for streams (NDJSON export, server-sent events); errors already thrown. */
  stream(path: string, query?: Query, signal?: AbortSignal): Promise<Response>;
}

/** Percent-encodes one path segment (keys are slugs, but never trust a path built from input). */
export const seg = (s: string): string => encodeURIComponent(s);

export function createApiClient(conn: Connection, opts: { signal?: AbortSignal | undefined } = {}): ApiClient {
  function urlOf(path: string, query?: Query): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return `${conn.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  async function send(method: string, path: string, init: { query?: Query; body?: unknown; timeout?: boolean; signal?: AbortSignal | undefined }): Promise<Response> {
    if (conn.token === undefined) throw new UsageError('No token: set SWITCHYARD_TOKEN (or pass --token) to an admin token');
    const headers: Record<string, string> = { authorization: `Bearer ${conn.token}`, accept: 'application/json' };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const signals = [init.signal, opts.signal, init.timeout === false ? undefined : AbortSignal.timeout(REQUEST_TIMEOUT_MS)].filter((s): s is AbortSignal => s !== undefined);
    let res: Response;
    try {
      res = await fetch(urlOf(path, init.query), {
        method,
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}),
      });
    } catch (e) {
      throw new UnreachableError(conn.baseUrl, describeFetchFailure(e));
    }
    if (!res.ok) throw await toApiError(res, `${method} ${path}`);
    return res;
  }

  async function json<T>(res: Response): Promise<T> {
    const text = await res.text();
    return (text.length > 0 ? JSON.parse(text) : undefined) as T;
  }

  return {
    baseUrl: conn.baseUrl,
    get: async (path, query) => json(await send('GET', path, { query })),
    post: async (path, body) => json(await send('POST', path, { body: body ?? {} })),
    patch: async (path, body) => json(await send('PATCH', path, { body })),
    delete: async (path, body) => void (await send('DELETE', path, { body })).body?.cancel(),
    stream: (path, query, signal) => send('GET', path, { query, timeout: false, signal }),
  };
}

/** The server's `{code, message, details}`, or a stand-in when something else answered. */
async function toApiError(res: Response, request: string): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown; details?: unknown };
    if (typeof body.code === 'string' && typeof body.message === 'string') return new ApiError(res.status, body.code, body.message, body.details ?? null, request);
  } catch {
    /* not JSON: a proxy or something else answered */
  }
  const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  return new ApiError(res.status, `HTTP_${res.status}`, `The server answered ${res.status} ${res.statusText}${excerpt ? `: ${excerpt}` : ''}`, null, request);
}

function describeFetchFailure(e: unknown): string {
  if (e instanceof Error) {
    if (e.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
    if (e.name === 'AbortError') return 'aborted';
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code) return cause.code;
    if (cause?.message) return cause.message;
    return e.message;
  }
  return String(e);
}
