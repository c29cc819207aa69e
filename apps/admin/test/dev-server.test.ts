import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The admin's development mode runs against the real server (dev/real-api-plugin.ts), not a mock:
 * the same routes, roles, validation and errors as production.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
let vite: ViteDevServer;
let base: string;

beforeAll(async () => {
  vite = await createServer({ root, configFile: `${root}/vite.config.ts`, logLevel: 'silent', server: { port: 0, host: '127.0.0.1' } });
  await vite.listen();
  const address = vite.httpServer!.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  base = `http://127.0.0.1:${address.port}`;
}, 60_000);

afterAll(async () => {
  await vite?.close();
});

async function signInAs(role: string): Promise<string> {
  const res = await fetch(`${base}/?as=${role}`, { redirect: 'manual' });
  expect(res.status).toBe(302);
  expect(res.headers.get('location')).toBe('/');
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  expect(cookie).toMatch(/=/);
  return cookie!;
}

describe('admin development server', () => {
  it('signs in through the real session route with ?as=<role>', async () => {
    const cookie = await signInAs('editor');
    const session = await fetch(`${base}/api/v1/session`, { headers: { cookie } });
    expect(session.status).toBe(200);
    const body = (await session.json()) as { actor: { role: string }; csrfToken: string };
    expect(body.actor.role).toBe('editor');
    expect(body.csrfToken.length).toBeGreaterThan(10);
  });

  it('answers an unknown role with 400 naming the roles', async () => {
    const res = await fetch(`${base}/?as=owner`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/admin.*editor|editor.*admin/);
  });

  it('serves the seeded demo flags from the real store', async () => {
    const cookie = await signInAs('viewer');
    const res = await fetch(`${base}/api/v1/flags/new-checkout/environments/production`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const config = (await res.json()) as { enabled: boolean; rules: unknown[] };
    expect(config.enabled).toBe(true);
    expect(config.rules).toHaveLength(2);
    const killed = (await (await fetch(`${base}/api/v1/flags/payments-provider-kill/environments/production`, { headers: { cookie } })).json()) as { killed: { reason: string } | null };
    expect(killed.killed?.reason).toMatch(/INC-2291/);
  });

  it("applies the server's own rules: a viewer may not toggle, an editor's bad input gets the server's 400", async () => {
    const viewer = await signInAs('viewer');
    const { csrfToken: viewerCsrf } = (await (await fetch(`${base}/api/v1/session`, { headers: { cookie: viewer } })).json()) as { csrfToken: string };
    const refused = await fetch(`${base}/api/v1/flags/dark-mode/environments/production/toggle`, {
      method: 'POST',
      headers: { cookie: viewer, 'content-type': 'application/json', 'x-csrf-token': viewerCsrf },
      body: JSON.stringify({ enabled: true, baseVersion: 1 }),
    });
    expect(refused.status).toBe(403);

    const editor = await signInAs('editor');
    const { csrfToken } = (await (await fetch(`${base}/api/v1/session`, { headers: { cookie: editor } })).json()) as { csrfToken: string };
    const bad = await fetch(`${base}/api/v1/flags`, {
      method: 'POST',
      headers: { cookie: editor, 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body: JSON.stringify({ key: 'Not A Key', type: 'release', owner: 'team' }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('key');
  });

  it('serves the UI itself (index.html) beside the API', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('id="root"');
  });
});
