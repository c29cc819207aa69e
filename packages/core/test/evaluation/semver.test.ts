import { describe, expect, it } from 'vitest';
import { compareSemver, parseSemver } from '../../src/evaluation/semver';

const cmp = (a: string, b: string): number => {
  const x = parseSemver(a);
  const y = parseSemver(b);
  if (x === null || y === null) throw new Error(`invalid: ${a} or ${b}`);
  return Math.sign(compareSemver(x, y));
};

describe('parseSemver', () => {
  it('parses full versions with pre-release and build', () => {
    expect(parseSemver('1.2.3-alpha.10+build.5')).toEqual({ major: 1, minor: 2, patch: 3, prerelease: ['alpha', 10] });
  });

  it('allows a leading v and missing minor/patch', () => {
    expect(parseSemver('v1.2.3')).toEqual(parseSemver('1.2.3'));
    expect(parseSemver('1.2')).toEqual(parseSemver('1.2.0'));
    expect(parseSemver('1')).toEqual(parseSemver('1.0.0'));
    expect(parseSemver('1.2-rc.1')).toEqual(parseSemver('1.2.0-rc.1'));
  });

  it.each(['', 'v', 'V1.2.3', '01.2.3', '1.02.3', '1.2.3.4', '1.2.3-', '1.2.3-01', '1.2.3+', '1.2.3-a..b', ' 1.2.3', '1.2.3 ', 'x.y.z', '1.2.3-ä', '99999999999999999999.0.0', `1.0.0-${'a'.repeat(300)}`])(
    'rejects %j',
    (input) => {
      expect(parseSemver(input)).toBeNull();
    },
  );

  it('rejects non-strings', () => {
    for (const v of [1, 1.2, null, undefined, {}, ['1.2.3'], true]) expect(parseSemver(v)).toBeNull();
  });
});

describe('compareSemver', () => {
  it('orders the semver 2.0 specification example', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '2.0.0', '2.1.0', '2.1.1'];
    for (let i = 0; i < ordered.length; i++)
      for (let j = 0; j < ordered.length; j++) expect(cmp(ordered[i]!, ordered[j]!), `${ordered[i]} vs ${ordered[j]}`).toBe(Math.sign(i - j));
  });

  it('compares numerically, not lexically', () => {
    expect(cmp('1.10.0', '1.9.0')).toBe(1);
    expect(cmp('10.0.0', '9.99.99')).toBe(1);
    expect(cmp('1.0.0-rc.10', '1.0.0-rc.9')).toBe(1);
  });

  it('ignores build metadata', () => {
    expect(cmp('1.0.0+a', '1.0.0+b')).toBe(0);
    expect(cmp('1.0.0-rc.1+a', '1.0.0-rc.1')).toBe(0);
  });

  it('compares alphanumeric identifiers in ASCII order', () => {
    expect(cmp('1.0.0-Beta', '1.0.0-alpha')).toBe(-1);
    expect(cmp('1.0.0-a-b', '1.0.0-a')).toBe(1);
  });
});
