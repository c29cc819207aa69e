import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCliHarness, type CliHarness } from './support/cli-harness';

/** `switchyard releases …` against a real server (issue 23). */
let h: CliHarness;
let clock = Date.parse('2026-06-01T12:00:00.000Z');
beforeAll(async () => {
  h = await startCliHarness({ now: () => new Date(clock), app: { releases: { timer: false, tickMs: 1_000 } } });
  await h.server.post('/api/v1/flags', { key: 'cli-release', type: 'release', owner: 'team-a' });
  const version = (await h.server.get('/api/v1/flags/cli-release/environments/production')).body.version;
  await h.server.post('/api/v1/flags/cli-release/environments/production/toggle', { enabled: true, baseVersion: version });
});
afterAll(async () => {
  expect(h.allOutput()).not.toContain(h.server.tokens.admin);
  await h.close();
});

it('creates a plan from a file, shows where it is and its gates, refuses an early advance, and aborts', async () => {
  const file = join(tmpdir(), `plan-${Date.now()}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      stages: [
        { name: 'Canary', percent: 5, minDwellMs: 600000, minSamplesPerArm: 10 },
        { name: 'All', percent: 100, minDwellMs: 600000, minSamplesPerArm: 10 },
      ],
      gates: [{ name: 'Errors', owner: 'team-a', signal: 'error-rate', comparison: 'increase-at-most', threshold: 0.02, windowMs: 60000, onFail: 'rollback' }],
    }),
  );
  const created = await h.run(['releases', 'create', 'cli-release', '--env', 'production', '--from', '0', '--to', '1', '--plan', file, '--reason', 'ship it']);
  expect(created.code, created.stderr).toBe(0);
  const id = /^(rp_[0-9a-f]+)\s/.exec(created.stdout)![1]!;
  expect(created.stdout).toContain('running: stage 1/2 "Canary" (delivering)');
  expect(created.stdout).toMatch(/>1\s+Canary\s+5%\s+10m\s+10/);

  clock += 1_000;
  await h.server.app.releaseScheduler.tickAll();
  const status = await h.run(['releases', 'status', id]);
  expect(status.stdout).toContain('(soaking)');
  expect(status.stdout).toMatch(/Errors\s+inconclusive\s+-\s+0\.02\s+0 samples\s+0 samples/);

  const early = await h.run(['releases', 'advance', id]);
  expect(early.code).toBe(1);
  expect(early.stderr).toContain('RELEASE_REFUSED');

  const listed = JSON.parse((await h.run(['releases', 'list', '--flag', 'cli-release', '--json'])).stdout);
  expect(listed.items.map((p: { id: string }) => p.id)).toEqual([id]);

  const bad = await h.run(['releases', 'create', 'cli-release', '--env', 'production', '--from', 'x', '--to', '1']);
  expect(bad.code).toBe(2);

  const aborted = await h.run(['releases', 'abort', id, '--reason', 'INC-3'], { token: h.server.tokens.responder });
  expect(aborted.code, aborted.stderr).toBe(0);
  expect(aborted.stdout).toContain('aborted at stage 1/2');
  expect((await h.server.get('/api/v1/flags/cli-release/environments/production')).body.killed).toMatchObject({ reason: expect.stringContaining('INC-3') });
});
