import { describe, it, expect } from 'vitest';
import {
  allowedMoves,
  applyForced,
  attestBackfill,
  decide,
  initialState,
  migrationStateSchema,
  resolveGates,
  type MigrationFigures,
  type MigrationStage,
  type MigrationState,
} from '../../src/migration/index';

const T0 = '2024-01-01T00:00:00.000Z';
const DAY = 86_400_000;
const at = (days: number): string => new Date(Date.parse(T0) + days * DAY).toISOString();
const gates = resolveGates({});
const good = (now: string): MigrationFigures => ({ now, comparedReads: 5000, consistentReads: 5000, newInvocations: 5000, newErrors: 0 });

function move(s: MigrationState, to: MigrationStage, now: string): MigrationState {
  const d = decide(s, { to }, good(now), gates);
  if (!d.allowed) throw new Error(`${s.stage} → ${to} refused: ${d.reasons.map((r) => r.message).join('; ')}`);
  return d.next;
}

function attest(s: MigrationState, direction: 'forward' | 'reverse', now: string): MigrationState {
  const d = attestBackfill(s, direction, now);
  if (!d.allowed) throw new Error(d.reasons.map((r) => r.message).join('; '));
  return d.next;
}

function rules(d: { allowed: boolean; reasons?: readonly { rule: string }[] }): string[] {
  return d.reasons?.map((r) => r.rule) ?? [];
}

describe('initialState', () => {
  it('starts off, old store fresh, new store stale until a backfill is attested', () => {
    const s = initialState(T0, { backfillRequired: true });
    expect(s).toEqual({
      stage: 'off',
      enteredStageAt: T0,
      evidenceSince: T0,
      newStore: { fresh: false, since: T0, cause: 'awaiting-backfill' },
      oldStore: { fresh: true, since: T0, cause: 'system-of-record' },
      backfill: { required: true, attested: { forward: null, reverse: null } },
    });
    expect(migrationStateSchema.parse(s)).toEqual(s);
  });

  it('starts with the new store fresh when the flag declares no backfill is needed', () => {
    const s = initialState(T0, { backfillRequired: false });
    expect(s.newStore).toEqual({ fresh: true, since: T0, cause: 'no-backfill-required' });
    expect(s.backfill.required).toBe(false);
  });
});

describe('the whole journey', () => {
  it('goes off → complete with a backfill, then back with a reverse backfill', () => {
    let s = initialState(T0, { backfillRequired: true });
    s = move(s, 'dualwrite', at(1));
    expect(rules(decide(s, { to: 'shadow' }, good(at(2)), gates))).toEqual(['stale-compare-store']);
    s = attest(s, 'forward', at(2));
    expect(s.newStore).toEqual({ fresh: true, since: at(2), cause: 'backfill-attested' });
    expect(s.backfill.attested.forward).toBe(at(2));
    s = move(s, 'shadow', at(3));
    s = move(s, 'live', at(4));
    s = move(s, 'rampdown', at(5));
    s = move(s, 'complete', at(12));
    expect(s.oldStore).toEqual({ fresh: false, since: at(12), cause: 'writes-stopped' });
    expect(s.newStore.fresh).toBe(true);

    // Old store stale: shadow, dualwrite and off would return its values.
    expect(rules(decide(s, { to: 'shadow' }, good(at(13)), gates))).toEqual(['stale-read-store']);
    // A reverse backfill cannot be attested while the old store is not written...
    expect(rules(attestBackfill(s, 'reverse', at(13)))).toEqual(['store-not-written']);
    // ...so step back to rampdown (returns new, resumes old writes), backfill, attest.
    s = move(s, 'rampdown', at(13));
    expect(s.oldStore.fresh).toBe(false);
    s = attest(s, 'reverse', at(14));
    expect(s.oldStore).toEqual({ fresh: true, since: at(14), cause: 'backfill-attested' });
    s = move(s, 'off', at(15));
    expect(s.stage).toBe('off');
    expect(migrationStateSchema.safeParse(s).success).toBe(true);
  });
});

describe('freshness rules', () => {
  it('going back to off makes the new store stale and lapses its attestation', () => {
    let s = initialState(T0, { backfillRequired: true });
    s = move(s, 'dualwrite', at(1));
    s = attest(s, 'forward', at(2));
    s = move(s, 'off', at(3));
    expect(s.newStore).toEqual({ fresh: false, since: at(3), cause: 'writes-stopped' });
    expect(s.backfill.attested.forward).toBeNull();
    s = move(s, 'dualwrite', at(4));
    // The re-advance needs a fresh attestation.
    expect(rules(decide(s, { to: 'shadow' }, good(at(5)), gates))).toEqual(['stale-compare-store']);
    s = attest(s, 'forward', at(5));
    expect(move(s, 'shadow', at(6)).stage).toBe('shadow');
  });

  it('going back to off needs an attestation even when the flag declared no backfill', () => {
    let s = initialState(T0, { backfillRequired: false });
    s = move(s, 'dualwrite', at(1));
    expect(move(s, 'shadow', at(2)).stage).toBe('shadow');
    s = move(s, 'off', at(2));
    s = move(s, 'dualwrite', at(3));
    expect(rules(decide(s, { to: 'shadow' }, good(at(4)), gates))).toEqual(['stale-compare-store']);
  });

  it('refuses a forward attestation in off, where the new store is not written', () => {
    const s = initialState(T0, { backfillRequired: true });
    const d = attestBackfill(s, 'forward', at(1));
    expect(d).toMatchObject({ allowed: false, reasons: [{ rule: 'store-not-written', store: 'new' }] });
  });

  it('refuses an attestation at a malformed time', () => {
    const s = move(initialState(T0, { backfillRequired: true }), 'dualwrite', at(1));
    expect(rules(attestBackfill(s, 'forward', 'now'))).toEqual(['invalid-time']);
  });

  it('re-attesting a fresh store records the time but keeps its status and the evidence window', () => {
    let s = move(initialState(T0, { backfillRequired: true }), 'dualwrite', at(1));
    s = attest(s, 'forward', at(2));
    s = move(s, 'shadow', at(3));
    const again = attest(s, 'forward', at(4));
    expect(again.newStore).toEqual(s.newStore);
    expect(again.evidenceSince).toBe(at(3));
    expect(again.backfill.attested.forward).toBe(at(4));
  });

  it('restarts the evidence window when a store the stage reads turns fresh', () => {
    // Forced into shadow before the backfill: figures gathered until the attestation mean nothing.
    let s = applyForced(initialState(T0, { backfillRequired: true }), 'shadow', at(1));
    expect(s.evidenceSince).toBe(at(1));
    s = attest(s, 'forward', at(5));
    expect(s.evidenceSince).toBe(at(5));
    expect(s.enteredStageAt).toBe(at(1));
    const d = decide(s, { to: 'live' }, good(at(5.5)), gates);
    expect(d.allowed ? [] : d.reasons.map((r) => (r.rule === 'gate' ? r.gate : r.rule))).toEqual(['dwell']);
  });

  it('does not restart the evidence window for a store the stage does not read', () => {
    let s = move(initialState(T0, { backfillRequired: true }), 'dualwrite', at(1));
    s = attest(s, 'forward', at(2));
    expect(s.evidenceSince).toBe(at(1));
  });

  it('going back from complete keeps the old store stale until a reverse attestation', () => {
    let s = applyForced(initialState(T0, { backfillRequired: false }), 'complete', at(1));
    s = move(s, 'rampdown', at(2));
    expect(s.oldStore.cause).toBe('writes-stopped');
    expect(s.oldStore.since).toBe(at(1));
    s = move(s, 'complete', at(10));
    // Stopped again: still stale since the first stop.
    expect(s.oldStore).toEqual({ fresh: false, since: at(1), cause: 'writes-stopped' });
  });
});

describe('applyForced', () => {
  it('moves anywhere, even onto a stale store, and applies the stage’s freshness consequences', () => {
    const s = initialState(T0, { backfillRequired: true });
    const f = applyForced(s, 'complete', at(1));
    expect(f.stage).toBe('complete');
    expect(f.enteredStageAt).toBe(at(1));
    expect(f.newStore.fresh).toBe(false); // read-authoritative and stale: that is what forcing means
    expect(f.oldStore).toEqual({ fresh: false, since: at(1), cause: 'writes-stopped' });
    expect(decide(s, { to: 'complete' }, good(at(1)), gates).allowed).toBe(false);
  });

  it('returns the state itself for the current stage', () => {
    const s = initialState(T0, { backfillRequired: true });
    expect(applyForced(s, 'off', at(1))).toBe(s);
  });

  it('does not mutate its input', () => {
    const s = move(initialState(T0, { backfillRequired: true }), 'dualwrite', at(1));
    const copy = structuredClone(s);
    applyForced(s, 'off', at(2));
    attestBackfill(s, 'forward', at(2));
    decide(s, { to: 'off' }, good(at(2)), gates);
    expect(s).toEqual(copy);
  });
});

describe('allowedMoves', () => {
  it('lists every stage with whether it is allowed and why not', () => {
    const s = move(initialState(T0, { backfillRequired: true }), 'dualwrite', at(1));
    const moves = allowedMoves(s, good(at(2)), gates);
    expect(moves.map((m) => [m.to, m.allowed, m.reasons.map((r) => r.rule)])).toEqual([
      ['off', true, []],
      ['dualwrite', false, ['same-stage']],
      ['shadow', false, ['stale-compare-store']],
      ['live', false, ['skip', 'stale-read-store']],
      ['rampdown', false, ['skip', 'stale-read-store']],
      ['complete', false, ['skip', 'stale-read-store']],
    ]);
  });

  it('includes gate checks for the next stage', () => {
    const s = applyForced(initialState(T0, { backfillRequired: false }), 'shadow', at(1));
    const live = allowedMoves(s, { now: at(1.5), comparedReads: 10 }, gates).find((m) => m.to === 'live');
    expect(live?.allowed).toBe(false);
    expect(live?.checks.map((c) => [c.gate, c.passed])).toEqual([
      ['comparedReads', false],
      ['consistency', false],
      ['errorRate', false],
      ['dwell', false],
    ]);
  });
});

describe('migrationStateSchema', () => {
  it('refuses a store whose fresh flag disagrees with its cause, and unknown fields', () => {
    const s = initialState(T0, { backfillRequired: true });
    expect(migrationStateSchema.safeParse({ ...s, newStore: { ...s.newStore, fresh: true } }).success).toBe(false);
    expect(migrationStateSchema.safeParse({ ...s, extra: 1 }).success).toBe(false);
    expect(migrationStateSchema.safeParse({ ...s, enteredStageAt: 'today' }).success).toBe(false);
  });
});
