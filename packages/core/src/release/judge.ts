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

/**
 * A `prometheus` gate's reading: its query's value when it was read, or null with why there is none
 * (no series, several series, NaN, Prometheus unreachable or refusing the query).
 */
export interface QueryReading {
  value: number | null;
  why: string;
}

/**
 * Both arms over one gate's window: treatment = the plan's to-variation, control = its from-variation;
 * for a `prometheus` gate, its query's reading instead (the arms are then empty).
 */
export interface GateFigures {
  treatment: ArmFigures;
  control: ArmFigures;
  query?: QueryReading;
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
  if (signal === 'latency-mean') return arm.timed > 0 ? arm.latencySumMs / arm.timed : null;
  return null; // prometheus: no arms
}

function samplesFor(signal: ReleaseGate['signal'], arm: ArmFigures): number {
  return signal === 'error-rate' ? arm.samples : arm.timed;
}

/** A `prometheus` gate: its query's value at most the threshold; no reading (or no value) is inconclusive, never a pass. */
function judgeQueryGate(gate: ReleaseGate, reading: QueryReading | undefined): GateJudgement {
  const none = { samples: 0, value: null };
  const base = { gate: gate.name, signal: gate.signal, comparison: gate.comparison, threshold: gate.threshold, treatment: none, control: { ...none, fromBaseline: false } };
  if (reading === undefined || reading.value === null) return { ...base, verdict: 'inconclusive', value: null, why: `query ${reading?.why ?? 'not read yet'}` };
  const verdict: GateVerdict = reading.value <= gate.threshold ? 'pass' : 'fail';
  return { ...base, verdict, value: reading.value, why: `query value ${round(reading.value)} ${verdict === 'pass' ? '≤' : '>'} threshold ${gate.threshold}` };
}

/**
 * Judges one gate. Too few samples in an arm the comparison needs → inconclusive, never a pass. A
 * stage with no control arm (everyone exposed) compares against `baseline`, the control's figure when
 * the previous stage passed; without one the gate is inconclusive.
 */
export function judgeGate(gate: ReleaseGate, figures: GateFigures | undefined, minSamples: number, baseline: number | undefined, controlExists: boolean): GateJudgement {
  if (gate.signal === 'prometheus') return judgeQueryGate(gate, figures?.query);
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
