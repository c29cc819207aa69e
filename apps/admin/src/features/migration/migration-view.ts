import {
  isMigrationStage,
  MIGRATION_STAGES,
  planFor,
  stageIndex,
  type EnvironmentConfig,
  type FlagDefinition,
  type GateCheck,
  type GateName,
  type MigrationStage,
  type MoveOption,
  type Refusal,
  type RefusalRule,
  type StoreCause,
} from '@switchyard/core';
import { ApiError } from '../../api/api-error';
import type { MigrationView } from '../../api/types';

/**
 * The pure part of the migration view: the pipeline, the moves, the gate figures and refusals as
 * people read them. The server decides every move (`moves` comes from core's `allowedMoves`); this
 * only arranges and words what it answered.
 */

export const STAGE_LABELS: Readonly<Record<MigrationStage, string>> = {
  off: 'Off',
  dualwrite: 'Dual write',
  shadow: 'Shadow',
  live: 'Live',
  rampdown: 'Ramp down',
  complete: 'Complete',
};

export type StepStatus = 'done' | 'current' | 'upcoming';

export interface PipelineStep {
  stage: MigrationStage;
  status: StepStatus;
  /** "old + new, compared", "old → new"... */
  reads: string;
  returns: string;
  writes: string;
}

/** The six stages in order, the current one marked, each with its read/write plan in words. */
export function pipeline(current: MigrationStage): PipelineStep[] {
  const at = stageIndex(current);
  return MIGRATION_STAGES.map((stage, i) => {
    const plan = planFor(stage);
    return {
      stage,
      status: i < at ? 'done' : i === at ? 'current' : 'upcoming',
      reads: `${plan.reads.join(' + ')}${plan.compare ? ', compared' : ''}`,
      returns: plan.returned,
      writes: plan.writes.join(' → '),
    };
  });
}

/** The stage a migration flag serves in one environment, read from its config (the variation served). */
export function stageOfConfig(flag: Pick<FlagDefinition, 'variations'>, config: Pick<EnvironmentConfig, 'fallthrough'> | undefined): MigrationStage | null {
  if (!config || !('variation' in config.fallthrough)) return null;
  const name = flag.variations[config.fallthrough.variation]?.name;
  return isMigrationStage(name) ? name : null;
}

export interface MoveRow {
  to: MigrationStage;
  direction: 'forward' | 'back';
  /** The one-step forward move: the way on. */
  next: boolean;
  allowed: boolean;
  reasons: readonly Refusal[];
  checks: readonly GateCheck[];
}

/**
 * The moves to offer from `current`: the next stage first, then further forward ones (always
 * refused: one stage at a time), then the way back, nearest first.
 */
export function moveRows(moves: readonly MoveOption[], current: MigrationStage): MoveRow[] {
  const at = stageIndex(current);
  const rows = moves
    .filter((m) => m.to !== current)
    .map<MoveRow>((m) => ({
      to: m.to,
      direction: stageIndex(m.to) > at ? 'forward' : 'back',
      next: stageIndex(m.to) === at + 1,
      allowed: m.allowed,
      reasons: m.reasons,
      checks: m.checks,
    }));
  const forward = rows.filter((r) => r.direction === 'forward').sort((a, b) => stageIndex(a.to) - stageIndex(b.to));
  const back = rows.filter((r) => r.direction === 'back').sort((a, b) => stageIndex(b.to) - stageIndex(a.to));
  return [...forward, ...back];
}

export const CAUSE_LABELS: Readonly<Record<StoreCause, string>> = {
  'system-of-record': 'system of record',
  'no-backfill-required': 'no backfill needed',
  'backfill-attested': 'backfill attested',
  'awaiting-backfill': 'awaiting backfill',
  'writes-stopped': 'writes stopped',
};

export const CAUSE_EXPLANATIONS: Readonly<Record<StoreCause, string>> = {
  'system-of-record': 'Written throughout since before the migration began.',
  'no-backfill-required': 'The flag declared the new store has no history to copy.',
  'backfill-attested': 'A backfill into it was attested complete over its whole range.',
  'awaiting-backfill': 'It may miss records until a backfill is attested complete. It cannot be read from or compared against until then.',
  'writes-stopped': 'The stage stopped writing it: it misses every change since. A backfill must be attested before it serves again.',
};

export const RULE_LABELS: Readonly<Record<RefusalRule, string>> = {
  'same-stage': 'Already there',
  skip: 'Skips stages',
  'stale-read-store': 'Stale read store',
  'stale-compare-store': 'Stale comparison store',
  gate: 'Gate not met',
  'store-not-written': 'Store not written',
  'invalid-time': 'Invalid time',
  killed: 'Flag killed',
};

export const GATE_LABELS: Readonly<Record<GateName, string>> = {
  comparedReads: 'Compared reads',
  consistency: 'Consistency',
  errorRate: 'New-store error rate',
  dwell: 'Dwell',
  compatibilityWindow: 'Compatibility window',
};

type GateUnit = 'count' | 'rate' | 'duration';
const GATE_UNITS: Readonly<Record<GateName, GateUnit>> = {
  comparedReads: 'count',
  consistency: 'rate',
  errorRate: 'rate',
  dwell: 'duration',
  compatibilityWindow: 'duration',
};
/** How the measured figure must relate to the threshold for the gate to pass. */
export const GATE_COMPARISONS: Readonly<Record<GateName, '>=' | '<'>> = {
  comparedReads: '>=',
  consistency: '>=',
  errorRate: '<',
  dwell: '>=',
  compatibilityWindow: '>=',
};

const counts = new Intl.NumberFormat('en-US');

/** A rate (0..1) as a percentage with up to three decimals: 0.9995 → "99.95%". */
export function formatRate(rate: number): string {
  return `${Number((rate * 100).toFixed(3))}%`;
}

/** A duration in ms, to the two largest units: "3d 4h", "5h 12m", "42s". */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const sign = ms < 0 ? '−' : '';
  let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts: [number, string][] = [
    [d, 'd'],
    [h, 'h'],
    [m, 'm'],
    [s, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return '0s';
  return (
    sign +
    parts
      .slice(first, first + 2)
      .filter(([n], i) => i === 0 || n > 0)
      .map(([n, u]) => `${n}${u}`)
      .join(' ')
  );
}

/** A gate's figure in its unit; "not measured" when absent. */
export function formatGateValue(gate: GateName, value: number | undefined | null): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return 'not measured';
  switch (GATE_UNITS[gate]) {
    case 'count':
      return counts.format(value);
    case 'rate':
      return formatRate(value);
    case 'duration':
      return formatDurationMs(value);
  }
}

/** "≥ 1,000", "< 0.1%": the threshold with the comparison it needs. */
export function formatThreshold(gate: GateName, threshold: number): string {
  return `${GATE_COMPARISONS[gate] === '<' ? '<' : '≥'} ${formatGateValue(gate, threshold)}`;
}

export interface GateRow {
  gate: GateName;
  label: string;
  measured: number | undefined;
  threshold: number | undefined;
  /** Whether the gate passes now; undefined when it has no threshold in this stage. */
  passed: boolean | undefined;
  /** Whether the gate guards the next move now (the server checked it for that move). */
  guardsNext: boolean;
  /** When it is checked, if not for the next move. */
  note: string | null;
}

/**
 * The gate figures of the current stage against their thresholds. Gates that guard the next move
 * carry the server's own check (measured, threshold, passed); the others show the figure measured
 * so far against the threshold of the move they guard, marked as not checked now.
 */
export function gateRows(view: Pick<MigrationView, 'stage' | 'state' | 'gates' | 'figures' | 'moves'>): GateRow[] {
  const next = MIGRATION_STAGES[stageIndex(view.stage) + 1];
  const checks = new Map((view.moves.find((m) => m.to === next)?.checks ?? []).map((c) => [c.gate, c]));
  const f = view.figures;
  const elapsed = (since: string) => Date.parse(f.now) - Date.parse(since);
  const dwellThreshold = view.stage === 'shadow' ? view.gates.minShadowDwellMs : view.stage === 'live' ? view.gates.minLiveDwellMs : undefined;

  const candidates: { gate: GateName; measured: number | undefined; threshold: number | undefined; note: string | null }[] = [
    { gate: 'comparedReads', measured: f.comparedReads, threshold: view.gates.minComparedReads, note: 'checked at shadow → live' },
    { gate: 'consistency', measured: f.consistencyRate, threshold: view.gates.minConsistencyRate, note: 'checked at shadow → live' },
    { gate: 'errorRate', measured: f.errorRate, threshold: view.gates.maxErrorRate, note: 'checked at shadow → live' },
    {
      gate: 'dwell',
      measured: elapsed(view.state.evidenceSince),
      threshold: dwellThreshold,
      note: dwellThreshold === undefined ? 'time in this stage; checked in shadow and live' : null,
    },
  ];
  if (view.stage === 'rampdown')
    candidates.push({ gate: 'compatibilityWindow', measured: elapsed(view.state.enteredStageAt), threshold: view.gates.compatibilityWindowMs, note: null });

  // Past the move to live, its gates are history: this stage's fresh figures say nothing about them.
  const pastShadow = stageIndex(view.stage) > stageIndex('shadow');
  return candidates.map((c) => {
    const check = checks.get(c.gate);
    if (check) return { gate: c.gate, label: GATE_LABELS[c.gate], measured: check.measured, threshold: check.threshold, passed: check.passed, guardsNext: true, note: null };
    if (pastShadow && SHADOW_TO_LIVE_GATES.has(c.gate))
      return { gate: c.gate, label: GATE_LABELS[c.gate], measured: c.measured, threshold: c.threshold, passed: undefined, guardsNext: false, note: 'checked at shadow → live; the move is done' };
    return {
      gate: c.gate,
      label: c.gate === 'dwell' ? 'Time in stage' : GATE_LABELS[c.gate],
      measured: c.measured,
      threshold: c.threshold,
      passed: c.threshold === undefined ? undefined : passes(c.gate, c.measured, c.threshold),
      guardsNext: false,
      note: c.note,
    };
  });
}

/** The gates the move from shadow to live checks (measured in shadow). */
const SHADOW_TO_LIVE_GATES: ReadonlySet<GateName> = new Set<GateName>(['comparedReads', 'consistency', 'errorRate']);

function passes(gate: GateName, measured: number | undefined, threshold: number): boolean {
  if (measured === undefined || !Number.isFinite(measured)) return false;
  return GATE_COMPARISONS[gate] === '<' ? measured < threshold : measured >= threshold;
}

/** The reasons of a 409 MIGRATION_REFUSED answer, or null for any other error. */
export function refusalsOf(err: unknown): Refusal[] | null {
  if (!(err instanceof ApiError) || err.code !== 'MIGRATION_REFUSED') return null;
  const reasons = (err.details as { reasons?: unknown } | null)?.reasons;
  if (!Array.isArray(reasons)) return [];
  return reasons.filter((r): r is Refusal => typeof r === 'object' && r !== null && typeof (r as Refusal).rule === 'string' && typeof (r as Refusal).message === 'string');
}

/** "measured 12 · needs ≥ 1,000" for a gate refusal; null for the others. */
export function refusalFigures(r: Refusal): string | null {
  if (r.rule !== 'gate') return null;
  return `measured ${formatGateValue(r.gate, r.measured)} · needs ${formatThreshold(r.gate, r.threshold)}`;
}

/** A refusal's title: the gate's name for gates, else the rule's. */
export function refusalTitle(r: Refusal): string {
  return r.rule === 'gate' ? GATE_LABELS[r.gate] : RULE_LABELS[r.rule];
}
