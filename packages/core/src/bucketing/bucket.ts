import type { BUCKET_COUNT } from '../model/limits';
import { murmur3Dotted, murmur3FromSigned, murmur3Prefix, type Murmur3State } from './murmur3';

/**
 * The bucket of a 32-bit hash (signed or unsigned): the hash, unsigned, modulo BUCKET_COUNT.
 * PERFORMANCE NOTE: the divisor is written as a literal (which the type system holds equal to
 * BUCKET_COUNT) because V8 must see a constant here. A named constant, imported or this module's
 * own, is read inside an inlined rollout closure as a number of unknown kind, and as half of all
 * hashes are above 2^31 (not small integers) the modulo compiled to a floating-point remainder, an
 * x87 `fprem` loop. Modulo a literal it is a multiply and shift.
 */
function bucketOfHash(hash: number): number {
  return (hash >>> 0) % (100_000 satisfies typeof BUCKET_COUNT);
}

/**
 * The bucket (0..BUCKET_COUNT-1, i.e. 0..99,999) of `value` in a rollout salted with `salt`:
 * MurmurHash3_x86_32, seed 0, of the UTF-8 bytes of `salt + "." + value`, modulo 100,000.
 * Identical in every package and language; pinned by `test/fixtures/bucketing/vectors.json`.
 * Allocates nothing.
 *
 * @param salt - the rollout's salt (by default the flag key).
 * @param value - the context's bucketBy attribute, as a string.
 */
export function bucketOf(salt: string, value: string): number {
  return bucketOfHash(murmur3Dotted(salt, value));
}

/**
 * A bucketing function for one salt, with `salt + "."` hashed once up front: what compiled
 * rollouts use, since the salt is fixed and only the value changes between evaluations.
 * `bucketerFor(salt)(value) === bucketOf(salt, value)`.
 */
export function bucketerFor(salt: string): (value: string) => number {
  const prefix: Murmur3State = murmur3Prefix(`${salt}.`);
  return (value) => bucketOfHash(murmur3FromSigned(prefix, value));
}
