import { z } from 'zod';
import { compareCursors, cursorOrder } from './cursor';

/** The status of one backfill batch, as in the backfill control table. */
export const BACKFILL_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'paused'] as const;
export type BackfillStatus = (typeof BACKFILL_STATUSES)[number];

const count = z.number().int('must be a whole number').min(0, 'must be 0 or more');

/**
 * Zod schema of one row of a backfill job's control table, as reported to the server. A batch
 * covers the half-open cursor range `[cursorStart, cursorEnd)` (see {@link cursorOrder} for how
 * cursors compare), so the next batch starts exactly where the previous one ended.
 */
export const backfillReportSchema = z
  .strictObject({
    /** Stable identifier of the migration job. */
    jobName: z.string().min(1, 'must not be empty').max(200),
    /** Artifact or commit that performed the writes. */
    codeVersion: z.string().min(1, 'must not be empty').max(200),
    /** Lower bound of the batch, included. */
    cursorStart: z.string().max(1_000),
    /** Upper bound of the batch, excluded. */
    cursorEnd: z.string().max(1_000),
    status: z.enum(BACKFILL_STATUSES),
    /** Attempts at this batch so far; a retry of the same range has a higher count. */
    attemptCount: count,
    rowsScanned: count,
    rowsChanged: count,
    checksumBefore: z.string().max(200).nullish(),
    checksumAfter: z.string().max(200).nullish(),
  })
  .superRefine((r, ctx) => {
    if (compareCursors(r.cursorStart, r.cursorEnd, cursorOrder([r.cursorStart, r.cursorEnd])) >= 0)
      ctx.addIssue({ code: 'custom', path: ['cursorEnd'], message: 'must be after cursorStart (a batch covers [cursorStart, cursorEnd))' });
    if (r.rowsChanged > r.rowsScanned) ctx.addIssue({ code: 'custom', path: ['rowsChanged'], message: 'must not exceed rowsScanned' });
  });
export type BackfillReport = z.infer<typeof backfillReportSchema>;

/** The range a backfill job declares it will cover: `[start, end)`, cursors as in the reports. */
export interface CursorRange {
  readonly start: string;
  readonly end: string;
}

type BatchReport = Pick<BackfillReport, 'jobName' | 'cursorStart' | 'cursorEnd' | 'status' | 'attemptCount'>;

const IN_FLIGHT: ReadonlySet<BackfillStatus> = new Set<BackfillStatus>(['pending', 'running', 'paused']);

/**
 * Whether one job's batches have succeeded over the whole declared range, so that the backfill
 * may be attested complete. True only when all of these hold:
 * - there are reports, all of the same job (reports of several jobs: false — pass one job's);
 * - the range is non-empty (`start` before `end`);
 * - no batch is still pending, running or paused (the job has not finished);
 * - the succeeded batches, taken together, cover `[start, end)` without a gap. Overlaps are fine:
 *   backfills are idempotent, and retries often use different boundaries.
 * Reports of the exact same range are attempts at one batch: the one with the highest
 * `attemptCount` is its status (so a failed batch retried successfully counts as succeeded, and a
 * succeeded batch re-run and failed does not). A failed batch whose range other succeeded batches
 * cover does not matter. Cursors compare as described at {@link cursorOrder}, chosen over the
 * range and all reports together.
 */
export function isFullRangeSucceeded(reports: readonly BatchReport[], fullRange: CursorRange): boolean {
  const first = reports[0];
  if (first === undefined || reports.some((r) => r.jobName !== first.jobName)) return false;
  const order = cursorOrder([fullRange.start, fullRange.end, ...reports.flatMap((r) => [r.cursorStart, r.cursorEnd])]);
  const cmp = (a: string, b: string): number => compareCursors(a, b, order);
  if (cmp(fullRange.start, fullRange.end) >= 0) return false;

  // Sort by range then attempt, so the attempts at one batch are adjacent, latest last.
  const sorted = [...reports].sort((a, b) => cmp(a.cursorStart, b.cursorStart) || cmp(a.cursorEnd, b.cursorEnd) || a.attemptCount - b.attemptCount);
  const succeeded: BatchReport[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sameRange(sorted[i]!, sorted[j + 1]!, cmp)) j++;
    const latest = sorted.slice(i, j + 1).filter((r) => r.attemptCount === sorted[j]!.attemptCount);
    if (latest.some((r) => IN_FLIGHT.has(r.status))) return false;
    // Ties on the latest attempt count as succeeded only if they all say so.
    if (latest.every((r) => r.status === 'succeeded')) succeeded.push(sorted[i]!);
    i = j + 1;
  }

  // Sweep the succeeded batches (already in start order), extending the covered prefix.
  let covered = fullRange.start;
  for (const b of succeeded) {
    if (cmp(covered, fullRange.end) >= 0) break;
    if (cmp(b.cursorStart, b.cursorEnd) >= 0) continue; // empty or inverted: covers nothing
    if (cmp(b.cursorStart, covered) > 0) return false; // gap before this batch
    if (cmp(b.cursorEnd, covered) > 0) covered = b.cursorEnd;
  }
  return cmp(covered, fullRange.end) >= 0;
}

function sameRange(a: BatchReport, b: BatchReport, cmp: (x: string, y: string) => number): boolean {
  return cmp(a.cursorStart, b.cursorStart) === 0 && cmp(a.cursorEnd, b.cursorEnd) === 0;
}
