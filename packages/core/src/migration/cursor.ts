/**
 * Ordering of backfill cursors. Cursors travel as strings (a primary key, a timestamp, a UUID...).
 * A set of cursors compares **numerically** when every one of them is a plain decimal number
 * (`-?digits(.digits)?`, e.g. `"9"`, `"10"`, `"-3"`, `"2.50"`), exactly and at any length (no
 * floating-point rounding, so 64-bit ids are safe); otherwise it compares as **strings**, by UTF-16
 * code unit — the same as byte order for ASCII cursors such as UUIDs, hex ids and ISO 8601 times.
 * The mode is chosen once for the whole set, never per pair, so the order is consistent.
 */
export type CursorOrder = 'numeric' | 'string';

const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** `numeric` when every cursor is a plain decimal number, else `string`. */
export function cursorOrder(cursors: Iterable<string>): CursorOrder {
  for (const c of cursors) if (!DECIMAL.test(c)) return 'string';
  return 'numeric';
}

/** Negative, zero or positive as `a` sorts before, with or after `b` in the given order. */
export function compareCursors(a: string, b: string, order: CursorOrder): number {
  if (order === 'numeric' && DECIMAL.test(a) && DECIMAL.test(b)) return compareDecimal(a, b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareDecimal(a: string, b: string): number {
  const x = normalise(a);
  const y = normalise(b);
  if (x.negative !== y.negative) return x.negative ? -1 : 1;
  const m = compareMagnitude(x, y);
  return x.negative ? -m : m;
}

interface Decimal {
  negative: boolean;
  int: string;
  frac: string;
}

// Strip the sign, leading zeros of the integer part and trailing zeros of the fraction; -0 is 0.
function normalise(s: string): Decimal {
  const negative = s.startsWith('-');
  const [i = '', f = ''] = (negative ? s.slice(1) : s).split('.');
  const int = i.replace(/^0+/, '');
  const frac = f.replace(/0+$/, '');
  return { negative: negative && (int !== '' || frac !== ''), int, frac };
}

function compareMagnitude(x: Decimal, y: Decimal): number {
  if (x.int.length !== y.int.length) return x.int.length < y.int.length ? -1 : 1;
  if (x.int !== y.int) return x.int < y.int ? -1 : 1;
  // Without trailing zeros, fractions of different lengths compare correctly as strings.
  if (x.frac !== y.frac) return x.frac < y.frac ? -1 : 1;
  return 0;
}
