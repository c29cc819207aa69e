import { EVALUATION_DAYS_KEPT, type FlagEvaluationDay } from '@switchyard/api';
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

const DAY_MS = 86_400_000;

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

    /** The last `days` UTC days of a flag's counts (today included). */
    async daily(flagKey: string, days: number): Promise<FlagEvaluationDay[]> {
      const since = new Date(now().getTime() - (days - 1) * DAY_MS).toISOString().slice(0, 10);
      const rows = await db.read((s) => s.evaluations.listDaysForFlag(flagKey, since));
      return rows.map((r) => ({ environment: r.envKey, variant: r.variant === '' ? null : r.variant, day: r.day, count: r.count }));
    },

    /** Deletes per-day counts older than EVALUATION_DAYS_KEPT days (idempotent: several replicas may prune). */
    async pruneDays(): Promise<number> {
      const before = new Date(now().getTime() - EVALUATION_DAYS_KEPT * DAY_MS).toISOString().slice(0, 10);
      return db.transaction((tx) => tx.evaluations.pruneDays(before));
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
