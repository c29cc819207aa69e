import { UsageError } from './errors';

export const DEFAULT_URL = 'http://127.0.0.1:4000';

/** Where the server is and who we are. The token is never printed and never part of a URL. */
export interface Connection {
  /** Origin and optional path prefix, without a trailing slash. */
  baseUrl: string;
  token: string | undefined;
}

/**
 * `--url` / `SWITCHYARD_URL` and `--token` / `SWITCHYARD_TOKEN`. A URL carrying credentials (user
 * info, a query string or a fragment) is refused: tokens travel in the Authorization header only,
 * never in a URL that ends up in shell history, proxy logs and error messages.
 */
export function resolveConnection(opts: { url?: string | undefined; token?: string | undefined }, env: Readonly<Record<string, string | undefined>>): Connection {
  const raw = opts.url ?? env.SWITCHYARD_URL ?? DEFAULT_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url must be an http(s) URL such as ${DEFAULT_URL}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url must be an http(s) URL such as ${DEFAULT_URL}`);
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    throw new UsageError('--url must not carry credentials, a query or a fragment: give the token with SWITCHYARD_TOKEN (or --token), never in a URL');
  const token = opts.token ?? env.SWITCHYARD_TOKEN;
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) throw new UsageError('the token must be printable ASCII with no spaces (check SWITCHYARD_TOKEN)');
  return { baseUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, token: token === '' ? undefined : token };
}
