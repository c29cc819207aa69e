/**
 * Hostile-input soak: 100,000 fuzzed admin/SDK HTTP requests (RUNS to change) against a real app on
 * a real SQLite file, with small environment budgets that large requests run into (every running size
 * checked against a count from scratch) and signed audit checkpoints. Prints requests fuzzed, the status
 * mix and every rule broken (must be 0), and whether the audit chain and its checkpoints verify.
 *   node --import tsx bench/soak/fuzz-soak.ts
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../apps/server/src/app';
import { loadSigningKey } from '../../apps/server/src/features/audit/checkpoint-keys';
import { SYSTEM_ACTOR } from '../../apps/server/src/features/auth/actor';
import { createServices } from '../../apps/server/src/services';
import { openTestDatabase } from '../../apps/server/test/store-contract/support/test-database';
import { checkFuzzRequest, FUZZ_BUDGET, fuzzRequest } from '../../apps/server/test/support/http-fuzz';

const RUNS = Number(process.env.RUNS ?? 100_000);
const database = await openTestDatabase(() => {});
const db = database.db;
const keyDir = mkdtempSync(join(tmpdir(), 'switchyard-fuzz-soak-'));
// Checkpoints on every 100th entry, in its transaction; the timer never fires during the run (a
// checkpoint between the fuzz harness's two fingerprints would look like a refused request's write,
// and a 100,000-request run takes over an hour here): the longest interval a Node timer takes, 24.8 days.
const signer = loadSigningKey(join(keyDir, 'audit-signing-key.pem'), { create: true }).signer;
const services = createServices({ db, budget: FUZZ_BUDGET, checkpoints: { signer, every: 100, intervalMs: 2 ** 31 - 1 } });
await services.environments.ensureDefaults(SYSTEM_ACTOR);
const admin = (await services.keys.bootstrap(SYSTEM_ACTOR, undefined))!;
const app = await buildApp(services, { adminDir: false });
const actor = { ...SYSTEM_ACTOR, name: 'fuzz-seed' };
await services.flags.create(actor, { key: 'target', type: 'release', owner: 'o' });
await services.flags.create(actor, { key: 'mig', type: 'migration', owner: 'o' });
await services.segments.create(actor, 'production', { key: 'ring' });
const s = { app, database, tokens: { admin, viewer: admin, editor: admin, responder: admin } };

const statuses = new Map<number, number>();
const problems: string[] = [];
const started = Date.now();
let done = 0;
let overBudget = 0;
for (const r of fc.sample(fuzzRequest, { numRuns: RUNS, seed: Number(process.env.SEED ?? 42) })) {
  const found = await checkFuzzRequest(s, r, FUZZ_BUDGET, (_status, code) => code === 'ENVIRONMENT_BUDGET_EXCEEDED' && overBudget++);
  problems.push(...found);
  const res = await app.inject({ method: 'GET', url: '/healthz' });
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  if (++done % 10_000 === 0) console.log(`${done} requests, ${problems.length} problems, ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
const verify = await services.audit.verify();
await app.close();
await database.dispose();
rmSync(keyDir, { recursive: true, force: true });
for (const p of problems.slice(0, 20)) console.log(`PROBLEM ${p}`);
console.log(`\nrequests fuzzed: ${RUNS}, refused by an environment budget: ${overBudget}, rules broken: ${problems.length}, health checks ok: ${statuses.get(200) ?? 0}/${RUNS}, audit chain: ${verify.ok ? 'ok' : 'BROKEN'} (${verify.checkpoints.checked} signed checkpoints), in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(problems.length === 0 && verify.ok ? 0 : 1);
