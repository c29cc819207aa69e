import type { SummaryCounter, SummaryMessage, SummarySignal } from '@switchyard/core';
import type { EnvironmentState } from './environment-state';

/**
 * Why a summary counter was not recorded: its flag is not in the environment (`unknown-flag`), the
 * key may not see it (`not-client-side`: a client key reporting a server-only flag), its variant is
 * not one of the flag's variations (`unknown-variant`), or the connection sent more summaries than
 * it may (`rate-limited`).
 */
export type SummaryDropReason = 'unknown-flag' | 'not-client-side' | 'unknown-variant' | 'rate-limited';

export interface CheckedSummary {
  /** The counters to record: flags the key may see, with their own variations (or `null`, the caller's default). */
  accepted: SummaryCounter[];
  /** The tracked signals to record, under the same rules (a signal always names a variation). */
  signals: SummarySignal[];
  /** Counters not recorded, by reason. */
  dropped: Map<SummaryDropReason, number>;
}

/**
 * The counters of a summary that an SDK key may report: for flags of its environment as it is now,
 * client-side ones only for a client key (the flags it is sent values of), with a variant the flag
 * has. Evaluation counts are written by whoever holds a key, and a client key ships in every page:
 * what it may write is bounded by what it may read.
 */
export function checkSummary(state: EnvironmentState, kind: 'server' | 'client', summary: SummaryMessage): CheckedSummary {
  const accepted: SummaryCounter[] = [];
  const dropped = new Map<SummaryDropReason, number>();
  const drop = (reason: SummaryDropReason) => dropped.set(reason, (dropped.get(reason) ?? 0) + 1);
  for (const counter of summary.counters) {
    const flag = state.flag(counter.flag);
    if (flag === undefined) drop('unknown-flag');
    else if (kind === 'client' && !flag.clientSide) drop('not-client-side');
    else if (counter.variant !== null && !flag.variations.some((v) => v.name === counter.variant)) drop('unknown-variant');
    else accepted.push(counter);
  }
  const signals: SummarySignal[] = [];
  for (const signal of summary.signals ?? []) {
    const flag = state.flag(signal.flag);
    if (flag === undefined) drop('unknown-flag');
    else if (kind === 'client' && !flag.clientSide) drop('not-client-side');
    else if (!flag.variations.some((v) => v.name === signal.variant)) drop('unknown-variant');
    else signals.push(signal);
  }
  return { accepted, signals, dropped };
}
