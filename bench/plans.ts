// Plans (issue 26, item 7): one plan of N changes applied through POST /api/v1/environments/:env/apply,
// all or nothing in one transaction, on SQLite and on PostgreSQL — beside the same N changes sent one
// request each (what `switchyard apply` did before). A server SDK on the stream must receive the plan as
// exactly one `changes` message; the audit chain must verify after. Target: N = 2,000 in under 5 s on either.
//   pnpm --filter @switchyard/bench plans [-- --changes=2000 --single=true --postgres=auto --target=5000 --profile=DIR]
import WebSocket from 'ws';
import { options } from './support/args';
import { printLoadAtEnd, printMachine } from './support/machine';
import { onBothDatabases } from './support/databases';
import type { Server } from './support/server';
import { formatNumber, printTable } from './support/table';

const opts = options({ changes: 2000, single: true, postgres: 'auto', target: 5000, profile: '' });
printMachine(`Plans: ${opts.changes.toLocaleString('en-US')} changes in one plan, all or nothing`);

interface Row {
  database: string;
  how: string;
  changes: number;
  ms: number;
  /** The plan's request body (none for one request per change). */
  bodyBytes: number | '-';
  versions: string;
  sdk: string;
  audit: string;
}

const quarter = Math.max(1, Math.floor(opts.changes / 4));
const targets = (i: number) => [{ variation: 1, values: Array.from({ length: 5 }, (_, n) => `customer-${i}-${n}`) }];

/**
 * The timed plan, `opts.changes` changes: targeting and a rule on 2 × quarter existing flags (two
 * changes to each: the targeting, then turning it on), and quarter new flags, each created then set.
 */
function timedChanges(existing: { key: string; version: number }[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const [i, f] of existing.entries()) {
    out.push({ op: 'flag.config.update', key: f.key, baseVersion: f.version, targets: targets(i), rules: [{ clauses: [{ attribute: 'plan', op: 'in', values: ['enterprise'] }], serve: { variation: 1 } }] });
    out.push({ op: 'flag.enable', key: f.key, baseVersion: f.version });
  }
  for (let i = 0; out.length < opts.changes; i++) {
    out.push({ op: 'flag.create', key: `plan-new-${i}`, type: 'release', owner: 'bench', clientSide: i % 2 === 0 });
    if (out.length < opts.changes) out.push({ op: 'flag.config.update', key: `plan-new-${i}`, targets: targets(i) });
  }
  return out;
}

/** A protocol-2 server SDK connection that records what it receives after its snapshot. */
async function sdkConnection(server: Server) {
  const key = (await server.keys('server', 1))[0]!;
  const socket = new WebSocket(server.streamUrl, { maxPayload: 64 * 1024 * 1024 });
  const frames: { type: string; version?: number; items?: unknown[] }[] = [];
  let snapshot!: () => void;
  const synced = new Promise<void>((resolve) => (snapshot = resolve));
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string };
    if (frame.type === 'snapshot') snapshot();
    else if (frame.type !== 'ready' && frame.type !== 'ping') frames.push(frame);
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'hello', protocol: 2, sdk: { name: 'bench-plans', version: '0' }, key }));
  await synced;
  return {
    frames,
    async until(version: number, timeoutMs = 30_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!frames.some((f) => (f.version ?? -1) >= version)) {
        if (Date.now() > deadline) throw new Error(`the SDK did not receive version ${version}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    close: () => socket.close(),
  };
}

async function run(server: Server, database: string): Promise<Row[]> {
  const rows: Row[] = [];
  // Setup, untimed: the flags the plan edits, made by one plan.
  const seed = Array.from({ length: quarter }, (_, i) => ({ op: 'flag.create', key: `plan-${i}`, type: 'release', owner: 'bench' }));
  await server.must('POST', '/api/v1/environments/production/apply', { changes: seed, reason: 'bench setup' });
  const existing = (await server.must('GET', '/api/v1/flags')).items
    .filter((f: { key: string }) => f.key.startsWith('plan-'))
    .map((f: { key: string; environments: { production: { version: number } } }) => ({ key: f.key, version: f.environments.production.version }));
  const changes = timedChanges(existing);
  const body = JSON.stringify({ changes, reason: 'bench plan' });
  const sdk = await sdkConnection(server);
  const entriesBefore = (await server.must('GET', '/api/v1/audit/verify')).entries as number;

  if (opts.profile) server.profile();
  const t0 = performance.now();
  const res = await fetch(`${server.baseUrl}/api/v1/environments/production/apply`, { method: 'POST', headers: { authorization: `Bearer ${server.proc.adminToken}`, 'content-type': 'application/json' }, body });
  const answer = (await res.json()) as { applied?: unknown[]; versions?: Record<string, number>; code?: string; message?: string };
  const ms = performance.now() - t0;
  if (opts.profile) {
    server.profile();
    await new Promise((r) => setTimeout(r, 500));
    console.log(`server CPU profile of the plan (${database}): ${opts.profile}/server-${server.pid}-1.cpuprofile`);
  }
  if (res.status !== 200) throw new Error(`the plan was refused: ${res.status} ${answer.code}: ${answer.message}`);
  await sdk.until(answer.versions!.production!);
  const forPlan = sdk.frames.filter((f) => f.version === answer.versions!.production);
  const verify = await server.must('GET', '/api/v1/audit/verify');
  rows.push({
    database,
    how: 'one plan (POST …/apply)',
    changes: answer.applied!.length,
    ms,
    bodyBytes: Buffer.byteLength(body),
    versions: Object.entries(answer.versions!).map(([env, v]) => `${env} +1 → ${v}`).join(', '),
    sdk: `${sdk.frames.length} message${sdk.frames.length === 1 ? '' : 's'}: ${forPlan.map((f) => `${f.type} (${f.items?.length ?? 1} items)`).join(', ')}`,
    audit: `${verify.ok ? 'chain ok' : 'CHAIN BROKEN'}, +${(verify.entries - entriesBefore).toLocaleString('en-US')} entries`,
  });
  sdk.close();

  if (opts.single) {
    // The same kind of work, one request per change (the old `switchyard apply`): toggles of the flags above.
    const flags = (await server.must('GET', '/api/v1/flags')).items.filter((f: { key: string }) => f.key.startsWith('plan-')).slice(0, opts.changes);
    const before = (await server.must('GET', '/api/v1/audit/verify')).entries as number;
    const t1 = performance.now();
    let done = 0;
    for (let i = 0; done < opts.changes; i++) {
      const f = flags[i % flags.length];
      const cfg = await server.must('GET', `/api/v1/flags/${f.key}/environments/production`);
      await server.must('POST', `/api/v1/flags/${f.key}/environments/production/toggle`, { enabled: !cfg.enabled, baseVersion: cfg.version, reason: 'bench single' });
      done++;
    }
    const singleMs = performance.now() - t1;
    const after = await server.must('GET', '/api/v1/audit/verify');
    rows.push({ database, how: 'one request per change (read + toggle)', changes: done, ms: singleMs, bodyBytes: '-', versions: `production +${done}`, sdk: '-', audit: `${after.ok ? 'chain ok' : 'CHAIN BROKEN'}, +${(after.entries - before).toLocaleString('en-US')} entries` });
  }
  return rows;
}

const { results: rows, failed: runFailed, postgresNote } = await onBothDatabases(opts.postgres, opts.profile, run);
let failed = runFailed;

printTable(
  ['database', 'how', 'changes', 'ms', 'changes/s', 'request bytes', 'environment versions', 'server SDK received', 'audit after'],
  rows.map((r) => [r.database, r.how, r.changes, r.ms, (r.changes / r.ms) * 1000, r.bodyBytes, r.versions, r.sdk, r.audit]),
);
if (postgresNote) console.log(postgresNote);
for (const r of rows.filter((x) => !x.audit.startsWith('chain ok'))) {
  console.log(`FAILED: ${r.database}, ${r.how}: audit ${r.audit}`);
  failed = true;
}
for (const r of rows.filter((x) => x.how.startsWith('one plan'))) {
  const oneUnit = /^1 message: changes \(/.test(r.sdk);
  if (!oneUnit) {
    console.log(`FAILED: ${r.database}: the SDK did not receive the plan as one changes message (${r.sdk})`);
    failed = true;
  }
  console.log(`target: ${opts.changes.toLocaleString('en-US')} changes in one plan under ${formatNumber(opts.target)} ms on ${r.database}: ${r.ms < opts.target ? 'met' : 'MISSED'} (${formatNumber(r.ms)} ms)`);
}
printLoadAtEnd();
process.exit(failed ? 1 : 0);
