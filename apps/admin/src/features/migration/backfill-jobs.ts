import { compareCursors, cursorOrder, type BackfillReport } from '@switchyard/core';

/** One backfill job's batches, summed up for the migration view. */
export interface BackfillJobSummary {
  jobName: string;
  batches: number;
  succeeded: number;
  failed: number;
  /** Pending, running or paused. */
  inFlight: number;
  /** The lowest batch start and the highest batch end reported (the range the batches span). */
  start: string;
  end: string;
  rowsScanned: number;
  rowsChanged: number;
  codeVersions: string[];
}

/** Reports grouped by job, in the order jobs first appear; cursors compare as core compares them. */
export function summarizeBackfills(reports: readonly BackfillReport[]): BackfillJobSummary[] {
  const byJob = new Map<string, BackfillReport[]>();
  for (const r of reports) byJob.set(r.jobName, [...(byJob.get(r.jobName) ?? []), r]);
  return [...byJob].map(([jobName, rs]) => {
    const order = cursorOrder(rs.flatMap((r) => [r.cursorStart, r.cursorEnd]));
    let start = rs[0]!.cursorStart;
    let end = rs[0]!.cursorEnd;
    for (const r of rs) {
      if (compareCursors(r.cursorStart, start, order) < 0) start = r.cursorStart;
      if (compareCursors(r.cursorEnd, end, order) > 0) end = r.cursorEnd;
    }
    return {
      jobName,
      batches: rs.length,
      succeeded: rs.filter((r) => r.status === 'succeeded').length,
      failed: rs.filter((r) => r.status === 'failed').length,
      inFlight: rs.filter((r) => r.status === 'pending' || r.status === 'running' || r.status === 'paused').length,
      start,
      end,
      rowsScanned: rs.reduce((n, r) => n + r.rowsScanned, 0),
      rowsChanged: rs.reduce((n, r) => n + r.rowsChanged, 0),
      codeVersions: [...new Set(rs.map((r) => r.codeVersion))],
    };
  });
}
