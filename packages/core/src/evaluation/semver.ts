/**
 * Semantic versions (semver 2.0.0) for the semverEq/semverLt/semverGt operators.
 * Lenient in two documented ways: a leading "v" is allowed, and a missing minor or patch is 0
 * ("1.2" = "1.2.0", "1" = "1.0.0"). Anything else invalid per semver 2.0 does not parse.
 */
export interface SemVer {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Pre-release identifiers: numbers for numeric ones, strings otherwise. Empty for a release. */
  readonly prerelease: readonly (number | string)[];
}

/** Longer strings are not versions; also bounds the work done on attacker-sized attributes. */
const MAX_SEMVER_LENGTH = 256;

const NUM = '0|[1-9]\\d*';
const PRE_ID = `(?:${NUM}|\\d*[a-zA-Z-][0-9a-zA-Z-]*)`;
const SEMVER_PATTERN = new RegExp(
  `^v?(${NUM})(?:\\.(${NUM}))?(?:\\.(${NUM}))?(?:-(${PRE_ID}(?:\\.${PRE_ID})*))?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?$`,
);

/** Parses a version string; `null` when it is not a valid (lenient) semantic version. */
export function parseSemver(input: unknown): SemVer | null {
  if (typeof input !== 'string' || input.length > MAX_SEMVER_LENGTH) return null;
  const m = SEMVER_PATTERN.exec(input);
  if (m === null) return null;
  const major = Number(m[1]);
  const minor = m[2] === undefined ? 0 : Number(m[2]);
  const patch = m[3] === undefined ? 0 : Number(m[3]);
  // Beyond 2^53 numbers lose precision and comparisons would lie: treat as invalid.
  if (!Number.isSafeInteger(major) || !Number.isSafeInteger(minor) || !Number.isSafeInteger(patch)) return null;
  const prerelease: (number | string)[] = [];
  if (m[4] !== undefined) {
    for (const id of m[4].split('.')) {
      if (/^\d+$/.test(id)) {
        const n = Number(id);
        if (!Number.isSafeInteger(n)) return null;
        prerelease.push(n);
      } else prerelease.push(id);
    }
  }
  return { major, minor, patch, prerelease };
}

/**
 * Where {@link scanPlainVersion} leaves a plain version (module-level, so that scanning allocates
 * nothing; valid until the next call, which is always synchronous and immediate).
 */
const plain = { major: 0, minor: 0, patch: 0 };

/** Numeric identifiers of at most this many digits are safe integers without checking. */
const SAFE_DIGITS = 15;

/**
 * The evaluation fast path for the common attribute shape: a release version with no pre-release
 * and no build metadata (`1.2.3`, `v1.2`, `10`). Reads it into `plain` without a regex, a match
 * array or an object, and returns true; returns false for anything else (a pre-release, build
 * metadata, a leading zero, a very long number, not a version at all), for which the caller uses
 * {@link parseSemver}: so the accepted set and its meaning are exactly parseSemver's.
 */
export function scanPlainVersion(input: string): boolean {
  const n = input.length;
  if (n === 0 || n > MAX_SEMVER_LENGTH) return false;
  let i = input.charCodeAt(0) === 0x76 /* v */ ? 1 : 0;
  let part = 0;
  for (;;) {
    const start = i;
    let value = 0;
    while (i < n) {
      const c = input.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      value = value * 10 + (c - 0x30);
      i++;
    }
    const digits = i - start;
    // Empty, a leading zero (semver forbids it: the full parser refuses it), or maybe unsafe.
    if (digits === 0 || digits > SAFE_DIGITS || (digits > 1 && input.charCodeAt(start) === 0x30)) return false;
    if (part === 0) plain.major = value;
    else if (part === 1) plain.minor = value;
    else plain.patch = value;
    part++;
    if (i === n) break;
    if (part === 3 || input.charCodeAt(i) !== 0x2e /* . */) return false; // pre-release, build or junk
    i++;
  }
  if (part < 2) plain.minor = 0;
  if (part < 3) plain.patch = 0;
  return true;
}

/** {@link compareSemver} of the version last read by {@link scanPlainVersion} (a release) with `b`. */
export function comparePlainVersion(b: SemVer): number {
  if (plain.major !== b.major) return plain.major < b.major ? -1 : 1;
  if (plain.minor !== b.minor) return plain.minor < b.minor ? -1 : 1;
  if (plain.patch !== b.patch) return plain.patch < b.patch ? -1 : 1;
  return b.prerelease.length; // a release ranks above b's pre-releases, equals b's release
}

/**
 * Semver 2.0 precedence: negative when `a` < `b`, 0 when equal (build metadata is ignored),
 * positive when `a` > `b`. A release ranks above its pre-releases; pre-release identifiers compare
 * left to right, numeric ones numerically and below alphanumeric ones, alphanumeric ones in ASCII
 * order, and a shorter list ranks lower when all its identifiers equal the longer one's.
 */
export function compareSemver(a: SemVer, b: SemVer): number {
  if (a.major !== b.major) return a.major < b.major ? -1 : 1;
  if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch !== b.patch) return a.patch < b.patch ? -1 : 1;
  const pa = a.prerelease;
  const pb = b.prerelease;
  if (pa.length === 0 || pb.length === 0) return pb.length - pa.length;
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i] as number | string;
    const y = pb[i] as number | string;
    if (x === y) continue;
    const xNum = typeof x === 'number';
    const yNum = typeof y === 'number';
    if (xNum && yNum) return x < y ? -1 : 1;
    if (xNum) return -1;
    if (yNum) return 1;
    return x < y ? -1 : 1; // JS string comparison is by UTF-16 code unit: ASCII order for identifiers
  }
  return pa.length - pb.length;
}
