import { createHash } from 'node:crypto';
import type { EvaluationContext } from '@switchyard/core';

/** JSON with object keys sorted at every level: the same context always hashes the same. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`)
    .join(',')}}`;
}

/**
 * The ETag of a bulk evaluation: the environment's version, and a hash of everything else the
 * answer depends on — the context (every attribute, not only the targeting key: the web provider
 * keeps its ETag when only attributes change), which flags the key may see (its kind), and the event
 * stream token's window (so a provider whose token is due for renewal gets a 200 carrying the new
 * URL instead of a 304). Same inputs, same tag, on every replica.
 */
export function bulkEtag(version: number, kind: 'server' | 'client', context: EvaluationContext, tokenWindow: number): string {
  const hash = createHash('sha256').update(`${kind}\n${tokenWindow}\n${canonical(context)}`).digest('base64url').slice(0, 22);
  return `"${version}-${hash}"`;
}

/** The environment version an ETag of ours names, if it is one (a `flagConfigEtag` from an event too). */
export function versionOfEtag(etag: string | undefined): number | undefined {
  const m = etag === undefined ? null : /^(?:W\/)?"(\d{1,15})(?:-[A-Za-z0-9_-]*)?"$/.exec(etag);
  return m ? Number(m[1]) : undefined;
}

/** The ETag an event names: the environment's configuration at a version (not any client's answer). */
export function configEtag(version: number): string {
  return `"${version}"`;
}

/** A targeting key's short hash: what event stream tokens are bound to, never the key itself. */
export function targetingHash(context: EvaluationContext): string {
  const tk = typeof context.targetingKey === 'string' ? context.targetingKey : typeof context.key === 'string' ? context.key : '';
  return createHash('sha256').update(tk).digest('base64url').slice(0, 16);
}
