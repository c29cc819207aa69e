import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ServerProcess } from '../support/server-process';
import { ConsumerProgram, runInConsumer, serverFromTarball } from './support/consumer-run';
import { docExample } from './support/doc-examples';

/**
 * The Node SDK from its tarball, in the consumer project (plain npm, outside the workspace), against
 * a server started from the @switchyard/server tarball's bin. The programs are docs/sdk-node.md's
 * examples as written.
 */
const consumer = inject('consumerDir');
let server: ServerProcess;
const keys: Record<string, string> = {};

beforeAll(async () => {
  server = serverFromTarball(consumer);
  await server.start();
  expect((await server.api('POST', '/api/v1/flags', { key: 'new-checkout', type: 'release', owner: 'team-checkout' })).status).toBe(201);
  // One environment per program: a kill in one leaves the others' flag on.
  for (const env of ['production', 'staging', 'development']) {
    expect((await server.api('POST', `/api/v1/flags/new-checkout/environments/${env}/toggle`, { enabled: true, baseVersion: 1 })).status).toBe(200);
    keys[env] = (await server.sdkKey('server', env)).secret;
  }
});
afterAll(async () => {
  await server?.dispose();
});

async function killArrives(file: string, environment: string): Promise<void> {
  writeFileSync(join(consumer, file), docExample('sdk-node.md', file));
  const program = new ConsumerProgram(consumer, [file], { SWITCHYARD_SDK_KEY: keys[environment]!, SWITCHYARD_URL: server.baseUrl });
  try {
    await program.waitFor(/^new-checkout: true$/m);
    const killed = await server.api('POST', `/api/v1/flags/new-checkout/environments/${environment}/kill`, { reason: 'packaging test' });
    expect(killed.status).toBe(200);
    await program.waitFor(/^new-checkout changed: false$/m);
  } finally {
    expect(await program.stop(), program.output).toBe(0);
  }
  expect(program.output).not.toMatch(/error|warn/i);
}

describe('@switchyard/sdk-node installed with npm', () => {
  it('node app.mjs (ESM) evaluates a flag and sees a kill arrive over the stream', async () => {
    await killArrives('app.mjs', 'production');
  });

  it('node app.cjs (require) evaluates a flag and sees a kill arrive over the stream', async () => {
    await killArrives('app.cjs', 'staging');
  });

  it('the OpenFeature server provider resolves through the consumer\'s own @openfeature/server-sdk', async () => {
    writeFileSync(join(consumer, 'openfeature.mjs'), docExample('sdk-node.md', 'openfeature.mjs'));
    const run = await runInConsumer(consumer, process.execPath, ['openfeature.mjs'], { SWITCHYARD_SDK_KEY: keys.development!, SWITCHYARD_URL: server.baseUrl });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^new-checkout: true STATIC$/m);
    // A peer, not a dependency: the provider registers with the consumer's one OpenFeature API.
    expect(existsSync(join(consumer, 'node_modules/@switchyard/sdk-node/node_modules/@openfeature'))).toBe(false);
  });

  it('require(\'@switchyard/sdk-node/openfeature\') serves a client made by require(\'@switchyard/sdk-node\') through OpenFeature', async () => {
    writeFileSync(
      join(consumer, 'openfeature-test-data.cjs'),
      `const { OpenFeature } = require('@openfeature/server-sdk');
const { createClient, createTestData } = require('@switchyard/sdk-node');
const { createOpenFeatureProvider } = require('@switchyard/sdk-node/openfeature');
const td = createTestData();
td.update(td.flag('beta-banner').variations({ short: 'Hi', long: 'Hello there' }).fallthrough('long'));
OpenFeature.setProviderAndWait(createOpenFeatureProvider(createClient({ testData: td })))
  .then(() => OpenFeature.getClient().getStringDetails('beta-banner', 'none', { targetingKey: 'u' }))
  .then((d) => console.log(d.value, d.variant, d.reason))
  .then(() => OpenFeature.close());
`,
    );
    const run = await runInConsumer(consumer, process.execPath, ['openfeature-test-data.cjs']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe('Hello there long STATIC');
  });
});
