import { afterAll, describe, expect, it } from 'vitest';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../apps/server/test/store-contract/support/throwaway-postgres';
import { postgresWriteLockProbe, sqliteWriteLockProbe } from '../../apps/server/test/support/write-lock-probe';
import { ServerProcess } from '../support/server-process';

/**
 * A server killed (SIGKILL) in the middle of applying a large plan (issue 26, item 7) leaves all of
 * it or none of it: after a restart, the plan's flags, audit entries and environment version are all
 * there or all absent, and the audit chain verifies. The kill is timed by the database itself: it
 * lands while the plan's transaction holds the write lock (SQLite: another connection's BEGIN
 * IMMEDIATE is busy; PostgreSQL: the write lock's advisory lock is granted).
 */
const FLAGS = 600; // 1,200 changes: a create and a targeting edit each
const disposers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of disposers.reverse()) await d();
});

function planOf(round: string): { changes: unknown[]; reason: string } {
  const changes: unknown[] = [];
  for (let i = 0; i < FLAGS; i++) {
    changes.push({ op: 'flag.create', key: `crash-${round}-${i}`, type: 'release', owner: 'team-crash' });
    changes.push({ op: 'flag.config.update', key: `crash-${round}-${i}`, targets: [{ variation: 1, values: [`user-${i}`] }] });
  }
  return { changes, reason: `crash ${round}` };
}

/** Resolves once `holding()` says the plan's transaction is open (polling the database, not a clock). */
async function whileHolding(holding: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await holding())) {
    if (Date.now() > deadline) throw new Error('the plan never held the write lock');
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Sends a plan, SIGKILLs the server while its transaction is open, restarts it, and reports what survived. */
async function crashDuringPlan(server: ServerProcess, round: string, holding: () => Promise<boolean>) {
  const before = (await server.api('GET', '/api/v1/environments/production')).body.version as number;
  const entriesBefore = (await server.api('GET', '/api/v1/audit/verify')).body.entries as number;
  const sent = fetch(`${server.baseUrl}/api/v1/environments/production/apply`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(planOf(round)),
  }).then(
    (r) => r.status,
    () => 'no answer' as const,
  );
  await whileHolding(holding);
  await server.kill();
  const answer = await sent;
  await server.start();
  const flags = ((await server.api('GET', '/api/v1/flags?q=crash-')).body.items as { key: string }[]).filter((f) => f.key.startsWith(`crash-${round}-`));
  const after = (await server.api('GET', '/api/v1/environments/production')).body.version as number;
  const verify = (await server.api('GET', '/api/v1/audit/verify')).body;
  return { answer, flags: flags.length, entries: verify.entries - entriesBefore, versionMoved: after - before, chainOk: verify.ok === true };
}

describe('a server killed in the middle of a large plan', () => {
  it('on SQLite: none of the plan after the restart, the chain whole; then the same plan applies whole', { timeout: 120_000 }, async () => {
    const server = new ServerProcess();
    disposers.push(() => server.dispose());
    await server.start();
    const crashed = await crashDuringPlan(server, 'sqlite', sqliteWriteLockProbe(server.file).held);
    expect(crashed).toMatchObject({ answer: 'no answer', flags: 0, entries: 0, versionMoved: 0, chainOk: true });

    const whole = await server.api('POST', '/api/v1/environments/production/apply', planOf('sqlite'));
    expect(whole.status).toBe(200);
    const flags = ((await server.api('GET', '/api/v1/flags?q=crash-sqlite-')).body.items as unknown[]).length;
    expect(flags).toBe(FLAGS);
  });

  it('on PostgreSQL: the same, with the kill timed by the write lock being held', { timeout: 120_000 }, async () => {
    const db: ThrowawayDatabase = await createThrowawayDatabase();
    disposers.push(() => db.drop());
    const server = new ServerProcess({ DATABASE_URL: db.url });
    disposers.push(() => server.dispose());
    await server.start();
    const probe = await postgresWriteLockProbe(db.url);
    disposers.push(() => probe.close());
    const crashed = await crashDuringPlan(server, 'pg', probe.held);
    expect(crashed).toMatchObject({ answer: 'no answer', flags: 0, entries: 0, versionMoved: 0, chainOk: true });
    const whole = await server.api('POST', '/api/v1/environments/production/apply', planOf('pg'));
    expect(whole.status).toBe(200);
    expect(((await server.api('GET', '/api/v1/flags?q=crash-pg-')).body.items as unknown[]).length).toBe(FLAGS);
  });
});
