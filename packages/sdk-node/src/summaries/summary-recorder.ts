import { LIMITS, PROTOCOL_LIMITS, type EvaluationResult, type SummaryCounter } from '@switchyard/core';

/** Counts over one window, ready to send. */
export interface SummaryWindow {
  startedAt: number;
  endedAt: number;
  counters: SummaryCounter[];
}

/** Counts evaluations per flag, variant and flag version. */
export interface SummaryRecorder {
  /** Counts one evaluation. On the hot path: one Map lookup and an increment in the common case. */
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

/**
 * Beyond this many distinct result objects in one window, counting falls back to string keys.
 * Core's results are preallocated per compiled flag, so this is never reached in practice; it
 * bounds memory should results ever be allocated per call.
 */
const MAX_RESULT_KEYS = 10_000;

/**
 * Creates a recorder. PERFORMANCE NOTE: core's evaluation results are frozen objects preallocated
 * per compiled flag (one per variation, reason and rule), so a result identifies its flag, variant
 * and flag version: counters are keyed on the result object itself, and counting an evaluation is
 * one identity-keyed Map lookup and an increment. Only the first evaluation of each result in a
 * window, and results served with the caller's default (no variant; allocated per call by core),
 * take the slower string-keyed path.
 *
 * @param versionOf - the current version of a flag (for the counters' `version`).
 */
export function createSummaryRecorder(versionOf: (flagKey: string) => number | undefined, now: () => number): SummaryRecorder {
  let byResult = new Map<object, Counter>();
  let byKey = new Map<string, Counter>();
  let startedAt = now();

  function slowPath(flagKey: string, result: EvaluationResult<unknown>): void {
    if (flagKey.length === 0 || flagKey.length > LIMITS.keyLength) return; // the protocol cannot carry it
    const variant = result.variant ?? null;
    if (variant !== null && variant.length > PROTOCOL_LIMITS.variantLength) return;
    const version = versionOf(flagKey);
    if (variant !== null && byResult.size < MAX_RESULT_KEYS) {
      byResult.set(result, { flag: flagKey, variant, version, count: 1 });
      return;
    }
    add(byKey, { flag: flagKey, variant, version, count: 1 });
  }

  return {
    record(flagKey, result) {
      if (result.variant !== undefined) {
        const counter = byResult.get(result);
        if (counter !== undefined) {
          counter.count++;
          return;
        }
      }
      slowPath(flagKey, result);
    },
    drain() {
      const merged = new Map<string, Counter>();
      for (const counter of byResult.values()) add(merged, counter);
      for (const counter of byKey.values()) add(merged, counter);
      const window = { startedAt, endedAt: Math.max(startedAt, now()), counters: [...merged.values()].map(toWire) };
      byResult = new Map();
      byKey = new Map();
      startedAt = now();
      return window.counters.length > 0 ? window : undefined;
    },
    restore(window) {
      startedAt = Math.min(startedAt, window.startedAt);
      for (const c of window.counters) add(byKey, { flag: c.flag, variant: c.variant, version: c.version, count: c.count });
    },
  };
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
