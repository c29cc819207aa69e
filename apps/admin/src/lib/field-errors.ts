/**
 * Per-field errors keyed by path in the server's notation (`rules[0].clauses[1].values[2]`), from a
 * VALIDATION_FAILED answer or from core's checks run in the browser, so both land on the same field.
 */
export type FieldErrors = ReadonlyMap<string, readonly string[]>;

export const NO_ERRORS: FieldErrors = new Map();

/** `['rules', 0, 'op']` → `rules[0].op`, as the server formats paths. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out;
}

/** Server issues (`body.owner`) to field errors relative to the edited object (`owner`). */
export function fromServerIssues(issues: readonly { path: string; message: string }[], root = 'body'): FieldErrors {
  const map = new Map<string, string[]>();
  for (const { path, message } of issues) {
    const rel = path === root ? '' : path.startsWith(`${root}.`) ? path.slice(root.length + 1) : path;
    map.set(rel, [...(map.get(rel) ?? []), message]);
  }
  return map;
}

/** Core/zod issues (array paths) to field errors. */
export function fromIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix: readonly PropertyKey[] = []): FieldErrors {
  const map = new Map<string, string[]>();
  for (const { path, message } of issues) {
    const key = formatPath([...prefix, ...path]);
    map.set(key, [...(map.get(key) ?? []), message]);
  }
  return map;
}

export function mergeErrors(...all: FieldErrors[]): FieldErrors {
  const map = new Map<string, string[]>();
  for (const errors of all) for (const [k, v] of errors) map.set(k, [...(map.get(k) ?? []), ...v]);
  return map;
}

export function errorsAt(errors: FieldErrors, path: string): readonly string[] {
  return errors.get(path) ?? [];
}

/** Errors at `prefix` or inside it (`rules[0]` holds `rules[0].clauses[1].op`). */
export function errorsUnder(errors: FieldErrors, prefix: string): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  for (const [path, messages] of errors)
    if (path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`)) for (const message of messages) out.push({ path, message });
  return out;
}

/** Errors whose path is not in `shown` (nothing on screen carries them): listed in a summary. */
export function unplacedErrors(errors: FieldErrors, shown: (path: string) => boolean): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  for (const [path, messages] of errors) if (!shown(path)) for (const message of messages) out.push({ path, message });
  return out;
}
