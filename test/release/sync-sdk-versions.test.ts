import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION_CONSTANTS, withVersion } from '../../scripts/release/sync-sdk-versions.mjs';

const ROOT = join(__dirname, '../..');

describe('pnpm version-packages: the SDKs\' reported versions follow their package.json', () => {
  it('rewrites exactly the version in each SDK\'s constant, and nothing else', () => {
    for (const { dir, file, pattern } of VERSION_CONSTANTS) {
      const source = readFileSync(join(ROOT, dir, file), 'utf8');
      const { version } = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));
      expect(withVersion(source, pattern, version), `${dir}/${file} is in step`).toBe(source);
      const bumped = withVersion(source, pattern, '9.10.11');
      expect(bumped).toContain("'9.10.11'");
      expect(bumped.replace("'9.10.11'", `'${version}'`)).toBe(source);
    }
  });

  it('refuses a file whose constant it cannot find, instead of leaving an SDK reporting a stale version', () => {
    const { pattern } = VERSION_CONSTANTS[0]!;
    expect(() => withVersion("export const SDK_VERSION = `0.1.0`;\n", pattern, '1.0.0')).toThrow(/found it 0 times/);
  });
});
