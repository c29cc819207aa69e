import type { AuditRecord } from '../../db/records';
import type { AuditFilter, Database, Tx } from '../../db/stores';
import type { Actor } from '../auth/actor';
import { findChainBreak, GENESIS_HASH, hashEntry, type ChainBreak } from './audit-chain';

/** What a service says about one change; the audit service adds seq, time and the chain. */
export interface AuditInput {
  action: string;
  resource: 'flag' | 'flag-config' | 'segment' | 'environment' | 'key' | 'session' | 'migration';
  flagKey?: string | null;
  envKey?: string | null;
  targetKey?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** An audit entry as the API shows it: before/after parsed. */
export interface AuditEntryView extends Omit<AuditRecord, 'before' | 'after'> {
  before: unknown;
  after: unknown;
}

const VERIFY_PAGE = 1_000;

export function createAuditService(deps: { db: Database; now: () => Date; onRecord?: (action: string) => void }) {
  const { db, now, onRecord } = deps;

  return {
    /** Appends one entry in the caller's transaction, chained to the previous one. */
    async record(tx: Tx, actor: Actor, input: AuditInput): Promise<AuditRecord> {
      const head = await tx.audit.head();
      const base = {
        seq: (head?.seq ?? 0) + 1,
        at: now().toISOString(),
        actor: actor.name,
        actorKeyId: actor.keyId,
        action: input.action,
        resource: input.resource,
        flagKey: input.flagKey ?? null,
        envKey: input.envKey ?? null,
        targetKey: input.targetKey ?? null,
        before: input.before === undefined ? null : JSON.stringify(input.before),
        after: input.after === undefined ? null : JSON.stringify(input.after),
        reason: input.reason ?? null,
        prevHash: head?.hash ?? GENESIS_HASH,
      };
      const entry: AuditRecord = { ...base, hash: hashEntry(base) };
      await tx.audit.append(entry);
      if (onRecord) tx.afterCommit(() => onRecord(entry.action));
      return entry;
    },

    async list(filter: AuditFilter): Promise<AuditEntryView[]> {
      const rows = await db.read((s) => s.audit.list(filter));
      return rows.map(toView);
    },

    /** Walks the whole chain page by page; reports the first altered, missing or unchained entry. */
    async verify(): Promise<{ ok: true; entries: number } | { ok: false; entries: number; break: ChainBreak }> {
      let prevHash = GENESIS_HASH;
      let prevSeq = 0;
      let checked = 0;
      for (;;) {
        const page = await db.read((s) => s.audit.list({ afterSeq: prevSeq, limit: VERIFY_PAGE, order: 'asc' }));
        const problem = findChainBreak(page, prevHash, prevSeq);
        if (problem) return { ok: false, entries: checked + page.findIndex((e) => e.seq === problem.seq), break: problem };
        checked += page.length;
        const last = page[page.length - 1];
        if (!last || page.length < VERIFY_PAGE) return { ok: true, entries: checked };
        prevHash = last.hash;
        prevSeq = last.seq;
      }
    },

    /** Yields every entry matching the filter, oldest first, one page at a time. */
    async *export(filter: Omit<AuditFilter, 'limit' | 'order' | 'afterSeq'>): AsyncGenerator<AuditEntryView> {
      let after = 0;
      for (;;) {
        const page = await db.read((s) => s.audit.list({ ...filter, afterSeq: after, limit: VERIFY_PAGE, order: 'asc' }));
        for (const row of page) yield toView(row);
        const last = page[page.length - 1];
        if (!last || page.length < VERIFY_PAGE) return;
        after = last.seq;
      }
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

function toView(row: AuditRecord): AuditEntryView {
  return { ...row, before: parseOrNull(row.before), after: parseOrNull(row.after) };
}

function parseOrNull(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
