import { ApiError, CheckFailed, UnreachableError, UsageError, type CliError } from '../errors';
import { brief } from './table';

/**
 * A CLI error as people read it: what went wrong, the server's code and status, each field at
 * fault with its path, and what to do next where the code says it.
 */
export function formatError(e: CliError): string {
  if (e instanceof UsageError) {
    const lines = [`error: ${e.message}`, ...e.issues.map((i) => `  ${i.path}: ${i.message}`)];
    if (e.usage) lines.push('', e.usage);
    return lines.join('\n');
  }
  if (e instanceof UnreachableError) return `error: ${e.message}\n  Is the server running? Check --url or SWITCHYARD_URL.`;
  if (e instanceof CheckFailed) return `error: ${e.message}`;
  return formatApiError(e);
}

function formatApiError(e: ApiError): string {
  const lines = [`error: ${e.code} (${e.status}): ${e.message}`];
  const d = e.details;
  if (Array.isArray(d)) {
    for (const item of d) {
      const i = item as { path?: unknown; message?: unknown };
      if (typeof i.path === 'string' && typeof i.message === 'string') lines.push(`  ${i.path}: ${i.message}`);
      else lines.push(`  ${brief(item)}`);
    }
  } else if (d !== null && typeof d === 'object') {
    const o = d as Record<string, unknown>;
    if (Array.isArray(o.reasons)) for (const r of o.reasons as { rule?: string; message?: string }[]) lines.push(`  refused (${r.rule ?? '?'}): ${r.message ?? brief(r)}`);
    if (o.killed && typeof o.killed === 'object') {
      const k = o.killed as { by?: string; at?: string; reason?: string };
      lines.push(`  killed by ${k.by} at ${k.at}: ${k.reason}`);
    }
    if (Array.isArray(o.flags)) lines.push(`  used by: ${(o.flags as string[]).join(', ')}`);
    if (o.role !== undefined || o.required !== undefined) lines.push(`  your token's role: ${String(o.role)}; needed: ${String(o.required)}`);
    if (o.currentVersion !== undefined) lines.push(`  current version: ${String(o.currentVersion)}`);
    const shown = new Set(['reasons', 'killed', 'flags', 'role', 'required', 'currentVersion', 'current', 'checks', 'figures']);
    for (const [k, v] of Object.entries(o)) if (!shown.has(k)) lines.push(`  ${k}: ${brief(v)}`);
  }
  const hint = HINTS[e.code];
  if (hint) lines.push(`  ${hint}`);
  lines.push(`  (${e.request})`);
  return lines.join('\n');
}

const HINTS: Record<string, string> = {
  VERSION_CONFLICT: 'Someone changed it after you read it; nothing of yours was written over. Read it again (or re-run the dry-run) and retry.',
  UNAUTHENTICATED: 'Check SWITCHYARD_TOKEN (or --token): an admin token, not revoked.',
  FORBIDDEN: 'Use a token whose role allows this.',
  FLAG_ARCHIVED: 'Unarchive the flag first.',
};

/** The JSON form of an error, for `--json`: written to stderr so stdout stays the result. */
export function errorJson(e: CliError): unknown {
  if (e instanceof ApiError) return { error: { status: e.status, code: e.code, message: e.message, details: e.details, request: e.request } };
  if (e instanceof UsageError) return { error: { code: 'USAGE', message: e.message, details: e.issues } };
  if (e instanceof UnreachableError) return { error: { code: 'UNREACHABLE', message: e.message, url: e.url } };
  return { error: { code: 'CHECK_FAILED', message: e.message } };
}
