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
});
