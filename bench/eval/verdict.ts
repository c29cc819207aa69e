/** Issue 7's evaluation target: at least TARGET× the fastest peer's speed in the same run, never under FLOOR×. */
export const TARGET = 10;
export const FLOOR = 5;

/** The summary's verdict for one speed ratio (the fastest peer's ns/eval over ours). */
export function verdict(ratio: number): string {
  return ratio >= TARGET ? 'met' : ratio >= FLOOR ? `MISSED (≥${FLOOR}× floor held)` : `MISSED (under ${FLOOR}×)`;
}
