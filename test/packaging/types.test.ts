import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runInConsumer } from './support/consumer-run';
import { docExample } from './support/doc-examples';

/**
 * The declarations of the tarballs, checked by the consumer's own TypeScript (`tsc --noEmit --strict`)
 * as an application would compile against them: under `module: NodeNext`, for a CommonJS file (the
 * `require` condition's .d.cts) and an ES module (.d.ts), and under `moduleResolution: Bundler`. The
 * consumer project has no "type" field: `.ts` is CommonJS there. The NodeNext run also checks every
 * declaration file itself (`skipLibCheck: false`: ours, and what they import); the other two runs
 * skip that (it is most of tsc's time and the same files).
 */
const consumer = inject('consumerDir');

/** Every entry point, used with its types (test-only; app.ts is docs/sdk-node.md's example). */
const ENTRIES_ESM = `import { createEvaluator, type EvaluableFlag } from '@switchyard/core';
import { createClient, createTestData, SwitchyardConfigurationError, type ClientStatus, type EvaluationDetail } from '@switchyard/sdk-node';
import { createOpenFeatureProvider, type SwitchyardProvider } from '@switchyard/sdk-node/openfeature';
import { createBrowserClient, type BrowserClient, type FlagDetail, type JsonValue } from '@switchyard/sdk-browser';
import { createSwitchyardWebProvider } from '@switchyard/sdk-browser/openfeature';
import { EXIT, runCli, type ExitCode } from '@switchyard/cli';
import { loadConfig, type Config } from '@switchyard/server';

const flag: EvaluableFlag | undefined = undefined;
const evaluator = createEvaluator({ flags: flag ? [flag] : [], segments: [] });
const value: string = evaluator.evaluate('theme', { key: 'u' }).reason;
const td = createTestData();
td.update(td.flag('new-checkout').booleanFlag().variationForAll(true));
const client = createClient({ testData: td });
const status: ClientStatus = client.status();
const detail: EvaluationDetail<boolean> = client.boolVariationDetail('new-checkout', { key: 'u' }, false);
const provider: SwitchyardProvider = createOpenFeatureProvider(client);
const failure: Error = new SwitchyardConfigurationError('sdkKey: required');
declare const browser: BrowserClient;
const served: JsonValue | undefined = browser.allFlags()['new-checkout'];
const shown: FlagDetail<boolean> = browser.boolVariationDetail('new-checkout', false);
const webProvider = createSwitchyardWebProvider({ clientKey: 'syc_x', baseUrl: 'https://flags.example.com' });
const make: typeof createBrowserClient = createBrowserClient;
const ok: ExitCode = EXIT.ok;
const run: Promise<ExitCode> = runCli(['--help'], { stdout() {}, stderr() {}, env: {}, cwd: '/' });
const settings: Config = loadConfig({ PORT: '0', DATABASE_FILE: './flags.db' });
const port: number = settings.PORT;
export { value, status, detail, provider, failure, served, shown, webProvider, make, ok, run, port };
`;

/** The entries with a require condition, from a CommonJS file. */
const ENTRIES_CJS = `import { createEvaluator } from '@switchyard/core';
import { createClient, type SwitchyardClient } from '@switchyard/sdk-node';
import { createOpenFeatureProvider } from '@switchyard/sdk-node/openfeature';

const client: SwitchyardClient = createClient({ offline: true });
const reason: string = createEvaluator({ flags: [], segments: [] }).evaluate('x', undefined).reason;
export const provider = createOpenFeatureProvider(client, { initTimeoutMs: 1_000 });
export { reason };
`;

/** Each line marked `// misuse: TSnnnn` must fail with that error, and nothing else may. */
const MISUSE = `import { createClient } from '@switchyard/sdk-node';

const flags = createClient({ offline: true });
flags.boolVariation('new-checkout', { key: 'user-42' }, 'yes'); // misuse: TS2345
const n: number = flags.stringVariation('theme', undefined, 'dark'); // misuse: TS2322
createClient({ sdkKey: 42 }); // misuse: TS2322
flags.boolVariation('new-checkout', { key: 'user-42', when: new Date() }, false); // misuse: TS2322
export { n };
`;

const compilerOptions = { target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] };

function tsc(project: string) {
  return runInConsumer(consumer, 'npx', ['--no-install', 'tsc', '-p', project, '--noEmit', '--strict', '--pretty', 'false']);
}

beforeAll(() => {
  const files: Record<string, string> = {
    'app.ts': docExample('sdk-node.md', 'app.ts'),
    'app.mts': docExample('sdk-node.md', 'app.ts'),
    'entries.mts': ENTRIES_ESM,
    'entries.cts': ENTRIES_CJS,
    'misuse.mts': MISUSE,
    'tsconfig.nodenext.json': JSON.stringify({ compilerOptions: { ...compilerOptions, skipLibCheck: false, module: 'nodenext', moduleResolution: 'nodenext' }, files: ['app.ts', 'app.mts', 'entries.mts', 'entries.cts'] }),
    'tsconfig.bundler.json': JSON.stringify({ compilerOptions: { ...compilerOptions, module: 'esnext', moduleResolution: 'bundler' }, files: ['app.ts', 'entries.mts'] }),
    'tsconfig.misuse.json': JSON.stringify({ compilerOptions: { ...compilerOptions, module: 'nodenext', moduleResolution: 'nodenext' }, files: ['misuse.mts'] }),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(consumer, name), text);
});

describe('the tarballs\' TypeScript declarations, in a consumer project', () => {
  it('compile a consumer under module NodeNext, from CommonJS and from ESM, declaration files checked too', async () => {
    const run = await tsc('tsconfig.nodenext.json');
    expect(run.stdout + run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('compile a consumer under moduleResolution Bundler', async () => {
    const run = await tsc('tsconfig.bundler.json');
    expect(run.stdout + run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('reject misuse of the SDK\'s API: each wrong call fails to compile, with the error it deserves', async () => {
    const run = await tsc('tsconfig.misuse.json');
    expect(run.code).not.toBe(0);
    const expected = MISUSE.split('\n').flatMap((line, i) => {
      const m = /\/\/ misuse: (TS\d+)/.exec(line);
      return m ? [`${i + 1} ${m[1]}`] : [];
    });
    const got = [...run.stdout.matchAll(/^misuse\.mts\((\d+),\d+\): error (TS\d+)/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(got, run.stdout).toEqual(expected);
    expect(run.stdout.split('\n').filter((l) => l.includes('error TS') && !l.startsWith('misuse.mts(')), 'errors outside the misuse lines').toEqual([]);
  });
});
