import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/features/auth/actor';
import { SYSTEM_ACTOR } from '../src/features/auth/actor';
import { canonicalJson, sha256 } from '../src/features/change-requests/change-request-content';
import { AppError } from '../src/errors/catalogue';
import { createServices, type Services } from '../src/services';
import { openTestDatabase, type TestDatabase } from './store-contract/support/test-database';

/**
 * Issue 22's property: over random sequences of request edits, approvals (current and stale),
 * rejections, schedules, applies, direct changes beside them (break glass, kills, restores) and
 * clock ticks running the scheduler, nothing reaches production that does not equal, byte for
 * byte, content approved by enough people other than its author, and every applied change has
 * audit entries naming its request and approvers. Checked against the test's own record of what
 * it sent and who approved what, not against the server's view of itself.
 */
const ENV = 'production';
const MIN_APPROVALS = 2;
const people: Actor[] = [
  { name: 'alice', keyId: null, role: 'editor' },
  { name: 'bob', keyId: null, role: 'editor' },
  { name: 'carol', keyId: null, role: 'admin' },
  { name: 'rita', keyId: null, role: 'responder' },
];
const approverRoles = ['editor', 'admin'];

let database: TestDatabase;
let services: Services;
let clock = Date.parse('2026-12-01T09:00:00.000Z');

beforeAll(async () => {
  database = await openTestDatabase((err) => {
    throw err;
  });
  services = createServices({ db: database.db, now: () => new Date(clock) });
  await services.environments.ensureDefaults(SYSTEM_ACTOR);
  await services.reviewPolicies.set(SYSTEM_ACTOR, ENV, { requireReview: true, minApprovals: MIN_APPROVALS, approverRoles: ['editor', 'admin'] });
});
afterAll(async () => {
  await database.dispose();
});

const pct = fc.integer({ min: 0, max: 100 });
const who = fc.integer({ min: 0, max: people.length - 1 });
const req = fc.nat(3);
const command = fc.oneof(
  { arbitrary: fc.record({ t: fc.constant('open' as const), who, flag: fc.nat(1), pct }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('edit' as const), req, who, pct }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('approve' as const), req, who, stale: fc.constantFrom(false, false, false, true) }), weight: 10 },
  { arbitrary: fc.record({ t: fc.constant('reject' as const), req, who }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('schedule' as const), req, who, minutes: fc.integer({ min: 1, max: 30 }) }), weight: 2 },
  { arbitrary: fc.record({ t: fc.constant('apply' as const), req, who }), weight: 5 },
  { arbitrary: fc.record({ t: fc.constant('direct' as const), flag: fc.nat(1), pct }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('kill' as const), flag: fc.nat(1) }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('tick' as const), minutes: fc.integer({ min: 1, max: 40 }) }), weight: 2 },
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

interface Modelled {
  id: string;
  author: string;
  /** What the test sent, by revision: the changes and their canonical hash. */
  revisions: Map<number, { hash: string; changes: unknown[] }>;
  /** Approvals the server accepted: who, of which revision and hash. */
  approvals: { who: string; revision: number; hash: string }[];
  hashes: string[];
}

const fallthrough = (percent: number) => ({ rollout: { variations: [{ variation: 1, weight: percent * 1000 }, { variation: 0, weight: (100 - percent) * 1000 }] } });

let run = 0;
async function runSequence(commands: Command[]): Promise<void> {
  run++;
  const flags = [`p${run}-a`, `p${run}-b`];
  for (const key of flags) await services.flags.create(SYSTEM_ACTOR, { key, type: 'release', owner: 'o' } as never);
  const requests: Modelled[] = [];
  const version = async (flag: string) => (await services.configs.get(flag, ENV)).version;
  const changesFor = async (flag: string, percent: number) => [{ op: 'flag.config.update' as const, key: flag, baseVersion: await version(flag), fallthrough: fallthrough(percent) }];
  // Mostly the newest requests: older ones rarely collect enough approvals.
  const pick = (i: number) => (requests.length === 0 ? undefined : requests[Math.max(0, requests.length - 1 - (i % 4 === 3 ? i : 0)) % requests.length]);
  const attempt = async (f: () => Promise<unknown>) => {
    try {
      return await f();
    } catch (err) {
      if (err instanceof AppError) return undefined; // a refusal: part of the game
      throw err;
    }
  };

  for (const c of commands) {
    switch (c.t) {
      case 'open': {
        const changes = await changesFor(flags[c.flag]!, c.pct);
        const view = (await attempt(() => services.changeRequests.create(people[c.who]!, ENV, { title: 't', changes }))) as any;
        if (view) requests.push({ id: view.id, author: people[c.who]!.name, revisions: new Map([[1, { hash: view.contentHash, changes }]]), approvals: [], hashes: [view.contentHash] });
        break;
      }
      case 'edit': {
        const r = pick(c.req);
        if (!r) break;
        const flag = (r.revisions.get(1)!.changes[0] as { key: string }).key;
        const changes = await changesFor(flag, c.pct);
        const view = (await attempt(() => services.changeRequests.edit(people[c.who]!, r.id, { changes }))) as any;
        if (view) {
          r.revisions.set(view.revision, { hash: view.contentHash, changes });
          r.hashes.push(view.contentHash);
        }
        break;
      }
      case 'approve':
      case 'reject': {
        const r = pick(c.req);
        if (!r) break;
        const current = (await services.changeRequests.get(r.id)).contentHash;
        const stale = c.t === 'approve' && c.stale ? r.hashes.find((h) => h !== current) ?? 'f'.repeat(64) : current;
        const view = (await attempt(() => services.changeRequests.review(people[c.who]!, r.id, c.t, { contentHash: stale }))) as any;
        if (view && c.t === 'approve') r.approvals.push({ who: people[c.who]!.name, revision: view.revision, hash: stale });
        break;
      }
      case 'schedule': {
        const r = pick(c.req);
        if (r) await attempt(() => services.changeRequests.schedule(people[c.who]!, r.id, new Date(clock + c.minutes * 60_000).toISOString()));
        break;
      }
      case 'apply': {
        const r = pick(c.req);
        if (r) await attempt(() => services.changeRequests.apply(people[c.who]!, r.id));
        break;
      }
      case 'direct': {
        const flag = flags[c.flag]!;
        await attempt(async () => services.breakGlass.apply(people[2]!, ENV, { changes: await changesFor(flag, c.pct), reason: 'beside the requests' }));
        break;
      }
      case 'kill': {
        const flag = flags[c.flag]!;
        const killed = (await services.configs.get(flag, ENV)).killed;
        await attempt(() => (killed ? services.configs.restore(people[3]!, flag, ENV, 'over') : services.configs.kill(people[3]!, flag, ENV, 'incident')));
        break;
      }
      case 'tick':
        clock += c.minutes * 60_000;
        await services.changeRequests.runDue();
        break;
    }
  }

  // Every change to these flags' production configs: a break-glass one, a kill or restore, or a request's.
  const entries = await services.audit.list({ envKey: ENV, limit: 10_000, order: 'asc' }, 'admin');
  const byId = new Map(requests.map((r) => [r.id, r]));
  for (const e of entries) {
    if (e.resource !== 'flag-config' || !flags.includes(e.flagKey!)) continue;
    if (e.action === 'flag.kill' || e.action === 'flag.restore') continue;
    if (e.reason === 'break-glass: beside the requests') continue;
    expect(e.action).toBe('flag.config.update');
    const m = /^change request (cr_[\w-]+) \(approved by ([^)]*)\)(: .*)?$/.exec(e.reason ?? '');
    expect(m, `an unreviewed change reached production: ${JSON.stringify(e)}`).not.toBeNull();
    const r = byId.get(m![1]!)!;
    const applied = entries.find((a) => a.action === 'change-request.apply' && a.targetKey === r.id && a.seq > e.seq) as any;
    expect(applied).toBeDefined();
    const { revision, contentHash, approvers } = applied.after as { revision: number; contentHash: string; approvers: string[] };
    // Byte for byte: the applied revision's hash is the hash of exactly what the test sent.
    const sent = r.revisions.get(revision)!;
    expect(contentHash).toBe(sent.hash);
    expect(sha256(canonicalJson({ environment: ENV, changes: sent.changes }))).toBe(sent.hash);
    expect((e.after as { fallthrough: unknown }).fallthrough).toEqual((sent.changes[0] as { fallthrough: unknown }).fallthrough);
    // Enough people other than the author approved that very content, in approver roles.
    const approvedBy = new Set(
      r.approvals.filter((a) => a.revision === revision && a.hash === sent.hash && a.who !== r.author && approverRoles.includes(people.find((p) => p.name === a.who)!.role)).map((a) => a.who),
    );
    expect(approvedBy.size).toBeGreaterThanOrEqual(MIN_APPROVALS);
    // The audit names them: the request's entry and every change's.
    expect(new Set(approvers)).toEqual(approvedBy);
    expect(m![2]!.split(', ').sort()).toEqual([...approvedBy].sort());
  }
}

describe('change requests, property', () => {
  it('never applies anything but content approved byte for byte by enough non-authors, always with the approvers in the audit', async () => {
    const open = fc.record({ t: fc.constant('open' as const), who, flag: fc.nat(1), pct });
    const sequence = fc.tuple(open, fc.array(command, { minLength: 5, maxLength: 40 })).map(([first, rest]) => [first, ...rest]);
    // One sequence always among the runs, so that requests surely apply both ways (the property is not vacuous).
    const sure: Command[] = [
      { t: 'open', who: 0, flag: 0, pct: 10 },
      { t: 'approve', req: 0, who: 1, stale: false },
      { t: 'approve', req: 0, who: 2, stale: false },
      { t: 'schedule', req: 0, who: 0, minutes: 5 },
      { t: 'tick', minutes: 10 },
      { t: 'open', who: 1, flag: 1, pct: 20 },
      { t: 'approve', req: 0, who: 0, stale: false },
      { t: 'approve', req: 0, who: 2, stale: false },
      { t: 'apply', req: 0, who: 1 },
    ];
    await fc.assert(fc.asyncProperty(sequence, runSequence), { numRuns: 60, examples: [[sure]] });
    expect((await services.audit.verify()).ok).toBe(true);
    // The runs did apply requests (the property is not vacuous).
    const applied = await services.changeRequests.list({ envKey: ENV, state: 'applied', limit: 500 });
    expect(applied.length).toBeGreaterThanOrEqual(2);
    // Some of them at their scheduled time.
    const entries = await services.audit.list({ action: 'change-request.apply', limit: 500 }, 'admin');
    expect(entries.some((e) => e.actor.startsWith('system:schedule/'))).toBe(true);
  }, 120_000);
});
