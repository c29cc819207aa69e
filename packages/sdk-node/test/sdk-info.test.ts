import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as sdk from '../src/index';
import * as openfeature from '../src/openfeature/index';
import { SDK_INFO, SDK_VERSION } from '../src/sdk-info';

describe('package surface', () => {
  it('reports the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(SDK_VERSION).toBe(pkg.version);
    expect(SDK_INFO).toEqual({ name: pkg.name, version: pkg.version });
    // In this workspace the entries are the sources; the published manifest (publishConfig) points at dist/.
    expect(pkg.exports['.'].default).toBe('./src/index.ts');
    expect(pkg.exports['./openfeature'].default).toBe('./src/openfeature/index.ts');
    expect(Object.keys(pkg.publishConfig.exports)).toEqual(['.', './openfeature', './package.json']);
  });

  it('exports a small, curated set of values (types aside)', () => {
    expect(Object.keys(sdk).sort()).toEqual(['SDK_VERSION', 'SwitchyardConfigurationError', 'createClient', 'createConsoleLogger', 'createTestData']);
    expect(Object.keys(openfeature)).toEqual(['createOpenFeatureProvider']);
  });
});
