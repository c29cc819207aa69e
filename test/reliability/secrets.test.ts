import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../support/server-process';

/** Keys and tokens never appear in logs, audit entries, or any response after the one that created them. */
const server = new ServerProcess({ LOG_LEVEL: 'trace' });
const secrets: string[] = [];
const laterResponses: string[] = [];
beforeAll(() => server.start());
afterAll(() => server.dispose());

async function call(method: string, path: string, body?: unknown, token = server.adminToken): Promise<{ status: number; text: string }> {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, text: await res.text() };
}

describe('secrets', () => {
  it('stay out of logs, audit entries and every later response', async () => {
    secrets.push(server.adminToken);
    for (const body of [
      { kind: 'server', environment: 'production', name: 'svc' },
      { kind: 'client', environment: 'production', name: 'web' },
      { kind: 'admin', role: 'responder', name: 'oncall' },
    ]) {
      const created = await call('POST', '/api/v1/keys', body);
      expect(created.status).toBe(201);
      secrets.push(JSON.parse(created.text).secret);
    }
    const [admin, serverKey, clientKey, responder] = secrets as [string, string, string, string];
    laterResponses.push((await call('GET', '/api/v1/flags', undefined, responder)).text);
    laterResponses.push((await call('POST', '/api/v1/flags', { key: 'f', type: 'release', owner: 'o' })).text);
    laterResponses.push((await call('GET', '/sdk/v1/flags', undefined, serverKey)).text);
    // Wrong credentials and failed sign-ins are the classic leak: a token echoed in an error.
    laterResponses.push((await call('GET', '/api/v1/flags', undefined, serverKey)).text);
    laterResponses.push((await call('GET', '/api/v1/flags', undefined, `${admin}x`)).text);
    const signIn = await fetch(`${server.baseUrl}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: clientKey }) });
    laterResponses.push(await signIn.text());
    const okSignIn = await fetch(`${server.baseUrl}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: responder }) });
    laterResponses.push(await okSignIn.text(), okSignIn.headers.get('set-cookie') ?? '');
    laterResponses.push((await call('POST', '/api/v1/flags', { key: 'bad key', owner: admin })).text);
    // The stream: the key travels in hello, including a wrong one.
    for (const key of [serverKey, `${serverKey}nope`]) {
      const ws = new WebSocket(`${server.baseUrl.replace('http', 'ws')}/sdk/v1/stream`);
      await new Promise((r) => ws.once('open', r));
      ws.send(JSON.stringify({ type: 'hello', protocol: 1, sdk: { name: 't', version: '0' }, key }));
      await new Promise((r) => setTimeout(r, 200));
      ws.close();
    }
    const keys = JSON.parse((await call('GET', '/api/v1/keys')).text).items;
    laterResponses.push(JSON.stringify(keys));
    const responderKey = keys.find((k: { name: string }) => k.name === 'oncall');
    laterResponses.push((await call('POST', `/api/v1/keys/${responderKey.id}/revoke`, { reason: 'rotation' })).text);
    const audit = (await call('GET', '/api/v1/audit/export')).text;
    await new Promise((r) => setTimeout(r, 300));

    expect(server.output.length).toBeGreaterThan(1_000); // trace logging really ran
    for (const secret of secrets) {
      expect(server.output.includes(secret), 'a secret in the server logs').toBe(false);
      expect(audit.includes(secret), 'a secret in the audit log').toBe(false);
      for (const text of laterResponses) expect(text.includes(secret), `a secret in a response: ${text.slice(0, 120)}`).toBe(false);
    }
    // The unrecognised secrets must not leak either.
    expect(server.output).not.toContain(`${admin}x`);
    expect(server.output).not.toContain(`${serverKey}nope`);
  }, 60_000);
});
