import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseClient } from './support/sse-client';
import { flagBody, startTestServer, type Reply, type TestServer } from './support/test-server';

/**
 * Four-eyes change requests and scheduled changes (issue 22), through the API: the review policy,
 * direct writes refused where review is required (kills never), approvals bound to the content,
 * all-or-nothing apply with its base versions re-checked, schedules that fail closed.
 */
let s: TestServer;
/** The server's clock: real time plus what a test moves it by (the scheduler reads it). */
let offsetMs = 0;
let editor2: string;

const cr = '/api/v1/change-requests';
const config = async (flag: string, env = 'production') => (await s.get(`/api/v1/flags/${flag}/environments/${env}`)).body;
const rule = (percent: number) => ({ fallthrough: { rollout: { variations: [{ variation: 1, weight: percent * 1000 }, { variation: 0, weight: (100 - percent) * 1000 }] } } });
const open = async (flag: string, changes?: unknown[], token = s.tokens.editor, env = 'production'): Promise<any> => {
  const version = (await config(flag, env)).version;
  const res = await s.request('POST', `/api/v1/environments/${env}/change-requests`, {
    body: { title: `roll ${flag} out`, changes: changes ?? [{ op: 'flag.config.update', key: flag, baseVersion: version, ...rule(10) }] },
    token,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};
const review = (id: string, decision: 'approve' | 'reject', hash: string, token: string, comment?: string): Promise<Reply> =>
  s.request('POST', `${cr}/${id}/${decision}`, { body: { contentHash: hash, ...(comment ? { comment } : {}) }, token });
const get = async (id: string) => (await s.get(`${cr}/${id}`)).body;

beforeAll(async () => {
  s = await startTestServer({ listen: true, now: () => new Date(Date.now() + offsetMs) });
  for (const key of ['checkout', 'search', 'banner', 'pricing', 'sched', 'late', 'glass']) expect((await s.post('/api/v1/flags', flagBody(key))).status).toBe(201);
  editor2 = (await s.post('/api/v1/keys', { kind: 'admin', role: 'editor', name: 'second-editor' })).body.secret;
  const policy = await s.request('PUT', '/api/v1/environments/production/review-policy', { body: { requireReview: true, minApprovals: 1, approverRoles: ['editor', 'admin'], reason: 'four eyes' } });
  expect(policy.status, JSON.stringify(policy.body)).toBe(200);
});
afterAll(async () => {
  await s.close();
});

describe('the review policy', () => {
  it('is per environment, set by admins, 1–10 approvals, audited', async () => {
    expect((await s.get('/api/v1/environments/production/review-policy')).body).toMatchObject({ requireReview: true, minApprovals: 1, approverRoles: ['editor', 'admin'] });
    expect((await s.get('/api/v1/environments/staging/review-policy')).body).toMatchObject({ requireReview: false });
    for (const minApprovals of [0, 11, 1.5]) {
      const res = await s.request('PUT', '/api/v1/environments/staging/review-policy', { body: { requireReview: true, minApprovals } });
      expect(res.status).toBe(400);
      expect(res.body.details[0].path).toBe('body.minApprovals');
    }
    expect((await s.request('PUT', '/api/v1/environments/staging/review-policy', { body: { requireReview: true }, token: s.tokens.editor })).status).toBe(403);
    expect((await s.request('PUT', '/api/v1/environments/nowhere/review-policy', { body: { requireReview: true } })).body.code).toBe('ENVIRONMENT_NOT_FOUND');
    const entry = (await s.get('/api/v1/audit?action=environment.review-policy')).body.items[0];
    expect(entry).toMatchObject({ envKey: 'production', reason: 'four eyes', after: { requireReview: true, minApprovals: 1 } });
  });

  it('refuses direct writes to an environment that requires review, whoever makes them, pointing at change requests', async () => {
    const v = (await config('checkout')).version;
    for (const token of [s.tokens.editor, s.tokens.admin]) {
      const res = await s.request('PATCH', '/api/v1/flags/checkout/environments/production', { body: { baseVersion: v, ...rule(5) }, token });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'REVIEW_REQUIRED', details: { environment: 'production', changeRequests: '/api/v1/environments/production/change-requests' } });
    }
    expect((await s.post('/api/v1/flags/checkout/environments/production/toggle', { enabled: true, baseVersion: v })).body.code).toBe('REVIEW_REQUIRED');
    expect((await s.post('/api/v1/environments/production/segments', { key: 'ring' })).body.code).toBe('REVIEW_REQUIRED');
    expect((await s.post('/api/v1/environments/production/apply', { changes: [{ op: 'flag.enable', key: 'checkout', baseVersion: v }] })).body.code).toBe('REVIEW_REQUIRED');
    // A flag's definition reaches production too: directly, or through a plan elsewhere.
    expect((await s.patch('/api/v1/flags/checkout', { baseVersion: 1, description: 'x' })).body.code).toBe('REVIEW_REQUIRED');
    expect((await s.post('/api/v1/environments/staging/apply', { changes: [{ op: 'flag.update', key: 'checkout', baseVersion: 1, description: 'x' }] })).body.code).toBe('REVIEW_REQUIRED');
    // Elsewhere, direct writes go on as before.
    const staging = (await config('checkout', 'staging')).version;
    expect((await s.post('/api/v1/flags/checkout/environments/staging/toggle', { enabled: true, baseVersion: staging })).status).toBe(200);
  });
});

describe('a change request', () => {
  it('is reviewed by someone else than its author, in an approver role, against the content they saw; then applies with its audit trail', async () => {
    const r = await open('checkout');
    expect(r).toMatchObject({ state: 'in-review', revision: 1, author: 'editor-token', environment: 'production', link: `/#/change-requests/${r.id}` });
    expect(r.contentHash).toMatch(/^[0-9a-f]{64}$/);

    expect((await review(r.id, 'approve', r.contentHash, s.tokens.editor)).body.code).toBe('SELF_APPROVAL');
    expect((await review(r.id, 'approve', r.contentHash, s.tokens.viewer)).body.code).toBe('NOT_AN_APPROVER');
    expect((await review(r.id, 'approve', 'f'.repeat(64), s.tokens.admin)).body.code).toBe('VERSION_CONFLICT');
    expect((await s.post(`${cr}/${r.id}/apply`, {}, s.tokens.editor)).body.code).toBe('NOT_ENOUGH_APPROVALS');

    const approved = await review(r.id, 'approve', r.contentHash, s.tokens.admin, 'looks right');
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', approvals: { count: 1, required: 1, approvers: ['bootstrap'] } });
    expect((await review(r.id, 'approve', r.contentHash, s.tokens.admin)).body.code).toBe('ALREADY_REVIEWED');

    const applied = await s.post(`${cr}/${r.id}/apply`, {}, s.tokens.editor);
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.state).toBe('applied');
    expect((await config('checkout')).fallthrough).toEqual(rule(10).fallthrough);

    const entries = (await s.get('/api/v1/audit?limit=2')).body.items;
    expect(entries[0]).toMatchObject({ action: 'change-request.apply', targetKey: r.id, after: { approvers: ['bootstrap'], author: 'editor-token' } });
    expect(entries[1]).toMatchObject({ action: 'flag.config.update', flagKey: 'checkout', envKey: 'production' });
    expect(entries[1].reason).toBe(`change request ${r.id} (approved by bootstrap)`);
    const transitions = (await s.get(`/api/v1/audit?resource=change-request&limit=50`)).body.items.filter((e: any) => e.targetKey === r.id).map((e: any) => e.action);
    expect(transitions.reverse()).toEqual(['change-request.create', 'change-request.approve', 'change-request.apply']);
    expect((await s.post(`${cr}/${r.id}/apply`, {}, s.tokens.editor)).body.code).toBe('CHANGE_REQUEST_STATE');
    expect((await s.get('/api/v1/audit/verify')).body.ok).toBe(true);
  });

  it('loses every approval when it is edited, and needs them again for its new content', async () => {
    await s.request('PUT', '/api/v1/environments/production/review-policy', { body: { requireReview: true, minApprovals: 2 } });
    try {
      const r = await open('search');
      await review(r.id, 'approve', r.contentHash, s.tokens.admin);
      expect((await review(r.id, 'approve', r.contentHash, editor2)).body.state).toBe('approved');
      const version = (await config('search')).version;
      const edited = await s.patch(`${cr}/${r.id}`, { changes: [{ op: 'flag.config.update', key: 'search', baseVersion: version, ...rule(50) }] }, s.tokens.editor);
      expect(edited.status, JSON.stringify(edited.body)).toBe(200);
      expect(edited.body).toMatchObject({ state: 'in-review', revision: 2, approvals: { count: 0, required: 2 } });
      expect(edited.body.contentHash).not.toBe(r.contentHash);
      expect(edited.body.reviews.every((v: { current: boolean }) => !v.current)).toBe(true);
      expect((await s.post(`${cr}/${r.id}/apply`, {}, s.tokens.editor)).body).toMatchObject({ code: 'NOT_ENOUGH_APPROVALS', details: { approvals: 0, required: 2 } });
      // An approval of what was there before does not count for what is there now.
      expect((await review(r.id, 'approve', r.contentHash, s.tokens.responder)).status).toBe(403);
      expect((await review(r.id, 'approve', r.contentHash, s.tokens.admin)).body.code).toBe('VERSION_CONFLICT');
      // Only its author edits it.
      expect((await s.patch(`${cr}/${r.id}`, { title: 'mine now' }, editor2)).body.code).toBe('FORBIDDEN');
      await review(r.id, 'approve', edited.body.contentHash, s.tokens.admin);
      expect((await get(r.id)).state).toBe('in-review');
      expect((await review(r.id, 'approve', edited.body.contentHash, editor2)).body.state).toBe('approved');
      expect((await s.post(`${cr}/${r.id}/apply`, {}, s.tokens.editor)).body.state).toBe('applied');
      expect((await config('search')).fallthrough).toEqual(rule(50).fallthrough);
    } finally {
      await s.request('PUT', '/api/v1/environments/production/review-policy', { body: { requireReview: true, minApprovals: 1 } });
    }
  });

  it('a kill lands at once while a request is pending; the request, now stale, becomes conflicted and applies nothing', async () => {
    const r = await open('banner');
    await review(r.id, 'approve', r.contentHash, s.tokens.admin);
    const killed = await s.post('/api/v1/flags/banner/environments/production/kill', { reason: 'incident 7' }, s.tokens.responder);
    expect(killed.status).toBe(200);
    expect((await config('banner')).killed).toMatchObject({ reason: 'incident 7' });
    const before = await config('banner');

    const res = await s.post(`${cr}/${r.id}/apply`, {}, s.tokens.editor);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CHANGE_REQUEST_CONFLICTED', details: { state: 'conflicted', error: { code: 'VERSION_CONFLICT' } } });
    expect((await get(r.id)).state).toBe('conflicted');
    expect(await config('banner')).toEqual(before);
    expect((await s.get('/api/v1/audit?limit=1')).body.items[0]).toMatchObject({ action: 'change-request.conflicted', targetKey: r.id });

    // A restore is never held back either, and opens a follow-up review.
    const restored = await s.post('/api/v1/flags/banner/environments/production/restore', { reason: 'fixed' }, s.tokens.responder);
    expect(restored.status).toBe(200);
    const followUp = (await s.get(`${cr}?environment=production&state=in-review`)).body.items.find((i: any) => i.kind === 'follow-up');
    expect(followUp).toMatchObject({ author: 'responder-token', followUp: { action: 'flag.restore', flag: 'banner', reason: 'fixed' } });
    expect((await s.post(`${cr}/${followUp.id}/apply`, {}, s.tokens.editor)).body.code).toBe('CHANGE_REQUEST_STATE');
    expect((await review(followUp.id, 'approve', followUp.contentHash, s.tokens.editor)).body.state).toBe('approved');
  });

  it('is refused at creation when a base version is already stale, and cancelled by its author', async () => {
    const v = (await config('pricing')).version;
    const stale = await s.request('POST', '/api/v1/environments/production/change-requests', { body: { title: 't', changes: [{ op: 'flag.enable', key: 'pricing', baseVersion: v - 1 }] }, token: s.tokens.editor });
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const missing = await s.request('POST', '/api/v1/environments/production/change-requests', { body: { title: 't', changes: [{ op: 'flag.enable', key: 'pricing' }] }, token: s.tokens.editor });
    expect(missing.status).toBe(400);
    expect(missing.body.details[0].path).toBe('body.changes[0].baseVersion');
    const r = await open('pricing');
    expect((await s.post(`${cr}/${r.id}/cancel`, {}, editor2)).body.code).toBe('FORBIDDEN');
    expect((await s.post(`${cr}/${r.id}/cancel`, { reason: 'not now' }, s.tokens.editor)).body.state).toBe('cancelled');
    expect((await review(r.id, 'approve', r.contentHash, s.tokens.admin)).body.code).toBe('CHANGE_REQUEST_STATE');
  });
});

describe('scheduled changes', () => {
  it('apply once at their time, re-checked then; a conflicting change meanwhile makes them apply-failed, visible in the event stream', async () => {
    const events = await SseClient.open(s.baseUrl, { authorization: `Bearer ${s.tokens.viewer}` });
    try {
      const ok = await open('sched');
      await review(ok.id, 'approve', ok.contentHash, s.tokens.admin);
      const late = await open('late');
      await review(late.id, 'approve', late.contentHash, s.tokens.admin);
      const at = new Date(Date.now() + offsetMs + 3_600_000).toISOString();
      expect((await s.post(`${cr}/${ok.id}/schedule`, { at }, s.tokens.editor)).body).toMatchObject({ state: 'scheduled', scheduledAt: at });
      expect((await s.post(`${cr}/${late.id}/schedule`, { at }, s.tokens.editor)).body.state).toBe('scheduled');
      expect((await s.post(`${cr}/${late.id}/schedule`, { at: new Date(Date.now() + offsetMs - 1000).toISOString() }, s.tokens.editor)).status).toBe(409);

      // Not due yet: nothing happens.
      expect(await s.services.changeRequests.runDue()).toEqual({ applied: [], failed: [] });
      // Someone changes what `late` is based on (an admin breaking glass).
      const v = (await config('late')).version;
      const glass = await s.post('/api/v1/environments/production/break-glass', { changes: [{ op: 'flag.enable', key: 'late', baseVersion: v }], reason: 'hotfix' });
      expect(glass.status, JSON.stringify(glass.body)).toBe(200);
      const lateBefore = await config('late');

      offsetMs += 3_600_001;
      const run = await s.services.changeRequests.runDue();
      expect(run).toEqual({ applied: [ok.id], failed: [late.id] });
      expect(await s.services.changeRequests.runDue()).toEqual({ applied: [], failed: [] });

      expect((await get(ok.id)).state).toBe('applied');
      expect((await config('sched')).fallthrough).toEqual(rule(10).fallthrough);
      const failed = await get(late.id);
      expect(failed).toMatchObject({ state: 'apply-failed', outcome: { error: { code: 'VERSION_CONFLICT' } } });
      expect(await config('late')).toEqual(lateBefore);
      const audit = (await s.get('/api/v1/audit?resource=change-request&limit=20')).body.items;
      expect(audit.find((e: any) => e.targetKey === late.id && e.action === 'change-request.apply-failed')).toMatchObject({ actor: `system:schedule/${late.id}` });
      expect(audit.find((e: any) => e.targetKey === ok.id && e.action === 'change-request.apply')).toMatchObject({ actor: `system:schedule/${ok.id}`, after: { approvers: ['bootstrap'] } });
      await events.until(() => events.text.includes(`"id":"${late.id}","environment":"production","state":"apply-failed"`), 5_000, 'the apply-failed event');
    } finally {
      events.close();
    }
  });

  it('schedules a plain change where review is not required', async () => {
    const r = await open('sched', undefined, s.tokens.editor, 'staging');
    const at = new Date(Date.now() + offsetMs + 60_000).toISOString();
    expect((await s.post(`${cr}/${r.id}/schedule`, { at }, s.tokens.editor)).body.state).toBe('scheduled');
    offsetMs += 60_001;
    expect((await s.services.changeRequests.runDue()).applied).toEqual([r.id]);
    expect((await config('sched', 'staging')).fallthrough).toEqual(rule(10).fallthrough);
  });
});

describe('break glass', () => {
  it('is for admins, with a reason, audited as such', async () => {
    const v = (await config('glass')).version;
    const changes = [{ op: 'flag.enable', key: 'glass', baseVersion: v }];
    expect((await s.post('/api/v1/environments/production/break-glass', { changes, reason: 'x' }, s.tokens.editor)).status).toBe(403);
    const noReason = await s.post('/api/v1/environments/production/break-glass', { changes });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details[0].path).toBe('body.reason');
    expect((await s.post('/api/v1/environments/production/break-glass', { changes, reason: 'outage 12' })).status).toBe(200);
    const [change, glass] = (await s.get('/api/v1/audit?limit=2')).body.items;
    expect(glass).toMatchObject({ action: 'review.break-glass', actor: 'bootstrap', reason: 'outage 12', after: { changes: 1, reviewRequired: true } });
    expect(change).toMatchObject({ action: 'flag.enable', reason: 'break-glass: outage 12' });
  });
});

describe('release plans', () => {
  const plans = (flag: string, env: string) => `/api/v1/flags/${flag}/environments/${env}/releases`;
  const stages = [
    { name: 'Tenth', percent: 10, minDwellMs: 60_000, minSamplesPerArm: 1 },
    { name: 'Everyone', percent: 100, minDwellMs: 60_000, minSamplesPerArm: 1 },
  ];
  const gates = [{ name: 'Errors', owner: 'team-ramp', signal: 'error-rate', comparison: 'increase-at-most', threshold: 0.02, windowMs: 120_000, onFail: 'rollback' }];

  it('expose more only where review is not required: no plan starts, resumes or advances unreviewed; pausing and aborting never wait', async () => {
    expect((await s.post('/api/v1/flags', flagBody('ramp'))).status).toBe(201);
    const before = await config('ramp');
    for (const token of [s.tokens.editor, s.tokens.admin]) {
      const refused = await s.request('POST', plans('ramp', 'production'), { body: { fromVariation: 0, toVariation: 1, owner: 'team-ramp', gates, stages }, token });
      expect(refused.status, JSON.stringify(refused.body)).toBe(409);
      expect(refused.body).toMatchObject({ code: 'REVIEW_REQUIRED', details: { environment: 'production' } });
    }
    expect((await s.get(`${plans('ramp', 'production')}`)).body.items).toEqual([]);
    expect(await config('ramp')).toEqual(before);

    // A plan started in staging before staging required review: it can be held and aborted, not pushed on.
    const stagingVersion = (await config('ramp', 'staging')).version;
    expect((await s.post('/api/v1/flags/ramp/environments/staging/toggle', { enabled: true, baseVersion: stagingVersion })).status).toBe(200);
    const started = await s.post(plans('ramp', 'staging'), { fromVariation: 0, toVariation: 1, owner: 'team-ramp', gates, stages });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.id as string;
    expect((await s.request('PUT', '/api/v1/environments/staging/review-policy', { body: { requireReview: true } })).status).toBe(200);
    try {
      expect((await s.post(`/api/v1/releases/${id}/pause`, { reason: 'hold' })).body.state.status).toBe('held');
      for (const command of ['resume', 'advance']) {
        const res = await s.post(`/api/v1/releases/${id}/${command}`, {});
        expect(res.status, command).toBe(409);
        expect(res.body.code, command).toBe('REVIEW_REQUIRED');
      }
      expect((await s.get(`/api/v1/releases/${id}`)).body.state.status).toBe('held');
      expect((await s.post(`/api/v1/releases/${id}/abort`, { reason: 'not without review' })).body.state.status).toBe('aborted');
    } finally {
      expect((await s.request('PUT', '/api/v1/environments/staging/review-policy', { body: { requireReview: false } })).status).toBe(200);
    }
  });
});
