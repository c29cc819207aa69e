import type { ReleaseGate } from './plan';

/** What the SDKs tracked for one arm (the variation served) over a gate's window. */
export interface ArmFigures {
  /** Tracked calls. */
  samples: number;
  /** Of which failed. */
  errors: number;
  /** Sum of their latencies, in ms (calls tracked without a latency count neither here nor in `timed`). */
  latencySumMs: number;
  /** Calls tracked with a latency. */
  timed: number;
}

/** Both arms over one gate's window: treatment = the plan's to-variation, control = its from-variation. */
export interface GateFigures {
  treatment: ArmFigures;
  control: ArmFigures;
}

export const NO_FIGURES: ArmFigures = { samples: 0, errors: 0, latencySumMs: 0, timed: 0 };

export type GateVerdict = 'pass' | 'fail' | 'inconclusive';

/** One gate's verdict with the figures that decided it (what the audit entry and the UI show). */
export interface GateJudgement {
  gate: string;
  verdict: GateVerdict;
  signal: ReleaseGate['signal'];
  comparison: ReleaseGate['comparison'];
  threshold: number;
  /** The compared figure (an increase or a value), or null when there was too little data. */
  value: number | null;
  treatment: { samples: number; value: number | null };
  control: { samples: number; value: number | null; fromBaseline: boolean };
  why: string;
}

/** An arm's figure for a signal, or null when it has nothing to say (no samples, or none timed). */
export function armValue(signal: ReleaseGate['signal'], arm: ArmFigures): number | null {
  if (signal === 'error-rate') return arm.samples > 0 ? arm.errors / arm.samples : null;
  return arm.timed > 0 ? arm.latencySumMs / arm.timed : null;
}

function samplesFor(signal: ReleaseGate['signal'], arm: ArmFigures): number {
  return signal === 'error-rate' ? arm.samples : arm.timed;
}

/**
 * Judges one gate. Too few samples in an arm the comparison needs → inconclusive, never a pass. A
 * stage with no control arm (everyone exposed) compares against `baseline`, the control's figure when
 * the previous stage passed; without one the gate is inconclusive.
 */
export function judgeGate(gate: ReleaseGate, figures: GateFigures | undefined, minSamples: number, baseline: number | undefined, controlExists: boolean): GateJudgement {
  const f = figures ?? { treatment: NO_FIGURES, control: NO_FIGURES };
  const tSamples = samplesFor(gate.signal, f.treatment);
  const cSamples = samplesFor(gate.signal, f.control);
  const tValue = armValue(gate.signal, f.treatment);
  const base = { gate: gate.name, signal: gate.signal, comparison: gate.comparison, threshold: gate.threshold };
  const treatment = { samples: tSamples, value: tValue };
  const inconclusive = (why: string, control = { samples: cSamples, value: armValue(gate.signal, f.control), fromBaseline: false }): GateJudgement => ({
    ...base,
    verdict: 'inconclusive',
    value: null,
    treatment,
    control,
    why,
  });
  if (tSamples < minSamples || tValue === null) return inconclusive(`treatment has ${tSamples} of the ${minSamples} samples it needs`);
  let controlValue: number | null;
  let control: GateJudgement['control'];
  if (gate.comparison === 'value-at-most') {
    controlValue = 0;
    control = { samples: cSamples, value: armValue(gate.signal, f.control), fromBaseline: false };
  } else if (controlExists) {
    controlValue = armValue(gate.signal, f.control);
    control = { samples: cSamples, value: controlValue, fromBaseline: false };
    if (cSamples < minSamples || controlValue === null) return inconclusive(`control has ${cSamples} of the ${minSamples} samples it needs`);
  } else {
    if (baseline === undefined) return inconclusive('no control arm at this stage and no baseline from an earlier one');
    controlValue = baseline;
    control = { samples: 0, value: baseline, fromBaseline: true };
  }
  const value = tValue - controlValue;
  const verdict: GateVerdict = value <= gate.threshold ? 'pass' : 'fail';
  const what = gate.comparison === 'value-at-most' ? `${gate.signal} ${round(value)}` : `${gate.signal} increase ${round(value)} (treatment ${round(tValue)}, control ${round(controlValue)})`;
  return { ...base, verdict, value, treatment, control, why: `${what} ${verdict === 'pass' ? '≤' : '>'} threshold ${gate.threshold}` };
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
