/**
 * A plain-text table: a header row and left-aligned columns separated by two spaces. Cells are
 * single-line (newlines shown as spaces); the last column is never padded.
 */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const clean = (s: string) => s.replace(/\s*\n\s*/g, ' ');
  const all = [headers.map(clean), ...rows.map((r) => r.map(clean))];
  const widths = headers.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Compact JSON of a value, cut to `max` characters with an ellipsis. */
export function brief(value: unknown, max = 100): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `2026-11-26T10:34:27.734Z` → `2026-11-26 10:34:27Z`; null → `-`. */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return '-';
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** `2026-11-26T10:34:27.734Z` → `2026-11-26`; null → `never`. */
export function shortDate(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : 'never';
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
