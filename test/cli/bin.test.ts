import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliHarness, type CliHarness } from './support/cli-harness';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = resolve(ROOT, 'apps/cli/bin/switchyard.mjs');

let h: CliHarness;
beforeAll(async () => {
  h = await startCliHarness();
});
afterAll(async () => {
  await h.close();
});

/**
 * The `switchyard` command as a real process, from an unrelated folder. Asynchronous: the server
 * it talks to runs in this process.
 */
function switchyard(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { SWITCHYARD_URL: _u, SWITCHYARD_TOKEN: _t, ...rest } = process.env;
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: h.dir, env: { ...rest, ...env }, encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

describe('the switchyard bin', () => {
  it('runs from any folder with the exit codes of a refusal, a usage error and an outage, and never prints the token', async () => {
    const env = { SWITCHYARD_URL: h.server.baseUrl, SWITCHYARD_TOKEN: h.server.tokens.admin };
    const ok = await switchyard(['flags', 'create', 'from-bin', '--type', 'release', '--owner', 'team-cli', '--json'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ key: 'from-bin', owner: 'team-cli' });
    const [refused, usage, down] = await Promise.all([
      switchyard(['flags', 'create', 'from-bin', '--type', 'release', '--owner', 'team-cli'], env),
      switchyard(['flags', 'create'], env),
      switchyard(['flags', 'list'], { ...env, SWITCHYARD_URL: 'http://127.0.0.1:9' }),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ALREADY_EXISTS (409)');
    expect(usage.code).toBe(2);
    expect(down.code).toBe(3);
    for (const r of [ok, refused, usage, down]) expect(r.stdout + r.stderr).not.toContain(h.server.tokens.admin);
  });
});
