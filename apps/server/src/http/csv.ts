/**
 * Characters that make a spreadsheet read a cell as a formula (CSV injection): `=`, `+`, `-`, `@`,
 * and tab or carriage return, which some applications skip before looking for one (OWASP's list),
 * plus line feed for the same reason. Their full-width forms too, which some spreadsheets fold.
 */
const FORMULA_START = /^[=+\-@\t\r\n＝＋－＠]/u;

/**
 * One CSV cell (RFC 4180): a value a spreadsheet would run as a formula gets a leading `'` so it is
 * shown as text, then the cell is quoted when it holds a quote, comma or line break.
 */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
