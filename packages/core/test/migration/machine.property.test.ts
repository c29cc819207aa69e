import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  attestBackfill,
  decide,
  initialState,
  migrationStateSchema,
  resolveGates,
  type MigrationFigures,
  type MigrationStage,
  type MigrationState,
} from '../../src/migration/index';

// Written out independently of the implementation: the stage order, and which stages return the
// new store's value (DESIGN.md's "value returned" column).
const ORDER: readonly MigrationStage[] = ['off', 'dualwrite', 'shadow', 'live', 'rampdown', 'complete'];
const RETURNS_NEW: ReadonlySet<MigrationStage> = new Set<MigrationStage>(['live', 'rampdown', 'complete']);
const returnedStoreFresh = (s: MigrationState, stage: MigrationStage): boolean => (RETURNS_NEW.has(stage) ? s.newStore.fresh : s.oldStore.fresh);

const T0 = Date.parse('2024-01-01T00:00:00.000Z');
const HOUR = 3_600_000;

const figuresArb = fc.oneof(
  // Figures that pass the default gates.
  fc.constant<Omit<MigrationFigures, 'now'>>({ comparedReads: 10_000, consistentReads: 10_000, newInvocations: 10_000, newErrors: 0 }),
  // Anything plausible.
  fc
    .record({ comparedReads: fc.nat({ max: 20_000 }), inconsistent: fc.nat({ max: 50 }), newInvocations: fc.nat({ max: 20_000 }), newErrors: fc.nat({ max: 50 }) })
    .map(({ comparedReads, inconsistent, newInvocations, newErrors }) => ({
      comparedReads,
      consistentReads: Math.max(0, comparedReads - inconsistent),
      newInvocations,
      newErrors: Math.min(newErrors, newInvocations),
    })),
);

// A move names a stage, or 'next'/'prev' relative to the current one: random walks that only named
// stages would rarely get far, and rarely come back.
const targetArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant('next' as const) },
  { weight: 1, arbitrary: fc.constant('prev' as const) },
  { weight: 1, arbitrary: fc.constantFrom(...ORDER) },
);

const opArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('move' as const), to: targetArb, figures: figuresArb, wait: fc.nat({ max: 200 * HOUR }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('attest' as const), direction: fc.constantFrom('forward' as const, 'reverse' as const), wait: fc.nat({ max: 48 * HOUR }) }),
  },
);

// The default gates, or shorter waits so that more sequences get to the far stages.
const gatesArb = fc.oneof(
  fc.constant(resolveGates({})),
  fc
    .record({ minShadowDwellMs: fc.nat({ max: 48 * HOUR }), minLiveDwellMs: fc.nat({ max: 48 * HOUR }), compatibilityWindowMs: fc.nat({ max: 96 * HOUR }) })
    .map((g) => resolveGates(g)),
);

describe('the machine, over random sequences of moves and attestations (no forced moves)', () => {
  it('never returns values from a stale store, and only ever moves one step forward or back onto a fresh store', () => {
    const seen = new Map<string, number>();
    fc.assert(
      fc.property(fc.boolean(), gatesArb, fc.array(opArb, { maxLength: 80 }), (backfillRequired, gates, ops) => {
        let t = T0;
        let s = initialState(new Date(t).toISOString(), { backfillRequired });
        // A model of the freshness rules, kept apart from the implementation.
        let newFresh = !backfillRequired;
        let oldFresh = true;
        for (const op of ops) {
          t += op.wait;
          const now = new Date(t).toISOString();
          if (op.kind === 'attest') {
            const d = attestBackfill(s, op.direction, now);
            const writesStore = op.direction === 'forward' ? s.stage !== 'off' : s.stage !== 'complete';
            expect(d.allowed).toBe(writesStore);
            if (d.allowed) {
              s = d.next;
              if (op.direction === 'forward') newFresh = true;
              else oldFresh = true;
            }
          } else {
            const from = s.stage;
            const i = ORDER.indexOf(from);
            // ('next' from complete turns back, so that walks also explore what follows complete.)
            const to = op.to === 'next' ? (ORDER[i + 1] ?? 'rampdown') : op.to === 'prev' ? (ORDER[i - 1] ?? from) : op.to;
            const d = decide(s, { to }, { ...op.figures, now }, gates);
            if (d.allowed) {
              const j = ORDER.indexOf(to);
              const oneForward = j === i + 1;
              const backOntoFresh = j < i && returnedStoreFresh(s, to);
              expect(oneForward || backOntoFresh).toBe(true);
              if (oneForward && to === 'shadow') expect(s.newStore.fresh).toBe(true);
              if (oneForward && to === 'live') expect(s.oldStore.fresh).toBe(true);
              seen.set(`${from}->${to}`, (seen.get(`${from}->${to}`) ?? 0) + 1);
              s = d.next;
              if (to === 'off') newFresh = false;
              if (to === 'complete') oldFresh = false;
            } else {
              expect(d.reasons.length).toBeGreaterThan(0);
            }
          }
          expect(returnedStoreFresh(s, s.stage)).toBe(true);
          expect(s.newStore.fresh).toBe(newFresh);
          expect(s.oldStore.fresh).toBe(oldFresh);
        }
        expect(migrationStateSchema.safeParse(s).success).toBe(true);
      }),
      { numRuns: 1000 },
    );
    // The sequences did exercise the whole machine, gated promotions included.
    const chain = ['off->dualwrite', 'dualwrite->shadow', 'shadow->live', 'live->rampdown', 'rampdown->complete', 'complete->rampdown', 'live->shadow'];
    for (const m of chain) expect(seen.get(m) ?? 0, m).toBeGreaterThan(0);
  });
});
