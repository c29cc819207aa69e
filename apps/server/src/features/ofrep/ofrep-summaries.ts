import type { SummaryCounter } from '@switchyard/core';

/** How often OFREP evaluation counts are written (and once more when the server closes). */
export const OFREP_SUMMARY_FLUSH_MS = 10_000;

/**
 * Evaluation counts from OFREP answers, gathered in memory per environment, flag and variant and
 * written through the same recorder as SDK summaries (per-flag evaluation counts, the stale
 * report). Only flags the answer actually carried are counted — flags of the environment the key
 * may see, with their own variations — so a client key can count no more than it can read, as with
 * a browser's summaries. Failures served the caller's default: counted with no variant.
 */
export class OfrepSummaries {
  private counts = new Map<string, Map<string, SummaryCounter>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly record: (envKey: string, counters: SummaryCounter[]) => Promise<void>,
    private readonly flushMs = OFREP_SUMMARY_FLUSH_MS,
  ) {}

  count(envKey: string, flag: string, variant: string | null): void {
    let env = this.counts.get(envKey);
    if (!env) this.counts.set(envKey, (env = new Map()));
    const id = `${flag}\n${variant ?? ''}`;
    const counter = env.get(id);
    if (counter) counter.count++;
    else env.set(id, { flag, variant, count: 1 });
    this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
  }

  /** Writes what was counted so far. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const counts = this.counts;
    this.counts = new Map();
    await Promise.all([...counts].map(([envKey, env]) => this.record(envKey, [...env.values()])));
  }
}
