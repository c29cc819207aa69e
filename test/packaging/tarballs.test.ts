import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tarballFiles } from '../../scripts/build/tarball.mjs';
import { PUBLISHED, ROOT, tarballOf } from './support/workspace';

/** Reads one file out of a tarball. */
async function fileIn(tgz: string, path: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('tar', ['-xzOf', tgz, `package/${path}`], { maxBuffer: 16 * 1024 * 1024 }, (err, out) => (err ? reject(err) : resolve(out))),
  );
}

function workspaceBin(name: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) =>
    execFile(join(ROOT, 'node_modules/.bin', name), args, { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: `${stdout}${stderr}` }),
    ),
  );
}

/**
 * attw's profile per package: the ones with a `require` condition are checked for every resolution
 * (node10, node16 from CommonJS and from ESM, bundler); the ESM-only ones for node16-from-ESM and
 * bundler (a `require` of them is an ESM package's documented limit, not a typing problem).
 */
const ATTW_PROFILE: Record<string, { profile: string; ignored: string[] }> = {
  '@switchyard/core': { profile: 'strict', ignored: [] },
  '@switchyard/api': { profile: 'strict', ignored: [] },
  '@switchyard/sdk-node': { profile: 'strict', ignored: [] },
  '@switchyard/sdk-browser': { profile: 'esm-only', ignored: ['node10', 'node16-cjs'] },
  '@switchyard/cli': { profile: 'esm-only', ignored: ['node10', 'node16-cjs'] },
  '@switchyard/server': { profile: 'esm-only', ignored: ['node10', 'node16-cjs'] },
};

const rootLicense = readFileSync(join(ROOT, 'LICENSE'), 'utf8');

describe.each(PUBLISHED)('the $name tarball', ({ name, dir }) => {
  const tgz = tarballOf(name);

  it('passes publint --strict and arethetypeswrong with no problem', async () => {
    const { profile, ignored } = ATTW_PROFILE[name]!;
    const [publint, attw] = await Promise.all([workspaceBin('publint', ['run', '--strict', tgz]), workspaceBin('attw', ['--profile', profile, '--format', 'json', tgz])]);
    expect(publint.code, publint.out).toBe(0);
    expect(publint.out).toContain('All good!');
    expect(attw.code, attw.out).toBe(0);
    const report = JSON.parse(attw.out.slice(attw.out.indexOf('{')));
    const problems = Object.values<{ kind: string; entrypoint?: string; resolutionKind?: string }[]>(report.problems ?? {})
      .flat()
      .filter((p) => !ignored.includes(p.resolutionKind ?? ''));
    expect(problems).toEqual([]);
    // Every entry point was analysed, types included.
    expect(Object.keys(report.analysis.entrypoints).length).toBeGreaterThan(1);
  });

  it('has a publishable manifest: a version, Apache-2.0 with its LICENSE, engines, repository, no workspace ranges, no tsx', async () => {
    const manifest = JSON.parse(await fileIn(tgz, 'package.json'));
    const source = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));
    expect(manifest.name).toBe(name);
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe('Apache-2.0');
    expect(await fileIn(tgz, 'LICENSE')).toBe(rootLicense);
    expect(manifest.engines).toEqual({ node: '>=20' });
    expect(manifest.repository).toMatchObject({ type: 'git', directory: dir });
    expect(manifest.sideEffects).toBeDefined();
    expect(JSON.stringify(manifest)).not.toContain('workspace:');
    for (const [dep, range] of Object.entries<string>({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      expect(dep, 'a dev tool in a runtime dependency').not.toMatch(/^(tsx|typescript|vitest|esbuild|drizzle-kit)$/);
      // A workspace package is depended on at the version it had when packed.
      if (dep.startsWith('@switchyard/')) expect(range).toBe(`^${JSON.parse(readFileSync(join(ROOT, PUBLISHED.find((p) => p.name === dep)!.dir, 'package.json'), 'utf8')).version}`);
    }
    expect(manifest.version).toBe(source.version);
  });

  it('ships only what runs: dist/ (and the server\'s migrations), its manifest, README and LICENSE', () => {
    const paths = tarballFiles(tgz).map((f) => f.path);
    const allowed = /^(dist\/.+|package\.json|LICENSE|README\.md|openfeature\/package\.json|drizzle\/(sqlite|postgres)\/(\d{4}_[a-z_]+\.sql|meta\/_journal\.json))$/;
    expect(paths.filter((p) => !allowed.test(p))).toEqual([]);
    expect(paths.filter((p) => /\.(ts|tsx)$/.test(p) && !/\.d\.c?ts$/.test(p))).toEqual([]);
    expect(paths).toContain('README.md');
  });
});

describe('what each package promises', () => {
  const manifestOf = async (name: string) => JSON.parse(await fileIn(tarballOf(name), 'package.json'));

  it('the Node SDK, core and the API contract have import and require conditions, each with its own types', async () => {
    for (const name of ['@switchyard/core', '@switchyard/api', '@switchyard/sdk-node']) {
      const m = await manifestOf(name);
      expect(m.exports['.'].import).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
      expect(m.exports['.'].require).toEqual({ types: './dist/index.d.cts', default: './dist/index.cjs' });
    }
  });

  it('OpenFeature SDKs are optional peer dependencies of the packages whose subpath provides for them', async () => {
    const node = await manifestOf('@switchyard/sdk-node');
    expect(node.peerDependencies).toEqual({ '@openfeature/server-sdk': expect.stringMatching(/^\^1\./) });
    expect(node.peerDependenciesMeta['@openfeature/server-sdk'].optional).toBe(true);
    expect(Object.keys(node.dependencies).sort()).toEqual(['@switchyard/core', 'ws']);
    const browser = await manifestOf('@switchyard/sdk-browser');
    expect(browser.dependencies ?? {}).toEqual({});
    expect(Object.keys(browser.peerDependencies).sort()).toEqual(['@openfeature/core', '@openfeature/web-sdk']);
    for (const p of Object.keys(browser.peerDependencies)) expect(browser.peerDependenciesMeta[p].optional).toBe(true);
  });

  it('the browser SDK ships an ES module entry per export and a <script> build defining Switchyard', async () => {
    const tgz = tarballOf('@switchyard/sdk-browser');
    const m = await manifestOf('@switchyard/sdk-browser');
    expect(Object.keys(m.exports)).toEqual(['.', './openfeature', './package.json']);
    expect(m.unpkg).toBe('./dist/switchyard.iife.js');
    const iife = await fileIn(tgz, 'dist/switchyard.iife.js');
    expect(iife).toMatch(/^var Switchyard=\(\(\)=>\{/);
    expect(await fileIn(tgz, 'dist/openfeature.js')).toContain('from"./index.js"');
  });

  it('the CLI and the server are commands in plain JavaScript, and the server carries its admin UI', async () => {
    const cli = await manifestOf('@switchyard/cli');
    const server = await manifestOf('@switchyard/server');
    expect(cli.bin).toEqual({ switchyard: './dist/switchyard.js' });
    expect(server.bin).toEqual({ 'switchyard-server': './dist/main.js' });
    expect(await fileIn(tarballOf('@switchyard/cli'), 'dist/switchyard.js')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(await fileIn(tarballOf('@switchyard/server'), 'dist/main.js')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(await fileIn(tarballOf('@switchyard/server'), 'dist/admin/index.html')).toContain('<div id="root">');
    // The server's bundle carries the core it was built with: no dependency on it, nor on tsx.
    expect(Object.keys(server.dependencies)).not.toContain('@switchyard/core');
    expect(Object.keys(server.dependencies)).not.toContain('@switchyard/api');
    // The CLI depends on the published contract (its types and schemas).
    expect(Object.keys(cli.dependencies)).toContain('@switchyard/api');
  });
});
