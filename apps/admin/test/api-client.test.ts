import { describe, expect, it } from 'vitest';
import { ApiError, versionConflictOf } from '../src/api/api-error';
import { createApiClient } from '../src/api/client';
import { createHttp, queryString } from '../src/api/http';
import { fromServerIssues } from '../src/lib/field-errors';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeServer(answer: (call: Call) => { status: number; body?: unknown }) {
  const calls: Call[] = [];
  const fetch = async (url: RequestInfo | URL, init: RequestInit = {}) => {
    const call = { url: String(url), init };
    calls.push(call);
    const { status, body } = answer(call);
    return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

const config = { enabled: true, killed: null, targets: [], rules: [], fallthrough: { variation: 1 }, prerequisites: [], version: 4, revision: 2, flagKey: 'f', envKey: 'production', updatedAt: '2025-01-01T00:00:00Z' };

describe('API client', () => {
  it('sends the CSRF token with every mutation once signed in, and the cookie always', async () => {
    const server = fakeServer(({ url }) => (url.endsWith('/session') ? { status: 200, body: { actor: { name: 'a', role: 'admin' }, csrfToken: 'tok' } } : { status: 200, body: config }));
    const api = createApiClient(createHttp({ fetch: server.fetch }));
    await api.session.signIn('sya_x');
    await api.configs.get('f', 'production');
    await api.configs.kill('f', 'production', 'INC-1');
    const [signIn, get, kill] = server.calls;
    expect(signIn!.init.credentials).toBe('same-origin');
    expect(JSON.parse(String(signIn!.init.body))).toEqual({ token: 'sya_x' });
    expect((get!.init.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
    expect(kill!.url).toBe('/api/v1/flags/f/environments/production/kill');
    expect(kill!.init.method).toBe('POST');
    expect((kill!.init.headers as Record<string, string>)['x-csrf-token']).toBe('tok');
    expect(JSON.parse(String(kill!.init.body))).toEqual({ reason: 'INC-1' });
  });

  it('turns error answers into ApiErrors with their details', async () => {
    const details = [{ path: 'body.owner', message: 'is required: every flag has an owner' }];
    const server = fakeServer(() => ({ status: 400, body: { code: 'VALIDATION_FAILED', message: 'body.owner is required', details } }));
    const api = createApiClient(createHttp({ fetch: server.fetch }));
    const err = await api.flags.create({ key: 'x', type: 'release', owner: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('VALIDATION_FAILED');
    expect(fromServerIssues((err as ApiError).fieldIssues).get('owner')).toEqual(['is required: every flag has an owner']);
  });

  it('exposes a version conflict’s current state', async () => {
    const server = fakeServer(() => ({ status: 409, body: { code: 'VERSION_CONFLICT', message: 'moved on', details: { currentVersion: 9, current: config } } }));
    const api = createApiClient(createHttp({ fetch: server.fetch }));
    const err = await api.configs.update('f', 'production', { baseVersion: 4, rules: [] }).catch((e: unknown) => e);
    expect(versionConflictOf(err)).toEqual({ currentVersion: 9, current: config });
    expect(versionConflictOf(new ApiError(409, 'NO_CHANGE', 'x'))).toBeNull();
  });

  it('reports an ended session, but not on the session check itself', async () => {
    let ended = 0;
    const server = fakeServer(() => ({ status: 401, body: { code: 'UNAUTHENTICATED', message: 'no' } }));
    const api = createApiClient(createHttp({ fetch: server.fetch, onUnauthenticated: () => ended++ }));
    await api.session.get().catch(() => {});
    expect(ended).toBe(0);
    await api.flags.list().catch(() => {});
    expect(ended).toBe(1);
  });

  it('refuses an answer that does not match core’s model', async () => {
    const server = fakeServer(() => ({ status: 200, body: { ...config, fallthrough: { rollout: { variations: [{ variation: 0, weight: 10 }] } } } }));
    const api = createApiClient(createHttp({ fetch: server.fetch }));
    const err = await api.configs.get('f', 'production').catch((e: unknown) => e);
    expect((err as ApiError).code).toBe('UNEXPECTED_RESPONSE');
  });

  it('maps a network failure to NETWORK', async () => {
    const api = createApiClient(createHttp({ fetch: (async () => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch }));
    expect(await api.environments.list().catch((e: ApiError) => e.code)).toBe('NETWORK');
  });

  it('reports whether each request reached a working server: not on no answer or a 5xx, yes on any other answer', async () => {
    const seen: boolean[] = [];
    let status = 503;
    const server = fakeServer(() => ({ status, body: { code: 'X', message: 'x' } }));
    const api = createApiClient(createHttp({ fetch: server.fetch, onReachability: (ok) => seen.push(ok) }));
    await api.environments.list().catch(() => {});
    status = 409;
    await api.environments.list().catch(() => {});
    const offline = createApiClient(createHttp({ fetch: (async () => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch, onReachability: (ok) => seen.push(ok) }));
    await offline.environments.list().catch(() => {});
    expect(seen).toEqual([false, true, false]);
  });

  it('builds query strings without empty values', () => {
    expect(queryString({ q: 'a b', tag: '', archived: false, environment: undefined, limit: 50 })).toBe('?q=a+b&archived=false&limit=50');
    expect(queryString({})).toBe('');
  });
});
