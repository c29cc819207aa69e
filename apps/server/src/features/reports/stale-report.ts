import type { EvaluationCountRecord, FlagConfigRecord, FlagRecord } from '../../db/records';
import { csvCell } from '../../http/csv';

const DAY_MS = 86_400_000;

export type StaleReason = 'expired' | 'not-evaluated' | 'single-variation';

export interface StaleFlag {
  key: string;
  name: string;
  type: FlagRecord['type'];
  owner: string;
  createdAt: string;
  expiresAt: string | null;
  reasons: StaleReason[];
  /** Last evaluation reported by any SDK in any environment, or null when never. */
  lastEvaluatedAt: string | null;
  /** Environments where everyone has been served one variation for the whole period, with its name. */
  singleVariation: { environment: string; variation: string; since: string }[];
}

/**
 * Cleanup candidates: flags past their expiry, flags no SDK evaluated for `days` days, and flags
 * that served one variation to everyone for `days` days in every environment they are evaluated in.
 * Permanent types (ops, permission, kill-switch) are never "single-variation" candidates: serving
 * one value for months is what a kill switch does.
 */
export function staleFlags(
  flags: readonly FlagRecord[],
  configs: readonly FlagConfigRecord[],
  evaluations: readonly EvaluationCountRecord[],
  now: Date,
  days: number,
): StaleFlag[] {
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  const at = now.toISOString();
  const lastEval = new Map<string, string>();
  for (const e of evaluations) if ((lastEval.get(e.flagKey) ?? '') < e.lastEvaluatedAt) lastEval.set(e.flagKey, e.lastEvaluatedAt);
  const configsByFlag = new Map<string, FlagConfigRecord[]>();
  for (const c of configs) configsByFlag.set(c.flagKey, [...(configsByFlag.get(c.flagKey) ?? []), c]);
  const out: StaleFlag[] = [];
  for (const f of flags) {
    const reasons: StaleReason[] = [];
    if (f.expiresAt !== null && f.expiresAt < at) reasons.push('expired');
    const last = lastEval.get(f.key) ?? null;
    if (f.createdAt < cutoff && (last === null || last < cutoff)) reasons.push('not-evaluated');
    const single: StaleFlag['singleVariation'] = [];
    const permanentType = f.type === 'ops' || f.type === 'permission' || f.type === 'kill-switch';
    const envConfigs = configsByFlag.get(f.key) ?? [];
    for (const c of envConfigs) {
      const served = servedToEveryone(f, c);
      if (served !== undefined && c.updatedAt < cutoff) single.push({ environment: c.envKey, variation: f.variations[served]?.name ?? String(served), since: c.updatedAt });
    }
    if (!permanentType && envConfigs.length > 0 && single.length === envConfigs.length) reasons.push('single-variation');
    if (reasons.length > 0)
      out.push({ key: f.key, name: f.name, type: f.type, owner: f.owner, createdAt: f.createdAt, expiresAt: f.expiresAt, reasons, lastEvaluatedAt: last, singleVariation: single });
  }
  return out;
}

/** The variation index every context gets from this config, or undefined when it depends on the context. */
function servedToEveryone(flag: FlagRecord, c: FlagConfigRecord): number | undefined {
  if (!c.enabled || c.killed) return flag.offVariation;
  if (c.prerequisites.length > 0 || c.rules.length > 0 || c.targets.some((t) => t.values.length > 0)) return undefined;
  return 'variation' in c.fallthrough ? c.fallthrough.variation : undefined;
}

const CSV_COLUMNS = ['key', 'name', 'type', 'owner', 'reasons', 'createdAt', 'expiresAt', 'lastEvaluatedAt', 'singleVariation'] as const;

/** RFC 4180 CSV, one row per stale flag; every cell through {@link csvCell}, so spreadsheets never run one. */
export function toCsv(rows: readonly StaleFlag[]): string {
  const cell = csvCell;
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(
      [r.key, r.name, r.type, r.owner, r.reasons.join(' '), r.createdAt, r.expiresAt ?? '', r.lastEvaluatedAt ?? '', r.singleVariation.map((s) => `${s.environment}=${s.variation}`).join(' ')]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
