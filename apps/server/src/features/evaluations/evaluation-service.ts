import type { SummaryMessage } from '@switchyard/core';
import type { Database } from '../../db/stores';

export interface FlagEvaluationView {
  environment: string;
  /** null when the caller's default was served. */
  variant: string | null;
  count: number;
  firstEvaluatedAt: string;
  lastEvaluatedAt: string;
}

/**
 * Evaluation counts from SDK summaries: how often, and when last, each flag served each variant in
 * each environment. Usage data, not configuration: not audited, and a lost summary loses only counts.
 */
export function createEvaluationService(deps: { db: Database; now: () => Date }) {
  const { db, now } = deps;

  return {
    async record(envKey: string, summary: Pick<SummaryMessage, 'counters'>): Promise<void> {
      const counters = summary.counters
        .filter((c) => c.count > 0)
        .map((c) => ({ flagKey: c.flag, variant: c.variant ?? '', count: c.count }));
      if (counters.length === 0) return;
      await db.transaction((tx) => tx.evaluations.add(envKey, counters, now().toISOString()));
    },

    async forFlag(flagKey: string): Promise<FlagEvaluationView[]> {
      const rows = await db.read((s) => s.evaluations.listForFlag(flagKey));
      return rows.map((r) => ({
        environment: r.envKey,
        variant: r.variant === '' ? null : r.variant,
        count: r.count,
        firstEvaluatedAt: r.firstEvaluatedAt,
        lastEvaluatedAt: r.lastEvaluatedAt,
      }));
    },
  };
}

export type EvaluationService = ReturnType<typeof createEvaluationService>;
