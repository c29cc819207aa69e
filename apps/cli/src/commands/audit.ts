import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { bool, positiveInt, str } from '../args';
import type { Command, CommandContext, CommandInput } from '../command';
import { CheckFailed, EXIT, UsageError } from '../errors';
import { shortTime, table } from '../format/table';
import type { Query } from '../http/api-client';
import type { AuditEntry, AuditPage, VerifyResult } from '../http/api-types';
import { readEvents } from '../http/sse';
import { verifyExport } from './audit-file';
import { readInputFile } from './files';

const filterOptions = {
  flag: { type: 'string', value: 'KEY', description: 'only entries about this flag' },
  env: { type: 'string', value: 'ENV', description: 'only entries in this environment' },
} as const;

/** How often `--follow` also polls, for entries no change event announces (keys, refused moves). */
const FOLLOW_POLL_MS = 5_000;

function filters(input: CommandInput): Query {
  return { flag: str(input, 'flag'), environment: str(input, 'env') };
}

function entryRow(e: AuditEntry): string[] {
  const subject = `${e.flagKey ?? e.targetKey ?? '-'}${e.envKey ? ` [${e.envKey}]` : ''}`;
  return [String(e.seq), shortTime(e.at), e.actor, e.action, subject, e.reason ?? ''];
}

const HEADERS = ['SEQ', 'AT', 'ACTOR', 'ACTION', 'SUBJECT', 'REASON'];

/** Entries newer than `afterSeq`, oldest first, paging back through the newest-first API. */
async function entriesAfter(ctx: CommandContext, query: Query, afterSeq: number): Promise<AuditEntry[]> {
  const found: AuditEntry[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await ctx.api().get<AuditPage>('/api/v1/audit', { ...query, limit: 100, before });
    for (const e of page.items) {
      if (e.seq <= afterSeq) return found.reverse();
      found.push(e);
    }
    if (page.nextBefore === null) return found.reverse();
    before = page.nextBefore;
  }
}

const tail: Command = {
  path: ['audit', 'tail'],
  summary: 'show the latest audit entries, oldest first; --follow keeps printing new ones',
  options: {
    ...filterOptions,
    limit: { type: 'string', value: 'N', description: 'how many entries (default 20, at most 500)' },
    follow: { type: 'boolean', short: 'f', description: 'keep running and print entries as changes happen (Ctrl-C ends)' },
  },
  async run(ctx, input) {
    const query = filters(input);
    const limit = positiveInt(input, 'limit', 500) ?? 20;
    const page = await ctx.api().get<AuditPage>('/api/v1/audit', { ...query, limit });
    const first = [...page.items].reverse();
    const print = (entries: AuditEntry[], header: boolean) => {
      if (ctx.json) for (const e of entries) ctx.out(JSON.stringify(e));
      else if (entries.length > 0) {
        const text = table(HEADERS, entries.map(entryRow));
        ctx.out(header ? text : text.split('\n').slice(1).join('\n'));
      }
    };
    if (!bool(input, 'follow')) {
      if (ctx.json) return ctx.outJson(page);
      if (first.length === 0) return ctx.out('No audit entries.');
      return print(first, true);
    }
    // --follow: one JSON object per line with --json (NDJSON), table rows otherwise.
    print(first, true);
    await follow(ctx, query, first[first.length - 1]?.seq ?? 0, (entries) => print(entries, false));
  },
};

/**
 * Prints new entries as they are written: each `change` event on GET /api/v1/events triggers a
 * read of what is new (events carry no content — entries are read with the token's own rights),
 * plus a slow poll for entries no change announces. Ends when the signal aborts.
 */
async function follow(ctx: CommandContext, query: Query, since: number, print: (entries: AuditEntry[]) => void): Promise<void> {
  const signal = ctx.io.signal;
  if (signal?.aborted) return;
  let lastSeq = since;
  let busy: Promise<void> = Promise.resolve();
  const catchUp = () => {
    busy = busy.then(async () => {
      if (signal?.aborted) return;
      const entries = await entriesAfter(ctx, query, lastSeq);
      if (entries.length > 0) {
        lastSeq = entries[entries.length - 1]!.seq;
        print(entries);
      }
    });
    return busy;
  };
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setInterval(() => void catchUp().catch(() => undefined), FOLLOW_POLL_MS);
  try {
    const res = await ctx.api().stream('/api/v1/events', undefined, stop.signal);
    ctx.note('Following the audit log (Ctrl-C to stop)…');
    await catchUp();
    for await (const ev of readEvents(res.body!, stop.signal)) if (ev.event === 'change') await catchUp();
    if (!stop.signal.aborted) ctx.note('The server closed the event stream.');
  } catch (e) {
    if (!stop.signal.aborted) throw e;
  } finally {
    clearInterval(timer);
    signal?.removeEventListener('abort', onAbort);
    await busy.catch(() => undefined);
  }
}

/** What checkpoints anchor, for people: how much of the log someone with database access could still hide. */
function anchoring(c: VerifyResult['checkpoints']): string {
  if (!c.signing && c.checked === 0) return 'No signed checkpoints checked: the newest entries could have been removed, or the chain recomputed, unseen (docs/security.md).';
  const newest = c.newest ? `Signed checkpoints anchor entries 1–${c.newest.seq} (newest signed ${c.newest.at})` : 'No signed checkpoint anchors any entry yet';
  return `${newest}; ${c.unanchored} newer ${c.unanchored === 1 ? 'entry is' : 'entries are'} not anchored yet.${c.publicKey ? ` Signing key: ${c.publicKey}.` : ''}`;
}

const verify: Command = {
  path: ['audit', 'verify'],
  summary: "check the audit log's hash chain and signed checkpoints (exit 1 when an entry was altered or removed)",
  options: {
    file: { type: 'string', short: 'f', value: 'FILE', description: 'check an export (audit export --out FILE) here, without the server' },
    'public-key': { type: 'string', value: 'KEY', description: "with --file: the server's checkpoint key(s), ed25519:…, comma-separated, kept apart from the server" },
  },
  async run(ctx, input) {
    const file = str(input, 'file');
    const keys = (str(input, 'public-key') ?? '').split(',').map((k) => k.trim()).filter((k) => k.length > 0);
    if (file === undefined && keys.length > 0) throw new UsageError('--public-key goes with --file (the server checks with its own keys)');
    let result: VerifyResult;
    const notes: string[] = [];
    if (file === undefined) result = await ctx.api().get<VerifyResult>('/api/v1/audit/verify');
    else {
      const { text } = await readInputFile(ctx.io, file, '--file');
      const checked = verifyExport(text, file, keys);
      result = checked.result;
      if (keys.length === 0) notes.push('Checkpoints not checked: give --public-key with the key the server prints at start.');
      notes.push(checked.exported ? `The server's own verdict when it exported: ${checked.exported.ok ? 'intact' : `BROKEN (${checked.exported.breakCount} problems)`}.` : `${file} has no verdict line: a filtered export, whose gaps are expected.`);
    }
    if (ctx.json) ctx.outJson(result);
    for (const note of notes) ctx.note(note);
    if (result.ok) {
      if (!ctx.json) ctx.out(`Audit log intact: ${result.entries} entries, hash chain verified.\n${anchoring(result.checkpoints)}`);
      return EXIT.ok;
    }
    if (ctx.json) return EXIT.refused;
    const listed = result.breaks.map((b) => `  entry ${b.seq} (${b.problem}): ${b.message}`);
    const more = result.breakCount > result.breaks.length ? [`  … and ${result.breakCount - result.breaks.length} more`] : [];
    throw new CheckFailed(
      [`Audit log BROKEN: ${result.breakCount} ${result.breakCount === 1 ? 'problem' : 'problems'} in ${result.entries} entries:`, ...listed, ...more, anchoring(result.checkpoints)].join('\n'),
    );
  },
};

const exportLog: Command = {
  path: ['audit', 'export'],
  summary: 'write the audit log (or the filtered part) as NDJSON, oldest first',
  options: { ...filterOptions, out: { type: 'string', short: 'o', value: 'FILE', description: 'write to FILE instead of stdout' } },
  async run(ctx, input) {
    const res = await ctx.api().stream('/api/v1/audit/export', filters(input));
    const out = str(input, 'out');
    if (out === undefined) {
      const decoder = new TextDecoder();
      for await (const chunk of res.body! as unknown as AsyncIterable<Uint8Array>) ctx.io.stdout(decoder.decode(chunk, { stream: true }));
      return;
    }
    const path = resolve(ctx.io.cwd, out);
    await pipeline(Readable.fromWeb(res.body! as NodeReadableStream<Uint8Array>), createWriteStream(path));
    ctx.note(`Wrote the audit log to ${path}.`);
    if (ctx.json) ctx.outJson({ file: path });
  },
};

export const auditCommands: Command[] = [tail, verify, exportLog];
