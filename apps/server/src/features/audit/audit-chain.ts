import * as crypto from 'node:crypto';
import type { AuditRecord } from '../../db/records';

/** SHA-256 of a text, hex: one call where Node has `crypto.hash` (20.12 on), else through a Hash object. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** The hash of the (empty) entry before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hash of an entry: SHA-256 over the previous entry's hash and the entry's fields, serialised
 * as one JSON array so no two different entries can serialise alike. `before`/`after` are hashed
 * as the exact JSON text stored. One call over the joined text (the same digest as feeding the
 * parts to a Hash object one by one, in half the time: no Hash object per entry).
 */
export function hashEntry(e: Omit<AuditRecord, 'hash'>): string {
  const fields = [e.seq, e.at, e.actor, e.actorKeyId, e.action, e.resource, e.flagKey, e.envKey, e.targetKey, e.before, e.after, e.reason];
  return sha256Hex(`${e.prevHash}\n${JSON.stringify(fields)}`);
}

export type ChainBreak = { seq: number; problem: 'hash-mismatch' | 'prev-hash-mismatch' | 'seq-gap'; message: string };

/**
 * Checks a run of consecutive entries (ascending) against the hash that precedes them.
 * Returns the first break, or null.
 */
export function findChainBreak(entries: readonly AuditRecord[], prevHash: string, prevSeq: number): ChainBreak | null {
  let expectedPrev = prevHash;
  let expectedSeq = prevSeq + 1;
  for (const e of entries) {
    if (e.seq !== expectedSeq)
      return { seq: e.seq, problem: 'seq-gap', message: `entry ${e.seq} follows ${expectedSeq - 1}: entries are missing` };
    if (e.prevHash !== expectedPrev)
      return { seq: e.seq, problem: 'prev-hash-mismatch', message: `entry ${e.seq} does not chain to entry ${e.seq - 1}` };
    if (hashEntry(e) !== e.hash)
      return { seq: e.seq, problem: 'hash-mismatch', message: `entry ${e.seq} was altered: its content does not match its hash` };
    expectedPrev = e.hash;
    expectedSeq++;
  }
  return null;
}
