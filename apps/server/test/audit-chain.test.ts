import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../src/db/records';
import { chainWalker, GENESIS_HASH, hashEntry, type CheckedCheckpoint } from '../src/features/audit/audit-chain';

/**
 * The chain's hash format is part of every stored audit log: a database written by an earlier
 * release must still verify. The digest below was computed with the original formulation
 * (a Hash object fed the previous hash, a newline, then the fields' JSON), so any change to what is
 * hashed, or how, fails here before it breaks existing chains.
 */
describe('audit chain hash', () => {
  const entry: Omit<AuditRecord, 'hash'> = {
    seq: 42,
    at: '2026-11-27T05:00:00.000Z',
    actor: 'oncall',
    actorKeyId: 'k_1',
    action: 'flag.kill',
    resource: 'flag-config',
    flagKey: 'checkout',
    envKey: 'production',
    targetKey: null,
    before: '{"enabled":true,"killed":null}',
    after: '{"enabled":true,"killed":{"by":"oncall"}}',
    reason: 'incident: "500s" ünïcode',
    prevHash: 'ab'.repeat(32),
  };

  it('is the digest earlier releases stored', () => {
    expect(hashEntry(entry)).toBe('b9a3035783c9921b69f7073cc597e583f62f53a8ddb8bddcd26d9310a785ec7a');
  });

  it('changes with every field and with the previous hash', () => {
    const base = hashEntry(entry);
    for (const [field, value] of Object.entries({ seq: 43, at: '2026-11-27T05:00:00.001Z', actor: 'x', actorKeyId: null, action: 'flag.restore', resource: 'flag', flagKey: 'other', envKey: 'staging', targetKey: 't', before: null, after: '{}', reason: null, prevHash: GENESIS_HASH })) {
      expect(hashEntry({ ...entry, [field]: value }), field).not.toBe(base);
    }
  });

  /** A valid chain of `n` entries. */
  function chain(n: number): AuditRecord[] {
    const out: AuditRecord[] = [];
    for (let seq = 1; seq <= n; seq++) {
      const base = { ...entry, seq, reason: `r${seq}`, prevHash: out[out.length - 1]?.hash ?? GENESIS_HASH };
      out.push({ ...base, hash: hashEntry(base) });
    }
    return out;
  }
  function walk(entries: readonly AuditRecord[], checkpoints: CheckedCheckpoint[] = []) {
    const walker = chainWalker(checkpoints);
    for (const e of entries) walker.add(e);
    walker.finish();
    return walker;
  }

  it('finds an altered entry in a chain', () => {
    const [one, two] = chain(2) as [AuditRecord, AuditRecord];
    expect(walk([one, two]).breaks).toEqual([]);
    expect(walk([one, { ...two, reason: 'edited' }]).breaks).toMatchObject([{ seq: 2, problem: 'hash-mismatch' }]);
  });

  it('reports every break, not just the first: an early edit never hides a later one', () => {
    const entries = chain(10);
    entries[2] = { ...entries[2]!, reason: 'edited' }; // entry 3 edited in place
    const rehashed = { ...entries[6]!, actor: 'someone else' }; // entry 7 rewritten and re-hashed: 8 no longer chains to it
    entries[6] = { ...rehashed, hash: hashEntry(rehashed) };
    entries.splice(8, 1); // entry 9 deleted
    const walker = walk(entries);
    expect(walker.breaks.map((b) => [b.seq, b.problem])).toEqual([
      [3, 'hash-mismatch'],
      [8, 'prev-hash-mismatch'],
      [10, 'seq-gap'],
    ]);
    expect(walker.entries).toBe(9);
  });

  it('checks entries against signed checkpoints: a recomputed chain and a truncation both show', () => {
    const original = chain(6);
    const at = '2026-11-27T05:00:00.000Z';
    const checkpoints: CheckedCheckpoint[] = [2, 4, 6].map((seq) => ({ seq, hash: original[seq - 1]!.hash, at, keyId: 'k', signature: 'valid' }));
    expect(walk(original, checkpoints).breaks).toEqual([]);
    expect(walk(original, checkpoints).newestAnchor?.seq).toBe(6);
    // Entry 3 rewritten and every hash after it recomputed: the chain is consistent, the checkpoints are not.
    const recomputed = chain(6).map((e) => ({ ...e }));
    const rewritten: AuditRecord[] = [];
    for (const e of recomputed) {
      const base = { ...e, reason: e.seq === 3 ? 'nothing happened' : e.reason, prevHash: rewritten[rewritten.length - 1]?.hash ?? GENESIS_HASH };
      rewritten.push({ ...base, hash: hashEntry(base) });
    }
    expect(walk(rewritten).breaks).toEqual([]);
    expect(walk(rewritten, checkpoints).breaks.map((b) => [b.seq, b.problem])).toEqual([
      [4, 'checkpoint-mismatch'],
      [6, 'checkpoint-mismatch'],
    ]);
    // The newest two entries deleted: entry 6's checkpoint has no entry left.
    expect(walk(original.slice(0, 4), checkpoints).breaks.map((b) => [b.seq, b.problem])).toEqual([[6, 'checkpoint-entry-missing']]);
    // A checkpoint whose signature fails is reported and not trusted.
    const forged: CheckedCheckpoint[] = [{ seq: 6, hash: rewritten[5]!.hash, at, keyId: 'k', signature: 'invalid' }];
    expect(walk(rewritten, forged).breaks.map((b) => b.problem)).toEqual(['checkpoint-signature']);
    expect(walk(rewritten, [{ ...forged[0]!, signature: 'unknown-key' }]).breaks.map((b) => b.problem)).toEqual(['checkpoint-unknown-key']);
  });
});
