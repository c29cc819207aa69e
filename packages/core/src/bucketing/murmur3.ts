/**
 * MurmurHash3, x86 32-bit variant, over the UTF-8 encoding of JavaScript strings, computed without
 * allocating: the strings are walked one UTF-16 code unit at a time and their UTF-8 bytes are fed
 * straight into the mixing state, held in local variables. No byte array, no TextEncoder (core uses
 * no platform API), and no concatenation when hashing `salt + "." + value`.
 *
 * Encoding: a high surrogate followed by a low surrogate is one code point (4 UTF-8 bytes); a lone
 * surrogate is encoded as U+FFFD (EF BF BD), exactly as `TextEncoder` does, so the hash of any
 * string equals MurmurHash3 of `new TextEncoder().encode(string)`, in any language.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const DOT = 0x2e;

/** Mixes one 4-byte block into the hash state (small enough for V8 to inline). */
function mixBlock(h1: number, block: number): number {
  let k1 = Math.imul(block, C1);
  k1 = (k1 << 15) | (k1 >>> 17);
  k1 = Math.imul(k1, C2);
  h1 ^= k1;
  h1 = (h1 << 13) | (h1 >>> 19);
  return (Math.imul(h1, 5) + 0xe6546b64) | 0;
}

/**
 * The state of a hash part-way through its input: what `murmur3Prefix` returns so that a common
 * prefix (a rollout's `salt + "."`) is hashed once, not on every evaluation.
 */
export interface Murmur3State {
  readonly h1: number;
  /** Pending bytes of the current 4-byte block, little-endian. */
  readonly block: number;
  /** Bits pending in `block`: 0, 8, 16 or 24. */
  readonly shift: number;
  /** Bytes hashed so far. */
  readonly length: number;
}

/** Where `absorb` leaves the state when asked to (module-level so that nothing is allocated). */
const pending = { h1: 0, block: 0, shift: 0, length: 0 };

/**
 * Feeds the byte `lead` (an ASCII character code, or -1 for none) and then the UTF-8 bytes of `str`
 * into the hash state given as arguments, then either finalizes and returns the hash or (when
 * `keepGoing`) stores the state in `pending` and returns 0. The state lives
 * in locals, which V8 keeps in registers (a byte-feeding closure was several times slower). Runs of
 * four ASCII characters, the common case for keys, are mixed as one block.
 * A string must not end in the middle of a surrogate pair when more input follows.
 */
function absorb(lead: number, str: string, h1: number, block: number, shift: number, length: number, keepGoing: boolean): number {
  if (lead >= 0) {
    block |= lead << shift;
    length++;
    shift += 8;
    if (shift === 32) {
      h1 = mixBlock(h1, block);
      block = 0;
      shift = 0;
    }
  }
  const n = str.length;
  let i = 0;
  while (i < n) {
    if (i + 3 < n) {
      const c0 = str.charCodeAt(i);
      const c1 = str.charCodeAt(i + 1);
      const c2 = str.charCodeAt(i + 2);
      const c3 = str.charCodeAt(i + 3);
      if ((c0 | c1 | c2 | c3) < 0x80) {
        // Four single-byte characters: complete the pending block with the low bytes and keep
        // the ones that overflow it as the new pending bytes.
        const word = c0 | (c1 << 8) | (c2 << 16) | (c3 << 24);
        h1 = mixBlock(h1, block | (word << shift));
        block = shift === 0 ? 0 : word >>> (32 - shift);
        length += 4;
        i += 4;
        continue;
      }
    }
    let c = str.charCodeAt(i++);
    // The UTF-8 bytes of this code point, packed low byte first, and how many there are.
    let bytes: number;
    let count: number;
    if (c < 0x80) {
      bytes = c;
      count = 1;
    } else if (c < 0x800) {
      bytes = (0xc0 | (c >> 6)) | ((0x80 | (c & 0x3f)) << 8);
      count = 2;
    } else if (c < 0xd800 || c > 0xdfff) {
      bytes = (0xe0 | (c >> 12)) | ((0x80 | ((c >> 6) & 0x3f)) << 8) | ((0x80 | (c & 0x3f)) << 16);
      count = 3;
    } else {
      const next = i < n ? str.charCodeAt(i) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        bytes = (0xf0 | (c >> 18)) | ((0x80 | ((c >> 12) & 0x3f)) << 8) | ((0x80 | ((c >> 6) & 0x3f)) << 16) | ((0x80 | (c & 0x3f)) << 24);
        count = 4;
      } else {
        bytes = 0xef | (0xbf << 8) | (0xbd << 16); // lone surrogate: U+FFFD, as TextEncoder
        count = 3;
      }
    }
    length += count;
    for (let k = 0; k < count; k++) {
      block |= (bytes & 0xff) << shift;
      bytes >>>= 8;
      shift += 8;
      if (shift === 32) {
        h1 = mixBlock(h1, block);
        block = 0;
        shift = 0;
      }
    }
  }
  if (keepGoing) {
    pending.h1 = h1;
    pending.block = block;
    pending.shift = shift;
    pending.length = length;
    return 0;
  }
  if (shift > 0) {
    let k1 = Math.imul(block, C1);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, C2);
    h1 ^= k1;
  }
  let h = h1 ^ length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  // As a signed 32-bit integer (a Smi in V8's registers and on return): callers take `>>> 0`.
  // Returning the unsigned value from here would box every hash of 2^31 or more in a heap
  // number (8 bytes per evaluation on average, measured) when V8 does not inline this function.
  return h | 0;
}

/**
 * MurmurHash3_x86_32 of the UTF-8 bytes of `str`, as an unsigned 32-bit integer.
 *
 * @param str - any string; lone surrogates hash as U+FFFD.
 * @param seed - the 32-bit seed (default 0, the one bucketing uses).
 * @returns the hash in 0..2^32-1, e.g. `murmur3('hello') === 613153351`.
 */
export function murmur3(str: string, seed = 0): number {
  return absorb(-1, str, seed | 0, 0, 0, 0, false) >>> 0;
}

/**
 * MurmurHash3_x86_32 (seed 0) of the UTF-8 bytes of `salt + "." + value`, without building the
 * concatenated string or allocating. ("." is not a surrogate, so hashing the salt apart from the
 * value changes nothing.)
 */
export function murmur3Dotted(salt: string, value: string): number {
  absorb(-1, salt, 0, 0, 0, 0, true);
  return absorb(DOT, value, pending.h1, pending.block, pending.shift, pending.length, false) >>> 0;
}

/** The state after hashing `prefix` (seed 0), to finish later with {@link murmur3From}. */
export function murmur3Prefix(prefix: string): Murmur3State {
  absorb(-1, prefix, 0, 0, 0, 0, true);
  return { h1: pending.h1, block: pending.block, shift: pending.shift, length: pending.length };
}

/**
 * MurmurHash3_x86_32 of the prefix `state` was made from followed by `rest`: equal to
 * `murmur3(prefix + rest)` when the prefix does not end with a high surrogate.
 */
export function murmur3From(state: Murmur3State, rest: string): number {
  return absorb(-1, rest, state.h1, state.block, state.shift, state.length, false) >>> 0;
}

/**
 * {@link murmur3From} as a signed 32-bit integer (`murmur3From(s, r) === (murmur3FromSigned(s, r) >>> 0)`):
 * for the bucketing hot path, which reduces it modulo the bucket count without boxing it.
 */
export function murmur3FromSigned(state: Murmur3State, rest: string): number {
  return absorbAscii(rest, state.h1, state.block, state.shift, state.length);
}

/**
 * {@link absorb} (with no lead byte, finalizing) for the common case of a string that is all ASCII,
 * whose UTF-8 bytes are its character codes: a tighter loop, with no per-character branching on the
 * encoding — bucketing context keys is the cost of a rollout. On the first character of 0x80 or
 * above it starts over with `absorb` from the given state, so the hash is always the same as
 * `absorb`'s (pinned by test/fixtures/bucketing and the property tests).
 */
function absorbAscii(str: string, h1: number, block: number, shift: number, length: number): number {
  const h0 = h1;
  const block0 = block;
  const shift0 = shift;
  const n = str.length;
  let i = 0;
  if (shift === 0) {
    for (; i + 3 < n; i += 4) {
      const c0 = str.charCodeAt(i);
      const c1 = str.charCodeAt(i + 1);
      const c2 = str.charCodeAt(i + 2);
      const c3 = str.charCodeAt(i + 3);
      if ((c0 | c1 | c2 | c3) >= 0x80) return absorb(-1, str, h0, block0, shift0, length, false);
      let k1 = Math.imul(c0 | (c1 << 8) | (c2 << 16) | (c3 << 24), C1);
      k1 = Math.imul((k1 << 15) | (k1 >>> 17), C2);
      h1 ^= k1;
      h1 = (h1 << 13) | (h1 >>> 19);
      h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    }
  } else {
    // Pending bytes (a prefix like "salt." that did not end on a block boundary): each block is
    // the pending bytes completed with the low bytes of the next four characters.
    const carry = 32 - shift;
    for (; i + 3 < n; i += 4) {
      const c0 = str.charCodeAt(i);
      const c1 = str.charCodeAt(i + 1);
      const c2 = str.charCodeAt(i + 2);
      const c3 = str.charCodeAt(i + 3);
      if ((c0 | c1 | c2 | c3) >= 0x80) return absorb(-1, str, h0, block0, shift0, length, false);
      const word = c0 | (c1 << 8) | (c2 << 16) | (c3 << 24);
      let k1 = Math.imul(block | (word << shift), C1);
      block = word >>> carry;
      k1 = Math.imul((k1 << 15) | (k1 >>> 17), C2);
      h1 ^= k1;
      h1 = (h1 << 13) | (h1 >>> 19);
      h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    }
  }
  for (; i < n; i++) {
    const c = str.charCodeAt(i);
    if (c >= 0x80) return absorb(-1, str, h0, block0, shift0, length, false);
    block |= c << shift;
    shift += 8;
    if (shift === 32) {
      h1 = mixBlock(h1, block);
      block = 0;
      shift = 0;
    }
  }
  if (shift > 0) {
    let k1 = Math.imul(block, C1);
    k1 = (k1 << 15) | (k1 >>> 17);
    k1 = Math.imul(k1, C2);
    h1 ^= k1;
  }
  let h = h1 ^ (length + n);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0; // signed, as absorb's: see there
}
