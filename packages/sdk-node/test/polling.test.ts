import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RuleSetRequester, RuleSetResponse } from '../src/platform/http-rule-set';
import { rulesUrl } from '../src/data-sources/polling/polling-data-source';
import { fakeClient } from './support/fake-platform';
import { boolFlag } from './support/flags';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A requester answering from a script; records each request. */
function scripted(answers: RuleSetResponse[]) {
  const requests: Parameters<RuleSetRequester>[0][] = [];
  const request: RuleSetRequester = async (r) => {
    requests.push(r);
    return answers.shift() ?? { status: 304 };
  };
  return { request, requests };
}
const body = (version: number, enabled = true) => ({ environment: 'production', version, flags: [boolFlag('a', { enabled, version })], segments: [] });

describe('polling', () => {
  it('builds the rule-set URL from the base URL', () => {
    expect(rulesUrl('https://flags.example.com')).toBe('https://flags.example.com/sdk/v1/flags');
    expect(rulesUrl('https://example.com/switchyard/')).toBe('https://example.com/switchyard/sdk/v1/flags');
  });

  it('sends the key as a bearer and the ETag of the last answer; 304 keeps the data', async () => {
    const { request, requests } = scripted([{ status: 200, body: body(3), etag: '"e3"' }, { status: 304 }, { status: 200, body: body(4, false), etag: '"e4"' }]);
    const { client, sockets } = fakeClient({ stream: false, pollIntervalMs: 1_000, sdkKey: 'sys_k' }, { request });
    expect(await client.waitForReady(100)).toBe(true);
    expect(requests[0]).toMatchObject({ url: 'https://flags.example.com/base/sdk/v1/flags', sdkKey: 'sys_k', etag: undefined });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requests[1]!.etag).toBe('"e3"');
    expect(client.boolVariation('a', {}, false)).toBe(true);
    const changed = vi.fn();
    client.on('change:a', changed);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(changed).toHaveBeenCalledWith({ key: 'a', version: 4 });
    expect(requests[2]!.etag).toBe('"e3"');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requests[3]!.etag).toBe('"e4"');
    expect(client.diagnostics()).toMatchObject({ polls: 4, notModified: 2, snapshots: 2 });
    expect(sockets).toHaveLength(0);
  });

  it('goes stale on failures and keeps polling; ready again when it recovers', async () => {
    const { request } = scripted([{ status: 200, body: body(3), etag: '"e3"' }, { status: 0, message: 'ECONNREFUSED' }, { status: 503, message: 'HTTP 503' }, { status: 304 }]);
    const { client } = fakeClient({ stream: false, pollIntervalMs: 1_000 }, { request });
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(client.status()).toBe('stale');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(client.status()).toBe('stale');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(client.status()).toBe('ready');
  });

  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not-found'],
  ])('stops on HTTP %i (%s)', async (status, reason) => {
    const { request, requests } = scripted([{ status, message: `HTTP ${status}` }]);
    const { client } = fakeClient({ stream: false, pollIntervalMs: 1_000 }, { request });
    expect(await client.waitForReady(100)).toBe(false);
    expect(client.lastError()).toMatchObject({ reason, code: status });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests).toHaveLength(1);
  });

  it('an unusable body is a failed poll, not a crash', async () => {
    const { request } = scripted([{ status: 200, body: { flags: 'x' }, etag: undefined }]);
    const { client } = fakeClient({ stream: false, pollIntervalMs: 1_000 }, { request });
    await vi.advanceTimersByTimeAsync(10);
    expect(client.status()).toBe('initializing');
    expect(client.diagnostics().snapshots).toBe(0);
  });
});
