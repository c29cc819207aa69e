import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { checkpointOptionsFrom, DEFAULT_KEY_FILE_NAME, HEAD_FILE_NAME } from '../src/features/audit/checkpoint-setup';

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

  it('takes OFREP_CORS_ORIGINS as none by default, * or exact origins; refuses anything else naming it', () => {
    expect(loadConfig({}).OFREP_CORS_ORIGINS).toEqual([]);
    expect(loadConfig({ OFREP_CORS_ORIGINS: '*' }).OFREP_CORS_ORIGINS).toBe('*');
    expect(loadConfig({ OFREP_CORS_ORIGINS: 'https://shop.example.com, http://localhost:5173' }).OFREP_CORS_ORIGINS).toEqual(['https://shop.example.com', 'http://localhost:5173']);
    for (const bad of ['shop.example.com', 'https://shop.example.com/path', '*,https://a.example', 'ftp://x'])
      expect(() => loadConfig({ OFREP_CORS_ORIGINS: bad }), bad).toThrow(/OFREP_CORS_ORIGINS: must be \* or origins/);
  });

  it('takes ENVIRONMENT_MAX_BYTES up to what an SDK frame holds, 8 MiB by default', () => {
    expect(loadConfig({}).ENVIRONMENT_MAX_BYTES).toBe(8 * 1024 * 1024);
    expect(loadConfig({ ENVIRONMENT_MAX_BYTES: '1048576' }).ENVIRONMENT_MAX_BYTES).toBe(1_048_576);
    expect(() => loadConfig({ ENVIRONMENT_MAX_BYTES: String(16 * 1024 * 1024) })).toThrow(/ENVIRONMENT_MAX_BYTES: must be at most/);
    expect(() => loadConfig({ ENVIRONMENT_MAX_BYTES: 'lots' })).toThrow(/ENVIRONMENT_MAX_BYTES/);
  });
});

describe('audit checkpoint settings', () => {
  const base = { AUDIT_CHECKPOINT_EVERY: 100, AUDIT_CHECKPOINT_MS: 10_000 };
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to a key generated beside the SQLite file (owner-only), reused on the next start', () => {
    const file = join(dir, 'data', 'switchyard.db');
    const first = checkpointOptionsFrom({ ...base, DATABASE_FILE: file }, () => {});
    const keyFile = join(dir, 'data', DEFAULT_KEY_FILE_NAME);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(first.options).toMatchObject({ every: 100, intervalMs: 10_000, headFile: join(dir, 'data', HEAD_FILE_NAME) });
    expect(first.notes[0]).toContain(first.options.signer!.publicKey);
    expect(first.notes[0]).toContain('new key written to');
    const second = checkpointOptionsFrom({ ...base, DATABASE_FILE: file }, () => {});
    expect(second.options.signer!.publicKey).toBe(first.options.signer!.publicKey);
  });

  it('on PostgreSQL, without AUDIT_SIGNING_KEY_FILE: no checkpoints, and a warning that says what that leaves open', () => {
    const { options, notes } = checkpointOptionsFrom({ ...base, DATABASE_FILE: join(dir, 'x.db'), DATABASE_URL: 'postgres://x' }, () => {});
    expect(options.signer).toBeUndefined();
    expect(notes[0]).toMatch(/^WARNING: audit checkpoints are off .*AUDIT_SIGNING_KEY_FILE/);
  });

  it('on PostgreSQL, a key file that does not exist stops the start, naming the setting (a replica never makes its own key)', () => {
    const missing = join(dir, 'missing.pem');
    expect(() => checkpointOptionsFrom({ ...base, DATABASE_FILE: 'x.db', DATABASE_URL: 'postgres://x', AUDIT_SIGNING_KEY_FILE: missing }, () => {})).toThrow(/AUDIT_SIGNING_KEY_FILE: .*missing\.pem cannot be read.*openssl genpkey -algorithm ed25519/s);
    expect(existsSync(missing)).toBe(false);
  });

  it('takes a key made by openssl, and refuses a key of another kind naming the setting', () => {
    const rsa = join(dir, 'rsa.pem');
    writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => checkpointOptionsFrom({ ...base, DATABASE_FILE: 'x.db', AUDIT_SIGNING_KEY_FILE: rsa }, () => {})).toThrow(/AUDIT_SIGNING_KEY_FILE: .*not an Ed25519 private key/);
    const ed = join(dir, 'ed.pem');
    writeFileSync(ed, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const { options } = checkpointOptionsFrom({ ...base, DATABASE_FILE: 'x.db', DATABASE_URL: 'postgres://x', AUDIT_SIGNING_KEY_FILE: ed }, () => {});
    expect(options.signer!.publicKey).toMatch(/^ed25519:[A-Za-z0-9_-]{43}$/);
    expect(options.headFile).toBe(join(dir, HEAD_FILE_NAME));
  });

  it('reads retired keys and the cadence, refusing malformed ones naming the variable', () => {
    const key = `ed25519:${'A'.repeat(43)}`;
    const config = loadConfig({ AUDIT_TRUSTED_KEYS: `${key}, ${key}`, AUDIT_CHECKPOINT_EVERY: '50', AUDIT_CHECKPOINT_MS: '2000' });
    expect(config).toMatchObject({ AUDIT_CHECKPOINT_EVERY: 50, AUDIT_CHECKPOINT_MS: 2000 });
    expect(checkpointOptionsFrom({ ...config, DATABASE_FILE: join(dir, 'x.db') }, () => {}).options.trustedKeys).toEqual([key, key]);
    expect(() => loadConfig({ AUDIT_TRUSTED_KEYS: 'rsa:abc' })).toThrow(/AUDIT_TRUSTED_KEYS: must be ed25519:/);
    expect(() => loadConfig({ AUDIT_CHECKPOINT_EVERY: '0' })).toThrow(/AUDIT_CHECKPOINT_EVERY/);
  });
});
