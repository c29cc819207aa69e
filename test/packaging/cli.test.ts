import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import type { ServerProcess } from '../support/server-process';
import { runInConsumer, serverFromTarball } from './support/consumer-run';

/** The `switchyard` command from the @switchyard/cli tarball, through npx, as docs/cli.md tells it. */
const consumer = inject('consumerDir');
let server: ServerProcess;

beforeAll(async () => {
  server = serverFromTarball(consumer);
  await server.start();
  expect((await server.api('POST', '/api/v1/flags', { key: 'dark-mode', type: 'release', owner: 'team-web', tags: ['ui'] })).status).toBe(201);
  expect((await server.api('POST', '/api/v1/flags/dark-mode/environments/production/toggle', { enabled: true, baseVersion: 1 })).status).toBe(200);
});
afterAll(async () => {
  await server?.dispose();
});

describe('@switchyard/cli installed with npm', () => {
  it('npx switchyard export writes the environment as a flag file, in plain JavaScript', async () => {
    const run = await runInConsumer(consumer, 'npx', ['--no-install', 'switchyard', 'export', '--env', 'production'], { SWITCHYARD_URL: server.baseUrl, SWITCHYARD_TOKEN: server.adminToken });
    expect(run.code, run.stderr).toBe(0);
    const file = parse(run.stdout);
    expect(file.environment).toBe('production');
    expect(file.flags).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'dark-mode', owner: 'team-web', config: expect.objectContaining({ enabled: true }) })]));
    expect(run.stdout + run.stderr).not.toContain(server.adminToken);
  });

  it('answers --help and a usage error with its documented exit code', async () => {
    const help = await runInConsumer(consumer, 'npx', ['--no-install', 'switchyard', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/export/);
    const usage = await runInConsumer(consumer, 'npx', ['--no-install', 'switchyard', 'flags', 'create'], { SWITCHYARD_URL: server.baseUrl, SWITCHYARD_TOKEN: server.adminToken });
    expect(usage.code).toBe(2);
  });
});
