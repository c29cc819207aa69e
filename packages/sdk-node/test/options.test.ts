import { describe, expect, it } from 'vitest';
import { createClient } from '../src/client/create-client';
import { SwitchyardConfigurationError } from '../src/client/configuration-error';
import type { ClientOptions } from '../src/client/client-options';
import { createTestData } from '../src/test-data/test-data';
import { fakeClient, silentLogger } from './support/fake-platform';
import { boolFlag } from './support/flags';

const server = { sdkKey: 'sys_abc', baseUrl: 'https://flags.example.com' };
const refuse = (options: unknown, message: RegExp) => {
  expect(() => createClient(options as ClientOptions)).toThrow(SwitchyardConfigurationError);
  expect(() => createClient(options as ClientOptions)).toThrow(message);
};

describe('createClient options', () => {
  it('needs a server key and an http(s) base URL to talk to a server', () => {
    refuse({ baseUrl: server.baseUrl }, /sdkKey is required/);
    refuse({ sdkKey: 'sys_abc' }, /baseUrl must be an http\(s\) URL/);
    refuse({ sdkKey: 'sys_abc', baseUrl: 'flags.example.com' }, /baseUrl must be an http\(s\) URL/);
    refuse({ sdkKey: 'sys_abc', baseUrl: 'ftp://flags.example.com' }, /baseUrl/);
    refuse({ sdkKey: '  ', baseUrl: server.baseUrl }, /sdkKey is required/);
  });

  it('refuses client keys and admin tokens, which cannot work (and must not ship)', () => {
    refuse({ ...server, sdkKey: 'syc_browser' }, /client key .*server key/);
    refuse({ ...server, sdkKey: 'sya_admin' }, /admin token/);
  });

  it('names unknown options and every other problem at once', () => {
    refuse({ ...server, sdkkey: 'x', pollInterval: 3 }, /unknown option "sdkkey".*unknown option "pollInterval"/);
    refuse({ ...server, pollIntervalMs: 10, timeoutMs: -1 }, /pollIntervalMs must be a number of at least 100.*timeoutMs/);
    refuse({ ...server, summaries: { flushIntervalMs: 'often' } }, /summaries.flushIntervalMs/);
    refuse({ ...server, reconnect: { initialMs: 5_000, maxMs: 1_000 } }, /reconnect.maxMs must not be below/);
    refuse({ ...server, logger: { warn() {} } }, /logger must have debug, info, warn and error/);
    refuse({ ...server, stream: 'yes' }, /stream must be a boolean/);
    refuse({ ...server, codegen: 'no' }, /codegen must be a boolean/);
    refuse(null, /options must be an object/);
  });

  it('refuses ambiguous data sources', () => {
    refuse({ testData: {} }, /testData must come from createTestData/);
    refuse({ testData: createTestData(), bootstrap: { flags: [] } }, /testData cannot be combined/);
    refuse({ offline: true, bootstrap: { flags: [] }, bootstrapFile: 'x.json' }, /not both/);
    refuse({ offline: true, bootstrap: { flags: 'all' } }, /bootstrap is not a rule set/);
  });

  it('needs nothing else offline or with test data', () => {
    expect(createClient({ offline: true, logger: silentLogger }).status()).toBe('ready');
    expect(createClient({ testData: createTestData(), logger: silentLogger }).status()).toBe('ready');
  });

  it('reads the bootstrap file through the platform and reports a bad one clearly', () => {
    const readFile = (path: string) => {
      if (path === 'good.json') return JSON.stringify({ version: 3, flags: [] });
      if (path === 'garbage.json') return 'not json';
      throw new Error(`ENOENT: no such file, open '${path}'`);
    };
    expect(fakeClient({ offline: true, bootstrapFile: 'good.json' }, { readFile }).client.diagnostics().version).toBe(3);
    expect(() => fakeClient({ offline: true, bootstrapFile: 'garbage.json' }, { readFile })).toThrow(/bootstrapFile "garbage.json" is not valid JSON/);
    expect(() => fakeClient({ offline: true, bootstrapFile: 'missing.json' }, { readFile })).toThrow(/cannot be read: ENOENT/);
  });

  it('warns when pollIntervalMs is given without polling', () => {
    const warnings: string[] = [];
    createClient({ offline: true, pollIntervalMs: 1_000, logger: { ...silentLogger, warn: (m: string) => warnings.push(m) } });
    expect(warnings).toEqual(['pollIntervalMs is only used with stream: false; ignored']);
  });

  it('codegen: false never generates code for hot rules (default: once, after 10,000 evaluations), with the same values', () => {
    const flag = boolFlag('hot', { rules: [{ id: 'nl', clauses: [{ attribute: 'country', op: 'in', values: ['NL'] }], serve: { variation: 1 } }], fallthrough: { variation: 0 } });
    const realFunction = globalThis.Function;
    let generated = 0;
    // Counts `new Function(...)`: the only way rule chains are made (rule-chain-code.ts).
    globalThis.Function = new Proxy(realFunction, {
      construct(target, args) {
        generated++;
        return Reflect.construct(target, args) as object;
      },
    });
    try {
      const run = (codegen: boolean | undefined) => {
        generated = 0;
        const client = createClient({ offline: true, bootstrap: { flags: [flag] }, logger: silentLogger, ...(codegen === undefined ? {} : { codegen }) });
        const values = Array.from({ length: 10_010 }, (_, i) => client.boolVariation('hot', { key: `u${i}`, country: i % 3 === 0 ? 'NL' : 'DE' }, false));
        void client.close();
        return { generated, nl: values.filter(Boolean).length };
      };
      expect(run(false)).toEqual({ generated: 0, nl: 3_337 });
      expect(run(undefined)).toEqual({ generated: 1, nl: 3_337 });
      expect(run(true)).toEqual({ generated: 1, nl: 3_337 });
    } finally {
      globalThis.Function = realFunction;
    }
  });
});
