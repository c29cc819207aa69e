import type { FlagEvaluation } from '../../api/types';

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
