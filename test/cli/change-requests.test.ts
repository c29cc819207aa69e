import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliHarness, type CliHarness } from './support/cli-harness';

/**
 * `switchyard apply` where review is required (issue 22): nothing is written; the plan is opened as a
 * change request (id and link printed); `--wait` waits for its approval, applies it, and ends when
 * it is applied — or fails when it is rejected.
 */
let h: CliHarness;
beforeAll(async () => {
  h = await startCliHarness();
  for (const key of ['checkout', 'search']) expect((await h.server.post('/api/v1/flags', { key, type: 'release', owner: 'team' })).status).toBe(201);
  expect((await h.server.request('PUT', '/api/v1/environments/production/review-policy', { body: { requireReview: true, minApprovals: 1 } })).status).toBe(200);
});
afterAll(async () => {
  expect(h.allOutput()).not.toContain(h.server.tokens.admin);
  await h.close();
});

/** Exports production, turns `key` on in the file, and writes it back. */
async function fileEnabling(name: string, key: string): Promise<void> {
  expect((await h.run(['export', '--env', 'production', '--out', name])).code).toBe(0);
  const file = JSON.parse(readFileSync(join(h.dir, name), 'utf8'));
  file.flags.find((f: { key: string }) => f.key === key).config.enabled = true;
  writeFileSync(join(h.dir, name), JSON.stringify(file, null, 2));
}
const enabled = async (key: string) => (await h.server.get(`/api/v1/flags/${key}/environments/production`)).body.enabled as boolean;
const opened = (stdout: string) => /Opened change request (cr_[\w-]+)/.exec(stdout)?.[1];

describe('switchyard apply where review is required', () => {
  it('opens a change request, printing its id and link, and writes nothing', async () => {
    await fileEnabling('on.json', 'checkout');
    const before = await h.auditHead();
    const res = await h.run(['apply', '-f', 'on.json', '--reason', 'PR #12']);
    expect(res.code, res.stderr).toBe(0);
    const id = opened(res.stdout)!;
    expect(id).toBeDefined();
    expect(res.stdout).toContain(`${h.server.baseUrl}/#/change-requests/${id}`);
    expect(res.stdout).toContain('requires review: nothing was written');
    expect(await enabled('checkout')).toBe(false);
    expect((await h.auditAfter(before)).map((e) => [e.action, e.targetKey])).toEqual([['change-request.create', id]]);
    expect((await h.server.get(`/api/v1/change-requests/${id}`)).body).toMatchObject({ state: 'in-review', title: 'PR #12', changes: [{ op: 'flag.enable', key: 'checkout' }] });

    const json = await h.run(['apply', '-f', 'on.json', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ complete: false, applied: [], changeRequest: { state: 'in-review', link: expect.stringContaining('/#/change-requests/cr_') } });
  });

  it('--wait waits for the approval, applies it, and ends once it is applied', async () => {
    await fileEnabling('wait.json', 'search');
    let out = '';
    let seenId: (id: string) => void;
    const idSeen = new Promise<string>((resolve) => (seenId = resolve));
    const running = h.run(['apply', '-f', 'wait.json', '--wait', '--reason', 'PR #13'], {
      onOutput: (text) => {
        out = text;
        const id = opened(text);
        if (id) seenId(id);
      },
    });
    const id = await idSeen;
    expect(await enabled('search')).toBe(false);
    const r = (await h.server.get(`/api/v1/change-requests/${id}`)).body;
    expect((await h.server.request('POST', `/api/v1/change-requests/${id}/approve`, { body: { contentHash: r.contentHash, comment: 'ship it' }, token: h.server.tokens.editor })).status).toBe(200);
    const res = await running;
    expect(res.code, res.stderr).toBe(0);
    expect(out).toContain(`Change request ${id} applied (approved by editor-token)`);
    expect(res.stderr).toContain(`change request ${id}: approved`);
    expect(await enabled('search')).toBe(true);
    expect((await h.server.get(`/api/v1/change-requests/${id}`)).body.state).toBe('applied');
  });

  it('--wait fails (exit 1) when the request is rejected, nothing applied', async () => {
    const version = (await h.server.get('/api/v1/flags/checkout/environments/production')).body.version;
    let seenId: (id: string) => void;
    const idSeen = new Promise<string>((resolve) => (seenId = resolve));
    const running = h.run(['apply', '-f', 'on.json', '--wait'], { onOutput: (text) => opened(text) && seenId(opened(text)!) });
    const id = await idSeen;
    const r = (await h.server.get(`/api/v1/change-requests/${id}`)).body;
    expect((await h.server.request('POST', `/api/v1/change-requests/${id}/reject`, { body: { contentHash: r.contentHash, comment: 'not today' }, token: h.server.tokens.editor })).status).toBe(200);
    const res = await running;
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`change request ${id} ended rejected: nothing of it was applied`);
    expect((await h.server.get('/api/v1/flags/checkout/environments/production')).body).toMatchObject({ enabled: false, version });
  });
});
