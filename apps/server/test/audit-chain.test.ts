import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../src/db/records';
import { findChainBreak, GENESIS_HASH, hashEntry } from '../src/features/audit/audit-chain';

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

  it('finds an altered entry in a chain', () => {
    const first = { ...entry, seq: 1, prevHash: GENESIS_HASH };
    const one: AuditRecord = { ...first, hash: hashEntry(first) };
    const secondBase = { ...entry, seq: 2, prevHash: one.hash };
    const two: AuditRecord = { ...secondBase, hash: hashEntry(secondBase) };
    expect(findChainBreak([one, two], GENESIS_HASH, 0)).toBeNull();
    expect(findChainBreak([one, { ...two, reason: 'edited' }], GENESIS_HASH, 0)).toMatchObject({ seq: 2, problem: 'hash-mismatch' });
  });
});
