/**
 * Matching of hash routes (`#/flags/new-checkout?env=production`). Pure, so it is unit-tested.
 * Patterns are literal segments and `:name` parameters; a parameter never matches an empty segment.
 */
export interface Location {
  path: string;
  query: URLSearchParams;
}

/** Parses `#/flags/x?env=prod` (or an empty hash) into a path and query. */
export function parseHash(hash: string): Location {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const pathPart = q === -1 ? raw : raw.slice(0, q);
  const path = `/${pathPart.replace(/^\/+/, '').replace(/\/+$/, '')}`;
  return { path, query: new URLSearchParams(q === -1 ? '' : raw.slice(q + 1)) };
}

export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const ps = pattern.split('/').filter(Boolean);
  const xs = path.split('/').filter(Boolean);
  if (ps.length !== xs.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    const x = xs[i]!;
    if (p.startsWith(':')) {
      try {
        params[p.slice(1)] = decodeURIComponent(x);
      } catch {
        return null;
      }
    } else if (p !== x) return null;
  }
  return params;
}

/** A path with a query, leaving out empty values: `href('/audit', {flag: 'x', actor: ''})` → `/audit?flag=x`. */
export function withQuery(path: string, query: Record<string, string | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, v);
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}
