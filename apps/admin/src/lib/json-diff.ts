import { jsonEqual } from './json-equal';

/**
 * A field-by-field diff of two JSON values, for the audit log and for version conflicts. Paths use
 * the server's error notation (`rules[0].clauses[1].op`), so a diff row and an error name a field
 * alike. Objects are compared by key; a field that appears or disappears is listed leaf by leaf, so
 * `killed: null → {by, at, reason}` reads as three added fields. Arrays are aligned on their equal
 * elements first, so a rule inserted at the top reads as one added rule, not as every rule changed.
 */
export type DiffKind = 'added' | 'removed' | 'changed';

export interface DiffRow {
  path: string;
  kind: DiffKind;
  before?: unknown;
  after?: unknown;
}

export interface DiffOptions {
  /** Top-level keys left out (bookkeeping such as `version`, `updatedAt`). */
  ignore?: readonly string[];
  /** Stop after this many rows (huge target lists); `truncated` then says so. */
  limit?: number;
}

export interface Diff {
  rows: DiffRow[];
  truncated: boolean;
}

type Json = unknown;

const isContainer = (v: Json): v is object => typeof v === 'object' && v !== null;

export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const safe = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  return base === '' ? safe : /^[A-Za-z_$]/.test(safe) ? `${base}.${safe}` : `${base}[${safe}]`;
}

export function diffJson(before: Json, after: Json, options: DiffOptions = {}): Diff {
  const rows: DiffRow[] = [];
  const limit = options.limit ?? Infinity;
  const ignore = new Set(options.ignore ?? []);
  let truncated = false;

  const push = (row: DiffRow): boolean => {
    if (rows.length >= limit) {
      truncated = true;
      return false;
    }
    rows.push(row);
    return true;
  };

  /** Lists every leaf of a value that appeared (added) or disappeared (removed). */
  const leaves = (path: string, value: Json, kind: 'added' | 'removed'): boolean => {
    const entries = isContainer(value) ? childEntries(value) : null;
    if (!entries || entries.length === 0) return push(kind === 'added' ? { path, kind, after: value } : { path, kind, before: value });
    for (const [k, v] of entries) if (!leaves(joinPath(path, k), v, kind)) return false;
    return true;
  };

  const walk = (path: string, a: Json, b: Json, top: boolean): boolean => {
    const aMissing = a === undefined || a === null;
    const bMissing = b === undefined || b === null;
    if (aMissing && bMissing) return a === b || push({ path, kind: 'changed', before: a, after: b });
    if (aMissing && isContainer(b)) return leaves(path, b, 'added');
    if (bMissing && isContainer(a)) return leaves(path, a, 'removed');
    if (a === undefined) return push({ path, kind: 'added', after: b });
    if (b === undefined) return push({ path, kind: 'removed', before: a });
    if (Array.isArray(a) && Array.isArray(b)) {
      for (const step of alignArrays(a, b)) {
        if (step.kind === 'same') continue;
        if (step.kind === 'added' && !push({ path: joinPath(path, step.after), kind: 'added', after: b[step.after] })) return false;
        if (step.kind === 'removed' && !push({ path: joinPath(path, step.before), kind: 'removed', before: a[step.before] })) return false;
        if (step.kind === 'changed' && !walk(joinPath(path, step.after), a[step.before], b[step.after], false)) return false;
      }
      return true;
    }
    if (isContainer(a) && isContainer(b) && !Array.isArray(a) && !Array.isArray(b)) {
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (top && ignore.has(k)) continue;
        if (!walk(joinPath(path, k), (a as Record<string, Json>)[k], (b as Record<string, Json>)[k], false)) return false;
      }
      return true;
    }
    if (Object.is(a, b)) return true;
    return push({ path, kind: 'changed', before: a, after: b });
  };

  walk('', before, after, true);
  return { rows, truncated };
}

type Step = { kind: 'same' | 'changed'; before: number; after: number } | { kind: 'added'; after: number } | { kind: 'removed'; before: number };

/** Arrays longer than this (their product) are compared index by index: LCS would be too slow. */
const ALIGN_LIMIT = 250_000;

/**
 * Aligns two arrays on a longest common subsequence of equal elements. Between two matches, the
 * unmatched elements pair up as changes (their fields are diffed) and the rest are added or removed.
 */
export function alignArrays(a: readonly Json[], b: readonly Json[]): Step[] {
  const n = a.length;
  const m = b.length;
  if (n * m > ALIGN_LIMIT) {
    const steps: Step[] = [];
    for (let i = 0; i < Math.max(n, m); i++)
      steps.push(i >= n ? { kind: 'added', after: i } : i >= m ? { kind: 'removed', before: i } : { kind: jsonEqual(a[i], b[i]) ? 'same' : 'changed', before: i, after: i });
    return steps;
  }
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = jsonEqual(a[i], b[j]) ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  let gapA: number[] = [];
  let gapB: number[] = [];
  const flush = () => {
    const paired = Math.min(gapA.length, gapB.length);
    for (let k = 0; k < paired; k++) steps.push({ kind: 'changed', before: gapA[k]!, after: gapB[k]! });
    for (let k = paired; k < gapA.length; k++) steps.push({ kind: 'removed', before: gapA[k]! });
    for (let k = paired; k < gapB.length; k++) steps.push({ kind: 'added', after: gapB[k]! });
    gapA = [];
    gapB = [];
  };
  while (i < n || j < m) {
    if (i < n && j < m && jsonEqual(a[i], b[j])) {
      flush();
      steps.push({ kind: 'same', before: i++, after: j++ });
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) gapB.push(j++);
    else gapA.push(i++);
  }
  flush();
  return steps;
}

function childEntries(value: object): [string | number, Json][] {
  return Array.isArray(value) ? value.map((v, i) => [i, v] as [number, Json]) : Object.entries(value);
}

/** The top-level fields a diff touches, in order of appearance: `rules[0].serve` → `rules`. */
export function changedFields(rows: readonly DiffRow[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    const head = r.path.split(/[.[]/)[0] ?? r.path;
    if (head && !out.includes(head)) out.push(head);
  }
  return out;
}

/** A value as one short line for a diff cell. */
export function showJson(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}
