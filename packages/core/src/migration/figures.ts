/**
 * What the server has measured for the current stage, aggregated from SDK reports since the
 * state's `evidenceSince`. Consistency is given as counts (`consistentReads`) or as a rate
 * (`consistencyRate`); the error rate as counts (`newErrors` of `newInvocations`) or as a rate
 * (`errorRate`). When both are given the counts win. Malformed figures (negative, non-finite, more
 * consistent reads than compared reads...) count as unmeasured, and an unmeasured gate fails.
 */
export interface MigrationFigures {
  /** The server's current time (ISO 8601). */
  readonly now: string;
  /** Reads compared (both stores read and checked) in this stage. */
  readonly comparedReads: number;
  /** Of those, how many the check function found consistent. */
  readonly consistentReads?: number;
  /** Alternatively, consistent ÷ compared reads, in [0, 1]. */
  readonly consistencyRate?: number;
  /** Operations (reads and writes) on the new store in this stage. */
  readonly newInvocations?: number;
  /** Of those, how many failed. */
  readonly newErrors?: number;
  /** Alternatively, new-store errors ÷ invocations, in [0, 1]. */
  readonly errorRate?: number;
}

function isCount(n: number | undefined): n is number {
  return n !== undefined && Number.isSafeInteger(n) && n >= 0;
}

function isRate(n: number | undefined): n is number {
  return n !== undefined && Number.isFinite(n) && n >= 0 && n <= 1;
}

/** The number of compared reads, or undefined when the figure is malformed. */
export function measuredComparedReads(f: MigrationFigures): number | undefined {
  return isCount(f.comparedReads) ? f.comparedReads : undefined;
}

/** Consistent ÷ compared reads, or undefined when it cannot be measured. */
export function measuredConsistency(f: MigrationFigures): number | undefined {
  if (f.consistentReads !== undefined) {
    const compared = measuredComparedReads(f);
    if (compared === undefined || compared === 0 || !isCount(f.consistentReads) || f.consistentReads > compared) return undefined;
    return f.consistentReads / compared;
  }
  return isRate(f.consistencyRate) ? f.consistencyRate : undefined;
}

/** New-store errors ÷ invocations, or undefined when it cannot be measured. */
export function measuredErrorRate(f: MigrationFigures): number | undefined {
  if (f.newErrors !== undefined || f.newInvocations !== undefined) {
    if (!isCount(f.newErrors) || !isCount(f.newInvocations) || f.newInvocations === 0 || f.newErrors > f.newInvocations) return undefined;
    return f.newErrors / f.newInvocations;
  }
  return isRate(f.errorRate) ? f.errorRate : undefined;
}
