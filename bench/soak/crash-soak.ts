/**
 * Crash soak: kill -9 the server during a burst of 1,000 writes, 20 times (ROUNDS / WRITES to change).
 * Prints, per round and in total, writes acknowledged, lost (must be 0), missing audit entries (0),
 * chain verification and stream resume. Exits 1 if anything acknowledged was lost.
 *   node --import tsx bench/soak/crash-soak.ts
 */
import { crashRound } from '../../test/support/crash-round';
import { ServerProcess } from '../../test/support/server-process';

const ROUNDS = Number(process.env.ROUNDS ?? 20);
const WRITES = Number(process.env.WRITES ?? 1000);

const server = new ServerProcess({ WRITES_PER_MINUTE: '0' }); // bursts of 1,000 writes by one token: more than its minute's allowance
await server.start();
const key = (await server.sdkKey('server')).secret;
let acknowledged = 0;
let lost = 0;
let missingAudit = 0;
let brokenChains = 0;
let badResumes = 0;
const started = Date.now();
for (let round = 0; round < ROUNDS; round++) {
  const r = await crashRound(server, round, WRITES, key);
  acknowledged += r.acknowledged;
  lost += r.lost.length;
  missingAudit += r.missingAudit.length;
  if (!r.chainOk) brokenChains++;
  if (!r.resumedContiguously) badResumes++;
  console.log(
    `round ${String(round + 1).padStart(2)}: ${r.acknowledged}/${r.attempted} acknowledged, lost ${r.lost.length}, missing audit ${r.missingAudit.length}, chain ${r.chainOk ? 'ok' : 'BROKEN'}, resume ${r.resumedContiguously ? 'ok' : 'BAD'} (${r.versionsReplayed} versions replayed)`,
  );
}
await server.dispose();
console.log(`\ncrashes survived: ${ROUNDS}, writes acknowledged: ${acknowledged}, writes lost: ${lost}, audit entries missing: ${missingAudit}, broken chains: ${brokenChains}, bad resumes: ${badResumes}, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(lost + missingAudit + brokenChains + badResumes === 0 ? 0 : 1);
