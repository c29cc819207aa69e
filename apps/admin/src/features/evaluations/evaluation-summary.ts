import type { FlagEvaluation, FlagEvaluationDay } from '../../api/types';

export interface VariantUsage {
  /** The variation's name; null: the caller's default was served (flag missing, wrong type, error). */
  variant: string | null;
  count: number;
  /** Share of the environment's evaluations, 0–100. */
  percent: number;
  firstEvaluatedAt: string;
  lastEvaluatedAt: string;
}

export interface EnvironmentUsage {
  environment: string;
  total: number;
  lastEvaluatedAt: string;
  variants: VariantUsage[];
}

/** Reported counts grouped per environment (in `order`), each variant with its share, most served first. */
export function summariseEvaluations(items: readonly FlagEvaluation[], order: readonly string[]): EnvironmentUsage[] {
  const byEnv = new Map<string, FlagEvaluation[]>();
  for (const item of items) byEnv.set(item.environment, [...(byEnv.get(item.environment) ?? []), item]);
  const rank = (env: string) => (order.indexOf(env) === -1 ? order.length : order.indexOf(env));
  return [...byEnv.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([environment, rows]) => {
      const total = rows.reduce((sum, r) => sum + r.count, 0);
      const variants = rows
        .map((r) => ({ variant: r.variant, count: r.count, percent: total === 0 ? 0 : (r.count / total) * 100, firstEvaluatedAt: r.firstEvaluatedAt, lastEvaluatedAt: r.lastEvaluatedAt }))
        .sort((a, b) => b.count - a.count || String(a.variant).localeCompare(String(b.variant)));
      const lastEvaluatedAt = rows.map((r) => r.lastEvaluatedAt).sort().at(-1) ?? ''; // ISO times: the latest sorts last
      return { environment, total, lastEvaluatedAt, variants };
    });
}

/** "12.5%" with one decimal below 10 %, whole numbers above; "<0.1%" for a sliver. */
export function formatShare(percent: number): string {
  if (percent > 0 && percent < 0.1) return '<0.1%';
  return percent < 10 ? `${Number(percent.toFixed(1))}%` : `${Math.round(percent)}%`;
}

/** One environment's counts per day: every day of the window (oldest first, zeros included) against each variant seen. */
export interface DailyTable {
  environment: string;
  days: string[];
  variants: (string | null)[];
  /** counts[dayIndex][variantIndex] */
  counts: number[][];
}

/** The last `days` UTC days up to `today` (YYYY-MM-DD), oldest first. */
export function dayWindow(today: string, days: number): string[] {
  const end = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/** Per environment (in `order`, then any other), the window's counts per day and variant; environments with none are left out. */
export function dailyTables(rows: readonly FlagEvaluationDay[], order: readonly string[], window: readonly string[]): DailyTable[] {
  const envs = [...new Set(rows.map((r) => r.environment))].sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
  return envs.map((environment) => {
    const mine = rows.filter((r) => r.environment === environment && window.includes(r.day));
    const variants = [...new Set(mine.map((r) => r.variant))].sort((a, b) => String(a).localeCompare(String(b)));
    const counts = window.map((day) => variants.map((v) => mine.filter((r) => r.day === day && r.variant === v).reduce((n, r) => n + r.count, 0)));
    return { environment, days: [...window], variants, counts };
  });
}

function rank(order: readonly string[], env: string): number {
  const i = order.indexOf(env);
  return i < 0 ? order.length : i;
}
