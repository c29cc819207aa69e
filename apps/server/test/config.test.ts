import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';

describe('server configuration', () => {
  it('defaults to SQLite with named PostgreSQL statements', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 4000, DATABASE_FILE: './data/switchyard.db', DATABASE_NAMED_STATEMENTS: 'on' });
  });

  it('takes DATABASE_NAMED_STATEMENTS=off, and refuses any other value naming the variable', () => {
    expect(loadConfig({ DATABASE_NAMED_STATEMENTS: 'off' }).DATABASE_NAMED_STATEMENTS).toBe('off');
    expect(() => loadConfig({ DATABASE_NAMED_STATEMENTS: 'no' })).toThrow(/DATABASE_NAMED_STATEMENTS: must be on or off/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
  });

  it('times slow requests out and caps connections by default, and refuses a headers deadline past the request deadline', () => {
    expect(loadConfig({})).toMatchObject({ HTTP_HEADERS_TIMEOUT_MS: 10_000, HTTP_REQUEST_TIMEOUT_MS: 30_000, HTTP_MAX_CONNECTIONS: 15_000 });
    expect(loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '500', HTTP_REQUEST_TIMEOUT_MS: '500' }).HTTP_REQUEST_TIMEOUT_MS).toBe(500);
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' })).toThrow(/HTTP_HEADERS_TIMEOUT_MS: must not be longer than HTTP_REQUEST_TIMEOUT_MS/);
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '0' })).toThrow(/HTTP_REQUEST_TIMEOUT_MS/);
    expect(() => loadConfig({ HTTP_MAX_CONNECTIONS: 'many' })).toThrow(/HTTP_MAX_CONNECTIONS/);
  });

  it('rate-limits sign-in failures and writes by default (0 turns either off)', () => {
    expect(loadConfig({})).toMatchObject({ SIGN_IN_FAILURES_PER_MINUTE: 10, WRITES_PER_MINUTE: 600 });
    expect(loadConfig({ WRITES_PER_MINUTE: '0' }).WRITES_PER_MINUTE).toBe(0);
    expect(() => loadConfig({ WRITES_PER_MINUTE: '-1' })).toThrow(/WRITES_PER_MINUTE/);
  });

  it('reads the browser stream limits, with defaults', () => {
    expect(loadConfig({})).toMatchObject({
      STREAM_MAX_CONNECTIONS_PER_KEY: 1_000,
      STREAM_MAX_CONNECTIONS_PER_CLIENT_KEY: 100_000,
      STREAM_MAX_CONNECTIONS_PER_SOURCE: 500,
      STREAM_CONTEXTS_PER_SOURCE_PER_MINUTE: 1_200,
      TRUST_PROXY: false,
    });
    expect(loadConfig({ STREAM_MAX_CONNECTIONS_PER_SOURCE: '50' }).STREAM_MAX_CONNECTIONS_PER_SOURCE).toBe(50);
    expect(() => loadConfig({ STREAM_MAX_CONNECTIONS_PER_SOURCE: '0' })).toThrow(/STREAM_MAX_CONNECTIONS_PER_SOURCE/);
  });

  it('takes TRUST_PROXY as off, a hop count or proxy addresses, and refuses trusting everyone', () => {
    expect(loadConfig({ TRUST_PROXY: 'off' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,loopback,fd00::/8' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '127.0.0.1', 'loopback', 'fd00::/8']);
    for (const bad of ['true', 'all', '0', '11', '10.0.0.0/33', 'proxy.internal', '1.2.3.4/8/1'])
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY: must be off, a number of proxy hops/);
  });

  it('takes ENVIRONMENT_MAX_BYTES up to what an SDK frame holds, 8 MiB by default', () => {
    expect(loadConfig({}).ENVIRONMENT_MAX_BYTES).toBe(8 * 1024 * 1024);
    expect(loadConfig({ ENVIRONMENT_MAX_BYTES: '1048576' }).ENVIRONMENT_MAX_BYTES).toBe(1_048_576);
    expect(() => loadConfig({ ENVIRONMENT_MAX_BYTES: String(16 * 1024 * 1024) })).toThrow(/ENVIRONMENT_MAX_BYTES: must be at most/);
    expect(() => loadConfig({ ENVIRONMENT_MAX_BYTES: 'lots' })).toThrow(/ENVIRONMENT_MAX_BYTES/);
  });
});
