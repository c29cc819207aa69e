import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEvaluator, type EvaluableFlag, type Segment } from '../../src/index';
import {
  DRAFT_STATE,
  releasePlanDefinitionSchema,
  releaseStateSchema,
  stageConfig,
  stepRelease,
  type ArmFigures,
  type GateFigures,
  type ReleaseInput,
  type ReleasePlanDefinition,
  type ReleaseState,
} from '../../src/release/index';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const MIN = 60_000;
const USERS = Array.from({ length: 300 }, (_, i) => `user-${i}`);
const STAFF: Segment = { key: 'staff', name: 'Staff', description: '', included: USERS.slice(0, 7), excluded: [], rules: [], version: 1 };

const armArb: fc.Arbitrary<ArmFigures> = fc.record({ samples: fc.nat({ max: 400 }), errorShare: fc.double({ min: 0, max: 1, noNaN: true }), meanMs: fc.nat({ max: 300 }) }).map(({ samples, errorShare, meanMs }) => ({
  samples,
  errors: Math.floor(samples * errorShare),
  latencySumMs: samples * meanMs,
  timed: samples,
}));

const planArb: fc.Arbitrary<ReleasePlanDefinition> = fc
  .record({
    middle: fc.array(fc.record({ percent: fc.integer({ min: 0, max: 100 }), staff: fc.boolean(), dwell: fc.integer({ min: 0, max: 30 }), samples: fc.integer({ min: 1, max: 200 }) }), { maxLength: 4 }),
    gates: fc.array(
      fc.record({
        signal: fc.constantFrom('error-rate' as const, 'latency-mean' as const),
        comparison: fc.constantFrom('increase-at-most' as const, 'value-at-most' as const),
        threshold: fc.constantFrom(0, 0.05, 0.5, 20, 200),
        onFail: fc.constantFrom('rollback' as const, 'hold' as const),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ middle, gates }) =>
    releasePlanDefinitionSchema.parse({
      fromVariation: 0,
      toVariation: 1,
      stages: [
        ...middle.map((m, i) => ({ name: `s${i}`, percent: m.percent === 0 && !m.staff ? 1 : m.percent, ...(m.staff ? { segment: 'staff' } : {}), minDwellMs: m.dwell * MIN, minSamplesPerArm: m.samples })),
        { name: 'full', percent: 100, minDwellMs: 10 * MIN, minSamplesPerArm: 50 },
      ],
      gates: gates.map((g, i) => ({ ...g, name: `g${i}`, owner: 'team', windowMs: 5 * MIN })),
    }),
  );

type Cmd =
  | { kind: 'start' | 'written' | 'pause' | 'resume' | 'abort' | 'restart' | 'refused' }
  | { kind: 'tick'; minutes: number; applied: boolean | null; figures: GateFigures[] }
  | { kind: 'advance'; figures: GateFigures[] };

const HEALTHY: ArmFigures = { samples: 400, errors: 0, latencySumMs: 4_000, timed: 400 };
const figuresArb = fc.oneof(
  fc.array(fc.record({ treatment: armArb, control: armArb }), { minLength: 0, maxLength: 3 }),
  fc.constant(Array.from({ length: 3 }, () => ({ treatment: HEALTHY, control: HEALTHY }))),
);
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('tick' as const), minutes: fc.integer({ min: 0, max: 40 }), applied: fc.option(fc.boolean()), figures: figuresArb }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'written' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'start' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'pause' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'resume' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), figures: figuresArb }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'abort' as const }) },
  // A migration refusing the move the plan's last step called for (server: release-migration.test.ts).
  { weight: 1, arbitrary: fc.constant({ kind: 'refused' as const }) },
);

// Written apart from the implementation: does any gate, by these figures, fail (enough samples, figure over its threshold)?
function anyGateFails(plan: ReleasePlanDefinition, state: ReleaseState, figures: Record<string, GateFigures>): boolean {
  const stage = plan.stages[state.stage]!;
  const full = plan.stages.slice(0, state.stage + 1).some((s) => s.percent === 100);
  return plan.gates.some((g) => {
    const f = figures[g.name];
    if (!f) return false;
    const v = (a: ArmFigures) => (g.signal === 'error-rate' ? a.errors / a.samples : a.latencySumMs / a.timed);
    if (f.treatment.samples < stage.minSamplesPerArm) return false;
    if (g.comparison === 'value-at-most') return v(f.treatment) > g.threshold;
    const control = full ? state.baseline[g.name] : f.control.samples >= stage.minSamplesPerArm ? v(f.control) : undefined;
    return control !== undefined && v(f.treatment) - control > g.threshold;
  });
}

// Every gate has enough treatment samples (a plan never advances on its own on silence).
function everyGateHeard(plan: ReleasePlanDefinition, state: ReleaseState, figures: Record<string, GateFigures>): boolean {
  const min = plan.stages[state.stage]!.minSamplesPerArm;
  return plan.gates.every((g) => (figures[g.name]?.treatment.samples ?? 0) >= min);
}

function exposedUsers(plan: ReleasePlanDefinition, stage: number, killed: boolean): Set<string> {
  const { rules, fallthrough } = stageConfig(plan, 'p1', 'checkout', stage, []);
  const flag: EvaluableFlag = {
    key: 'checkout',
    type: 'release',
    variationType: 'boolean',
    variations: [{ name: 'old', value: false }, { name: 'new', value: true }],
    offVariation: 0,
    clientSide: false,
    enabled: true,
    killed: killed ? { by: 'x', at: new Date(T0).toISOString(), reason: 'r' } : null,
    targets: [],
    rules,
    fallthrough,
    prerequisites: [],
    version: 1,
  };
  const ev = createEvaluator({ flags: [flag], segments: [STAFF] });
  return new Set(USERS.filter((key) => ev.evaluate('checkout', { key }).value === true));
}

describe('release plan stage machine (property)', () => {
  it('never advances past a failed gate, an unfinished delivery or dwell, or on silence; exposure only narrows by rollback or abort', () => {
    const seen = new Map<string, number>();
    fc.assert(
      // Most walks start the plan first: a draft does little.
      fc.property(planArb, fc.boolean(), fc.array(cmdArb, { maxLength: 60 }), (plan, started, rest) => {
        const cmds: Cmd[] = started ? [{ kind: 'start' }, { kind: 'written' }, ...rest] : rest;
        let state: ReleaseState = DRAFT_STATE;
        let clock = T0;
        let version = 10;
        let killed = false;
        let exposed = new Set<string>();
        for (const cmd of cmds) {
          if (cmd.kind === 'restart') {
            state = releaseStateSchema.parse(JSON.parse(JSON.stringify(state)));
            continue;
          }
          const at = new Date(clock).toISOString();
          const figures: Record<string, GateFigures> = {};
          if (cmd.kind === 'tick' || cmd.kind === 'advance') cmd.figures.forEach((f, i) => (figures[`g${i}`] = f));
          let input: ReleaseInput;
          if (cmd.kind === 'tick') {
            clock += cmd.minutes * MIN;
            const delivery = cmd.applied === null ? null : { applied: cmd.applied ? 20 : 19, total: 20 };
            input = { type: 'tick', at: new Date(clock).toISOString(), delivery, figures };
          } else if (cmd.kind === 'advance') input = { type: 'advance', at, figures };
          else if (cmd.kind === 'written') input = { type: 'written', at, version: ++version };
          else if (cmd.kind === 'refused') {
            // The server sends it in place of the advance a judging plan's look called for.
            if (state.status !== 'running' || state.phase !== 'judging') continue;
            input = { type: 'refused', at, why: 'a migration gate is not met' };
          }
          else input = { type: cmd.kind, at };
          const before = state;
          const step = stepRelease(plan, state, input);
          if (!step.ok) continue;
          state = step.state;
          if (step.action) seen.set(step.action, (seen.get(step.action) ?? 0) + 1);
          const now = Date.parse(input.at);

          // A refused move holds the plan where it was: nothing exposed, nothing killed.
          if (input.type === 'refused') {
            expect(state).toMatchObject({ status: 'held', heldBecause: 'migration-refused', stage: before.stage });
            expect(step.effects).toEqual([]);
          }
          // One stage forward at a time, never back.
          expect(state.stage - before.stage).toBeGreaterThanOrEqual(0);
          expect(state.stage - before.stage).toBeLessThanOrEqual(1);
          if (step.action === 'release.advance' || step.action === 'release.complete') {
            expect(before.status).toBe('running');
            expect(before.phase).not.toBe('delivering');
            expect(before.stageVersion).not.toBeNull();
            expect(before.landedAt).not.toBeNull();
            expect(now - Date.parse(before.landedAt!)).toBeGreaterThanOrEqual(plan.stages[before.stage]!.minDwellMs);
            expect(anyGateFails(plan, before, figures)).toBe(false);
            if (input.type === 'tick') expect(everyGateHeard(plan, before, figures)).toBe(true);
          }
          if (before.status !== 'running' && input.type === 'tick') expect(step.action).toBeNull();
          // A stage lands only when every connection applied its written version.
          if (step.action === 'release.landed') expect(input.type === 'tick' && input.delivery !== null && input.delivery.applied === input.delivery.total && before.stageVersion !== null).toBe(true);
          // Exposure narrows only by the kill of a rollback or an abort.
          if (step.effects.some((e) => e.kind === 'kill')) {
            expect(['release.rollback', 'release.abort']).toContain(step.action);
            if (step.action === 'release.rollback') expect(anyGateFails(plan, before, figures)).toBe(true);
            killed = true;
          }
          if (state.status === 'draft') continue;
          const now_exposed = exposedUsers(plan, state.stage, killed);
          if (!killed) for (const u of exposed) expect(now_exposed.has(u)).toBe(true);
          else expect(now_exposed.size).toBe(0);
          exposed = now_exposed;
          // A terminal plan stays where it is.
          if (['completed', 'rolled-back', 'aborted'].includes(before.status)) {
            expect(step.action).toBeNull();
            expect(state).toEqual(before);
          }
        }
      }),
      // 1,000 walks: a completion is rare in a random walk (about one in 100), and the coverage check below needs one.
      { numRuns: 1000 },
    );
    // The walks reach every transition, so the checks above were exercised.
    for (const action of ['release.start', 'release.landed', 'release.soaked', 'release.advance', 'release.complete', 'release.hold', 'release.rollback', 'release.pause', 'release.resume', 'release.abort'])
      expect(seen.get(action) ?? 0, action).toBeGreaterThan(0);
  }, 120_000);

  it('a rollback then a new plan on the same flag exposes the same users first', () => {
    const plan = releasePlanDefinitionSchema.parse({
      fromVariation: 0,
      toVariation: 1,
      stages: [
        { name: 'a', percent: 5, minDwellMs: 0, minSamplesPerArm: 1 },
        { name: 'b', percent: 100, minDwellMs: 0, minSamplesPerArm: 1 },
      ],
      gates: [{ name: 'g', owner: 'o', signal: 'error-rate', comparison: 'increase-at-most', threshold: 0, windowMs: 60_000, onFail: 'rollback' }],
    });
    const first = exposedUsers(plan, 0, false);
    expect(first.size).toBeGreaterThan(0);
    // A second plan (another id, same flag) with a wider first stage: the first plan's users come first.
    const wider = releasePlanDefinitionSchema.parse({ ...plan, stages: [{ ...plan.stages[0]!, percent: 20 }, plan.stages[1]!] });
    const second = exposedUsers(wider, 0, false);
    for (const u of first) expect(second.has(u)).toBe(true);
  });
});
