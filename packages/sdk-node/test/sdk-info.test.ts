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
    // The entries are the built ones (the workspace reaches the sources through tsconfig paths).
    expect(pkg.exports['.'].import.default).toBe('./dist/index.js');
    expect(pkg.exports['./openfeature'].require.default).toBe('./dist/openfeature.cjs');
    expect(Object.keys(pkg.exports)).toEqual(['.', './openfeature', './package.json']);
  });

  it('exports a small, curated set of values (types aside)', () => {
    expect(Object.keys(sdk).sort()).toEqual(['SDK_VERSION', 'SwitchyardConfigurationError', 'createClient', 'createConsoleLogger', 'createTestData']);
    expect(Object.keys(openfeature)).toEqual(['createOpenFeatureProvider']);
  });
});
