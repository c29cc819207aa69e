import { measuredComparedReads, measuredConsistency, measuredErrorRate, type MigrationFigures } from './figures';
import type { MigrationGates } from './gates';
import type { GateCheck, GateName } from './refusal';
import type { MigrationStage } from './stages';
import type { MigrationState } from './state';
import { elapsedMs, formatDuration } from './time';

/**
 * The gates of the one-step forward move `state.stage → to`, each checked against the figures:
 * `shadow → live` checks compared reads, consistency, error rate and dwell; `live → rampdown`
 * dwell; `rampdown → complete` the compatibility window. Every other move has no gates (empty list).
 * All gates are checked, so a refusal can list every one that failed.
 */
export function checkGates(state: MigrationState, to: MigrationStage, figures: MigrationFigures, gates: MigrationGates): GateCheck[] {
  const move = `${state.stage} → ${to}`;
  const dwell = elapsedMs(state.evidenceSince, figures.now);
  if (state.stage === 'shadow' && to === 'live')
    return [
      atLeast('comparedReads', measuredComparedReads(figures), gates.minComparedReads, (m) =>
        `${move} needs at least ${gates.minComparedReads} compared reads; ${m === undefined ? 'the figure is missing or malformed' : `${m} measured`}`,
      ),
      atLeast('consistency', measuredConsistency(figures), gates.minConsistencyRate, (m) =>
        `${move} needs consistency of at least ${percent(gates.minConsistencyRate)}; ${m === undefined ? 'not measurable (no compared reads, or malformed figures)' : `${percent(m)} measured`}`,
      ),
      below('errorRate', measuredErrorRate(figures), gates.maxErrorRate, (m) =>
        `${move} needs a new-store error rate below ${percent(gates.maxErrorRate)}; ${m === undefined ? 'not measurable (no new-store invocations, or malformed figures)' : `${percent(m)} measured`}`,
      ),
      atLeast('dwell', dwell, gates.minShadowDwellMs, (m) => `${move} needs ${formatDuration(gates.minShadowDwellMs)} in shadow with both stores fresh; ${since(m)}`),
    ];
  if (state.stage === 'live' && to === 'rampdown')
    return [atLeast('dwell', dwell, gates.minLiveDwellMs, (m) => `${move} needs ${formatDuration(gates.minLiveDwellMs)} in live; ${since(m)}`)];
  if (state.stage === 'rampdown' && to === 'complete')
    return [
      atLeast('compatibilityWindow', elapsedMs(state.enteredStageAt, figures.now), gates.compatibilityWindowMs, (m) =>
        `${move} needs the ${formatDuration(gates.compatibilityWindowMs)} compatibility window to elapse since entering rampdown; ${since(m)}`,
      ),
    ];
  return [];
}

// Each check is written `measured OP threshold`, so an unmeasured (undefined) or NaN figure fails.
function atLeast(gate: GateName, measured: number | undefined, threshold: number, message: (m: number | undefined) => string): GateCheck {
  return check(gate, measured, threshold, '>=', measured !== undefined && measured >= threshold, message(measured));
}

function below(gate: GateName, measured: number | undefined, threshold: number, message: (m: number | undefined) => string): GateCheck {
  return check(gate, measured, threshold, '<', measured !== undefined && measured < threshold, message(measured));
}

function check(gate: GateName, measured: number | undefined, threshold: number, comparison: '>=' | '<', passed: boolean, message: string): GateCheck {
  return measured === undefined
    ? { gate, passed, threshold, comparison, message }
    : { gate, passed, measured, threshold, comparison, message };
}

function since(ms: number | undefined): string {
  return ms === undefined ? 'elapsed time not measurable (malformed time)' : `${formatDuration(ms)} so far`;
}

function percent(rate: number): string {
  return `${Number((rate * 100).toFixed(4))}%`;
}
