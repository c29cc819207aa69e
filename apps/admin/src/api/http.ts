import type { z } from 'zod';
import { ApiError } from './api-error';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
export type Query = Record<string, string | number | boolean | undefined>;

export interface HttpOptions {
  /** The fetch to use; the browser's by default. */
  fetch?: typeof fetch;
  /** Prefix of every path, e.g. `/api/v1`. */
  base?: string;
  /** Called when any request other than the session check answers 401 (the session ended). */
  onUnauthenticated?: () => void;
  /**
   * Called after every request: false when the server could not be reached or answered 5xx (it
   * cannot serve the page), true when it answered anything else.
   */
  onReachability?: (reachable: boolean) => void;
}

export interface Http {
  request<T>(method: Method, path: string, opts?: { query?: Query; body?: unknown; schema?: z.ZodType<T> }): Promise<T>;
  /** The CSRF token sent with every mutation; set on sign-in, cleared on sign-out. */
  setCsrfToken(token: string | null): void;
}

const MUTATIONS: ReadonlySet<Method> = new Set(['POST', 'PATCH', 'DELETE']);

export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/**
 * JSON over fetch with the session cookie (`credentials: 'same-origin'`) and the CSRF header on
 * every mutation. Errors become {@link ApiError}s; a 2xx answer is checked against `schema` when
 * one is given, so a server that drifted from the model fails loudly here, not deep in a view.
 */
export function createHttp(options: HttpOptions = {}): Http {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const base = options.base ?? '/api/v1';
  let csrfToken: string | null = null;

  return {
    setCsrfToken(token) {
      csrfToken = token;
    },

    async request<T>(method: Method, path: string, opts: { query?: Query; body?: unknown; schema?: z.ZodType<T> } = {}): Promise<T> {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      if (MUTATIONS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
      let res: Response;
      try {
        res = await doFetch(`${base}${path}${queryString(opts.query)}`, {
          method,
          headers,
          credentials: 'same-origin',
          body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        });
      } catch (err) {
        options.onReachability?.(false);
        throw new ApiError(0, 'NETWORK', `The server cannot be reached (${err instanceof Error ? err.message : String(err)}).`);
      }
      options.onReachability?.(res.status < 500);
      if (res.status === 204) return undefined as T;
      const payload = await readJson(res);
      if (!res.ok) {
        if (res.status === 401 && path !== '/session') options.onUnauthenticated?.();
        throw toApiError(res.status, payload);
      }
      if (!opts.schema) return payload as T;
      const parsed = opts.schema.safeParse(payload);
      if (parsed.success) return parsed.data;
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
      throw new ApiError(res.status, 'UNEXPECTED_RESPONSE', `The server's answer to ${method} ${path} does not match the flag model.`, issues);
    },
  };
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toApiError(status: number, payload: unknown): ApiError {
  if (typeof payload === 'object' && payload !== null && typeof (payload as { code?: unknown }).code === 'string') {
    const p = payload as { code: string; message?: unknown; details?: unknown };
    return new ApiError(status, p.code, typeof p.message === 'string' ? p.message : p.code, p.details ?? []);
  }
  return new ApiError(status, status >= 500 ? 'INTERNAL' : 'UNEXPECTED_RESPONSE', `The server answered ${status}.`);
}
