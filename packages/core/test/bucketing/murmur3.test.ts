import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, BUCKET_COUNT, murmur3 } from '../../src/index';
import { bucketerFor } from '../../src/bucketing/bucket';
import { murmur3From, murmur3Prefix } from '../../src/bucketing/murmur3';
import { loadBucketingVectors } from '../../../../test/support/fixtures';

/** Textbook MurmurHash3_x86_32 over a byte array: an independent reference for the streaming one. */
function referenceMurmur3(bytes: Uint8Array, seed = 0): number {
  let h = seed | 0;
  const n = bytes.length;
  const blocks = n - (n % 4);
  const mix = (k: number): number => Math.imul(((Math.imul(k, 0xcc9e2d51) << 15) | (Math.imul(k, 0xcc9e2d51) >>> 17)), 0x1b873593);
  for (let i = 0; i < blocks; i += 4) {
    const k = (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24);
    h ^= mix(k);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  for (let i = n - 1; i >= blocks; i--) k = (k << 8) | (bytes[i] as number);
  if (n % 4 !== 0) h ^= mix(k);
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
/** Any UTF-16 code units, so lone surrogates as well as pairs. */
const anyUtf16 = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });

describe('murmur3', () => {
  it('matches the published MurmurHash3_x86_32 values', () => {
    expect(murmur3('')).toBe(0);
    expect(murmur3('hello')).toBe(613153351);
    expect(murmur3('The quick brown fox jumps over the lazy dog')).toBe(0x2e4ff723);
    expect(murmur3('', 1)).toBe(0x514e28b7);
    expect(murmur3('', 0xffffffff)).toBe(0x81f16f39);
  });

  it('reproduces every published vector', () => {
    const { hashes } = loadBucketingVectors();
    expect(hashes.length).toBeGreaterThanOrEqual(20);
    for (const v of hashes) {
      expect(murmur3(v.input), JSON.stringify(v.input)).toBe(v.murmur3);
      if (v.utf8Hex !== undefined) expect(Buffer.from(utf8(v.input)).toString('hex')).toBe(v.utf8Hex);
    }
  });

  it('equals the textbook algorithm over TextEncoder bytes, for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), anyUtf16), fc.integer({ min: 0, max: 0xffffffff }), (s, seed) => {
        expect(murmur3(s, seed)).toBe(referenceMurmur3(utf8(s), seed));
      }),
      { numRuns: 2000 },
    );
  });

  it('encodes lone surrogates as U+FFFD, like TextEncoder', () => {
    expect(murmur3('\ud800')).toBe(murmur3('\ufffd'));
    expect(murmur3('a\udc00b')).toBe(murmur3('a\ufffdb'));
    expect(murmur3('\ud83d')).toBe(murmur3('\ufffd'));
    expect(murmur3('\ud83d\ude00')).not.toBe(murmur3('\ufffd\ufffd'));
  });
});

describe('bucketOf', () => {
  it('reproduces every published bucket vector', () => {
    for (const v of loadBucketingVectors().buckets) {
      expect(murmur3(`${v.salt}.${v.value}`)).toBe(v.murmur3);
      expect(bucketOf(v.salt, v.value)).toBe(v.bucket);
    }
  });

  it('is murmur3 of salt.value modulo BUCKET_COUNT', () => {
    fc.assert(
      fc.property(anyUtf16, anyUtf16, (salt, value) => {
        const bucket = bucketOf(salt, value);
        expect(bucket).toBe(murmur3(`${salt}.${value}`) % BUCKET_COUNT);
        expect(Number.isInteger(bucket) && bucket >= 0 && bucket < BUCKET_COUNT).toBe(true);
      }),
    );
  });

  it('gives the same buckets with the salt hashed once up front (compiled rollouts)', () => {
    for (const v of loadBucketingVectors().buckets) expect(bucketerFor(v.salt)(v.value)).toBe(v.bucket);
    fc.assert(
      fc.property(anyUtf16, anyUtf16, (salt, value) => {
        expect(bucketerFor(salt)(value)).toBe(bucketOf(salt, value));
        expect(murmur3From(murmur3Prefix(`${salt}.`), value)).toBe(murmur3(`${salt}.${value}`));
      }),
    );
  });

  it('gives the same buckets through the ASCII fast path as over TextEncoder bytes, at every prefix alignment', () => {
    // Mostly ASCII, sometimes not (the fast path starts over at the first non-ASCII character).
    const mostlyAscii = fc.string({ unit: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 0x7f }) }, { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xffff }) }).map((c) => String.fromCharCode(c)), maxLength: 40 });
    fc.assert(
      fc.property(fc.string({ maxLength: 7 }), mostlyAscii, (salt, value) => {
        const bytes = utf8(`${salt}.${value}`);
        expect(bucketerFor(salt)(value)).toBe(referenceMurmur3(bytes) % BUCKET_COUNT);
      }),
      { numRuns: 2_000 },
    );
    for (const salt of ['', 'a', 'ab', 'abc', 'f3']) for (const value of ['', 'u', 'user-1', 'user-12345-abcdef', 'usér-1', 'user-1-\u{1F600}']) expect(bucketerFor(salt)(value)).toBe(bucketOf(salt, value));
  });

  it('spreads keys evenly over the buckets', () => {
    const tenths = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) tenths[Math.floor(bucketOf('spread', `user-${i}`) / 10_000)]! += 1;
    for (const count of tenths) expect(Math.abs(count - 2_000)).toBeLessThan(200);
  });
});
