import { LIMITS, PROTOCOL_LIMITS, RESULT_TALLY, type EvaluationResult, type ResultTally, type SummaryCounter, type TalliedResult } from '@switchyard/core';

/** Counts over one window, ready to send. */
export interface SummaryWindow {
  startedAt: number;
  endedAt: number;
  counters: SummaryCounter[];
}

/** Counts evaluations per flag, variant and flag version. */
export interface SummaryRecorder {
  /** Counts one evaluation. On the hot path: an increment in the common case. */
  record(flagKey: string, result: EvaluationResult<unknown>): void;
  /** Takes the counts so far (undefined when there are none) and starts a new window. */
  drain(): SummaryWindow | undefined;
  /** Puts back a window that could not be sent; it is merged into the current one. */
  restore(window: SummaryWindow): void;
}

interface Counter {
  flag: string;
  variant: string | null;
  version: number | undefined;
  count: number;
}

/** A counter kept in a result's tally: `window` says which recorder's window it belongs to. */
interface TallyCounter extends Counter {
  readonly window: object;
}

/**
 * Beyond this many distinct result objects in one window, counting falls back to string keys.
 * Core's results are preallocated per compiled flag, so this is never reached in practice; it
 * bounds memory should results ever be allocated per call.
 */
const MAX_RESULT_KEYS = 10_000;

/**
 * Creates a recorder. PERFORMANCE NOTE: core's evaluation results are frozen objects preallocated
 * per compiled flag (one per variation, reason and rule), so a result identifies its flag, variant
 * and flag version, and each carries a mutable tally (core's `ResultTally`): the recorder keeps its
 * counter for the result there, so counting an evaluation is two loads, a comparison and an
 * increment — no lookup. A counter belongs to one window of one recorder (`window`, a fresh object
 * per window), so counters left in tallies by an earlier window (or by another recorder over the
 * same results) are never counted into again. Only the first evaluation of each result in a window,
 * and results served with the caller's default (no variant, no tally; allocated per call by core),
 * take the slower string-keyed path.
 *
 * @param versionOf - the current version of a flag (for the counters' `version`).
 */
export function createSummaryRecorder(versionOf: (flagKey: string) => number | undefined, now: () => number): SummaryRecorder {
  return new Recorder(versionOf, now);
}

class Recorder implements SummaryRecorder {
  /** The current window's identity; replaced by every drain. */
  private window: object = {};
  /** The current window's counters kept in result tallies. */
  private tallied: TallyCounter[] = [];
  private byKey = new Map<string, Counter>();
  private startedAt: number;

  constructor(
    private readonly versionOf: (flagKey: string) => number | undefined,
    private readonly now: () => number,
  ) {
    this.startedAt = now();
  }

  record(flagKey: string, result: EvaluationResult<unknown>): void {
    const tally = (result as TalliedResult)[RESULT_TALLY];
    if (tally !== undefined) {
      const counter = tally.slot as TallyCounter | null;
      if (counter !== null && counter.window === this.window) {
        counter.count++;
        return;
      }
    }
    this.slowPath(flagKey, result, tally);
  }

  private slowPath(flagKey: string, result: EvaluationResult<unknown>, tally: ResultTally | undefined): void {
    if (flagKey.length === 0 || flagKey.length > LIMITS.keyLength) return; // the protocol cannot carry it
    const variant = result.variant ?? null;
    if (variant !== null && variant.length > PROTOCOL_LIMITS.variantLength) return;
    const version = this.versionOf(flagKey);
    if (variant !== null && tally !== undefined && this.tallied.length < MAX_RESULT_KEYS) {
      const counter: TallyCounter = { flag: flagKey, variant, version, count: 1, window: this.window };
      tally.slot = counter;
      this.tallied.push(counter);
      return;
    }
    add(this.byKey, { flag: flagKey, variant, version, count: 1 });
  }

  drain(): SummaryWindow | undefined {
    const merged = new Map<string, Counter>();
    for (const counter of this.tallied) add(merged, counter);
    for (const counter of this.byKey.values()) add(merged, counter);
    const window = { startedAt: this.startedAt, endedAt: Math.max(this.startedAt, this.now()), counters: [...merged.values()].map(toWire) };
    this.window = {};
    this.tallied = [];
    this.byKey = new Map();
    this.startedAt = this.now();
    return window.counters.length > 0 ? window : undefined;
  }

  restore(window: SummaryWindow): void {
    this.startedAt = Math.min(this.startedAt, window.startedAt);
    for (const c of window.counters) add(this.byKey, { flag: c.flag, variant: c.variant, version: c.version, count: c.count });
  }
}

function add(map: Map<string, Counter>, counter: Counter): void {
  const key = `${counter.flag}\u0000${counter.variant ?? '\u0001'}\u0000${counter.version ?? ''}`;
  const existing = map.get(key);
  if (existing === undefined) map.set(key, { ...counter });
  else existing.count += counter.count;
}

function toWire(counter: Counter): SummaryCounter {
  const wire: SummaryCounter = { flag: counter.flag, variant: counter.variant, count: counter.count };
  if (counter.version !== undefined) wire.version = counter.version;
  return wire;
}
