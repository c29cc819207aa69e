import { LIMITS, PROTOCOL_LIMITS, RESULT_TALLY, type EvaluationResult, type ResultTally, type SummaryCounter, type SummarySignal, type TalliedResult } from '@switchyard/core';

/** Counts over one window, ready to send. */
export interface SummaryWindow {
  startedAt: number;
  endedAt: number;
  counters: SummaryCounter[];
  /** Tracked calls per flag and variation (`client.track`). */
  signals?: SummarySignal[];
}

/** Counts evaluations per flag, variant and flag version. */
export interface SummaryRecorder {
  /** Counts one evaluation. On the hot path: an increment in the common case. */
  record(flagKey: string, result: EvaluationResult<unknown>): void;
  /** Counts one tracked call of a flag's variation: failed or not, and its latency when given. */
  track(flagKey: string, variant: string, error: boolean, latencyMs: number | undefined): void;
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

/** What a recorder notes in a result's tally besides the count. */
interface TallyNote {
  flag: string;
  variant: string;
  version: number | undefined;
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
 * and flag version, and each carries a mutable counting cell (core's `ResultTally`). The first
 * evaluation of a result in a window claims its cell (`owner`, with the flag, variant and version
 * in `note`); every later one is a comparison and an increment — two dependent loads, no lookup. A
 * drain reads the claimed cells and gives them up. A cell another recorder holds (two clients over
 * the same results), and results served with the caller's default (no variant, no tally; allocated
 * per call by core), are counted by string key instead.
 *
 * @param versionOf - the current version of a flag (for the counters' `version`).
 */
export function createSummaryRecorder(versionOf: (flagKey: string) => number | undefined, now: () => number): SummaryRecorder {
  return new Recorder(versionOf, now);
}

class Recorder implements SummaryRecorder {
  /** The tallies this recorder has claimed in the current window. */
  private tallied: ResultTally[] = [];
  private byKey = new Map<string, Counter>();
  private signals = new Map<string, SummarySignal>();
  private startedAt: number;

  constructor(
    private readonly versionOf: (flagKey: string) => number | undefined,
    private readonly now: () => number,
  ) {
    this.startedAt = now();
  }

  record(flagKey: string, result: EvaluationResult<unknown>): void {
    const tally = (result as TalliedResult)[RESULT_TALLY];
    if (tally !== undefined && tally.owner === this) tally.count++;
    else this.slowPath(flagKey, result, tally);
  }

  private slowPath(flagKey: string, result: EvaluationResult<unknown>, tally: ResultTally | undefined): void {
    if (flagKey.length === 0 || flagKey.length > LIMITS.keyLength) return; // the protocol cannot carry it
    const variant = result.variant ?? null;
    if (variant !== null && variant.length > PROTOCOL_LIMITS.variantLength) return;
    const version = this.versionOf(flagKey);
    if (variant !== null && tally !== undefined && tally.owner === null && this.tallied.length < MAX_RESULT_KEYS) {
      tally.owner = this;
      tally.count = 1;
      tally.note = { flag: flagKey, variant, version } satisfies TallyNote;
      this.tallied.push(tally);
      return;
    }
    add(this.byKey, { flag: flagKey, variant, version, count: 1 });
  }

  track(flagKey: string, variant: string, error: boolean, latencyMs: number | undefined): void {
    if (flagKey.length === 0 || flagKey.length > LIMITS.keyLength || variant.length > PROTOCOL_LIMITS.variantLength) return;
    if (this.signals.size >= MAX_RESULT_KEYS && !this.signals.has(`${flagKey}\u0000${variant}`)) return;
    const timed = latencyMs !== undefined && Number.isFinite(latencyMs) && latencyMs >= 0;
    addSignal(this.signals, { flag: flagKey, variant, count: 1, errors: error ? 1 : 0, latencySumMs: timed ? latencyMs : 0, timed: timed ? 1 : 0 });
  }

  drain(): SummaryWindow | undefined {
    const merged = new Map<string, Counter>();
    for (const tally of this.tallied) {
      add(merged, { ...(tally.note as TallyNote), count: tally.count });
      tally.owner = null;
      tally.count = 0;
      tally.note = null;
    }
    for (const counter of this.byKey.values()) add(merged, counter);
    const window: SummaryWindow = { startedAt: this.startedAt, endedAt: Math.max(this.startedAt, this.now()), counters: [...merged.values()].map(toWire) };
    if (this.signals.size > 0) window.signals = [...this.signals.values()];
    this.tallied = [];
    this.byKey = new Map();
    this.signals = new Map();
    this.startedAt = this.now();
    return window.counters.length > 0 || window.signals !== undefined ? window : undefined;
  }

  restore(window: SummaryWindow): void {
    this.startedAt = Math.min(this.startedAt, window.startedAt);
    for (const c of window.counters) add(this.byKey, { flag: c.flag, variant: c.variant, version: c.version, count: c.count });
    for (const signal of window.signals ?? []) addSignal(this.signals, signal);
  }
}

function add(map: Map<string, Counter>, counter: Counter): void {
  const key = `${counter.flag}\u0000${counter.variant ?? '\u0001'}\u0000${counter.version ?? ''}`;
  const existing = map.get(key);
  if (existing === undefined) map.set(key, { ...counter });
  else existing.count += counter.count;
}

function addSignal(map: Map<string, SummarySignal>, signal: SummarySignal): void {
  const key = `${signal.flag}\u0000${signal.variant}`;
  const existing = map.get(key);
  if (existing === undefined) map.set(key, { ...signal });
  else {
    existing.count += signal.count;
    existing.errors += signal.errors;
    existing.latencySumMs += signal.latencySumMs;
    existing.timed += signal.timed;
  }
}

function toWire(counter: Counter): SummaryCounter {
  const wire: SummaryCounter = { flag: counter.flag, variant: counter.variant, count: counter.count };
  if (counter.version !== undefined) wire.version = counter.version;
  return wire;
}
