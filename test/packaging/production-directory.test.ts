import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process';
import { consumerEnv, ROOT } from './support/workspace';

/**
 * The server's production directory, made by scripts/deploy-server.sh exactly as the Dockerfile's
 * build stage makes it (no Docker daemon runs here: the image's final stage is this folder), run with
 * no dev dependency on disk through the README's walkthrough.
 */
const dir = mkdtempSync(join(tmpdir(), 'switchyard-production-'));
let server: ServerProcess | undefined;

beforeAll(async () => {
  // `--built`: apps/server/dist is the one `pnpm pack:all` just built (the Dockerfile builds it itself).
  await new Promise<void>((resolve, reject) =>
    execFile('bash', ['scripts/deploy-server.sh', join(dir, 'app'), '--built'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => (err ? reject(new Error(`${stdout}${stderr}`)) : resolve())),
  );
}, 180_000);
afterAll(async () => {
  await server?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** The README's steps 1–4 as shell blocks, in order (step 5 needs an SDK key the reader pastes). */
function walkthroughBlocks(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## A first flag'), readme.indexOf('**5. '));
  return [...section.matchAll(/```sh\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
}

describe('the server\'s production directory (the Docker image\'s final stage)', () => {
  const app = join(dir, 'app');

  it('holds the built server and its production dependencies only: no dev dependency, no TypeScript, no sources', () => {
    expect(readdirSync(app).sort()).toEqual(['LICENSE', 'README.md', 'dist', 'drizzle', 'node_modules', 'package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml']);
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    const installed = readdirSync(join(app, 'node_modules/.pnpm')).map((d) => d.replace(/^(@?[^@]+)@.*$/, '$1').replace('+', '/'));
    // drizzle-orm names the driver's @types packages as optional peers, so the lockfile binds them to it:
    // inert declaration files, the only dev dependencies allowed on disk.
    const devOnly = Object.keys(manifest.devDependencies).filter((d) => installed.includes(d) && !d.startsWith('@types/'));
    expect(devOnly).toEqual([]);
    for (const tool of ['tsx', 'typescript', 'esbuild', 'vitest', 'drizzle-kit', 'vite', '@switchyard/core', 'node-gyp']) expect(installed, tool).not.toContain(tool);
    expect(readdirSync(join(app, 'dist')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(existsSync(join(app, 'dist/admin/index.html'))).toBe(true);
  });

  it('runs the README walkthrough: create → turn on in production → kill → audit log and chain verified', async () => {
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    server = new ServerProcess({ NODE_OPTIONS: '' }, { args: [join(app, manifest.bin['switchyard-server'])], cwd: app });
    await server.start();
    const [setup, ...steps] = walkthroughBlocks();
    expect(setup).toContain('export SY=http://127.0.0.1:4000 TOKEN=sya_…');
    const prelude = setup!.replace('http://127.0.0.1:4000', server.baseUrl).replace('sya_…', server.adminToken);
    const sh = (block: string) => execFileSync('bash', ['-euo', 'pipefail', '-c', `${prelude}\n${block}`], { cwd: dir, env: consumerEnv(), encoding: 'utf8' });
    const outputs = steps.map(sh);
    expect(outputs).toHaveLength(6);
    const [created, read, toggled, killed, audit, verified] = outputs.map((o) => o.trim());
    expect(JSON.parse(created!)).toMatchObject({ key: 'new-checkout', type: 'release', owner: 'team-payments', environments: { production: { enabled: false } } });
    expect(JSON.parse(read!)).toMatchObject({ flagKey: 'new-checkout', envKey: 'production', enabled: false, version: 1 });
    expect(JSON.parse(toggled!)).toMatchObject({ enabled: true, version: 2 });
    expect(JSON.parse(killed!)).toMatchObject({ enabled: true, killed: { reason: 'INC-311: payment errors' }, version: 3 });
    expect(JSON.parse(audit!).items[0]).toMatchObject({ action: 'flag.kill', flagKey: 'new-checkout', envKey: 'production', reason: 'INC-311: payment errors' });
    expect(JSON.parse(verified!)).toMatchObject({ ok: true });
    // `audit/export > audit.ndjson`: one JSON entry per change, the kill last, then the server's verdict on the whole log.
    const exported = readFileSync(join(dir, 'audit.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(exported.at(-1)).toMatchObject({ verification: { ok: true, breaks: [] } });
    expect(exported.filter((l) => 'seq' in l).at(-1)).toMatchObject({ action: 'flag.kill' });
    // The admin UI the package carries, at /.
    const ui = await fetch(`${server.baseUrl}/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('<div id="root">');
  });

  it('is what the Dockerfile\'s final stage copies: built by the same script, run as a non-root user, with no compiler', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const stages = dockerfile.split(/^FROM /m).slice(1);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const [build, final] = [stages[0]!, stages.at(-1)!];
    expect(build).toMatch(/RUN .*bash scripts\/deploy-server\.sh \/out/);
    expect(final).toMatch(/^node:20[\w.-]*-slim AS /);
    expect(final).toMatch(/^COPY --from=build .*\/out \/app$/m);
    expect(final).toMatch(/^USER node$/m);
    expect(final).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
    expect(final).not.toMatch(/apt-get|g\+\+|python3|\bmake\b|pnpm|tsx|npm install/);
  });
});
