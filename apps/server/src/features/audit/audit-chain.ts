import { auditHashInput, ChainWalker, type CheckedCheckpoint } from '@switchyard/core';
import * as crypto from 'node:crypto';
import type { AuditRecord } from '../../db/records';

export { GENESIS_HASH, type ChainBreak, type CheckedCheckpoint } from '@switchyard/core';

/** SHA-256 of a text, hex: one call where Node has `crypto.hash` (20.12 on), else through a Hash object. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * The hash of an entry: SHA-256 over core's {@link auditHashInput} (the previous hash and the fields
 * as one JSON array; `before`/`after` as the exact JSON text stored). One call over the joined text
 * (the same digest as feeding the parts to a Hash object one by one, in half the time).
 */
export function hashEntry(e: Omit<AuditRecord, 'hash'>): string {
  return sha256Hex(auditHashInput(e));
}

/** Core's walk over the chain, checking each stored entry's content against its hash. */
export function chainWalker(checkpoints: readonly CheckedCheckpoint[]): ChainWalker {
  return new ChainWalker(checkpoints, (e) => hashEntry(e) === e.hash);
}
