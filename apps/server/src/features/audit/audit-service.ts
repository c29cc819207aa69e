import { asStoredText } from '@switchyard/core';
import type { AuditCheckpointRecord, AuditRecord, Role } from '../../db/records';
import type { AuditFilter, Database, Tx } from '../../db/stores';
import type { Actor } from '../auth/actor';
import { chainWalker, GENESIS_HASH, hashEntry, type ChainBreak } from './audit-chain';
import { CHECKPOINT_DEFAULTS, CheckpointAnchor, checkCheckpoint, signCheckpoint, type CheckpointOptions } from './audit-checkpoints';
import { verifierFor } from './checkpoint-keys';
import { redactFor } from './audit-redaction';

import type { AuditAction, AuditResource } from '@switchyard/api';

export type { AuditResource };

/** What a service says about one change; the audit service adds seq, time and the chain. */
export interface AuditInput {
  action: AuditAction;
  resource: AuditResource;
  flagKey?: string | null;
  envKey?: string | null;
  targetKey?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** An audit entry as the API shows it: before/after parsed (null, and `redacted`, where the reader may not see them). */
export interface AuditEntryView extends Omit<AuditRecord, 'before' | 'after'> {
  before: unknown;
  after: unknown;
  redacted?: true;
}

/** `GET /audit/verify`: the whole chain checked, every break listed. */
export interface ChainVerification {
  ok: boolean;
  /** Entries checked. */
  entries: number;
  /** Every break found, oldest entry first (at most MAX_LISTED_BREAKS; `breakCount` counts them all). */
  breaks: ChainBreak[];
  breakCount: number;
  checkpoints: {
    /** Whether this server signs checkpoints (a signing key is configured). */
    signing: boolean;
    /** The public key new checkpoints are signed with (`ed25519:…`), or null. */
    publicKey: string | null;
    /** Checkpoints found in the database and checked. */
    checked: number;
    /** The newest checkpoint that verified and matched its entry: every entry up to it is anchored. */
    newest: { seq: number; at: string } | null;
    /** Entries after it: what someone with write access to the database could still remove or rewrite unseen. */
    unanchored: number;
  };
}

/** A line of the NDJSON export: an entry, a checkpoint after the entry it covers, and the verdict last. */
export type ExportLine = { entry: AuditEntryView } | { checkpoint: AuditCheckpointRecord } | { verification: ChainVerification };

const PAGE = 1_000;

/**
 * `outbox`: called with every entry appended, in its transaction (the webhooks' outbox, see
 * features/webhooks/webhook-outbox.ts): `record` is the one place entries are appended.
 */
export function createAuditService(deps: {
  db: Database;
  now: () => Date;
  onRecord?: (action: string) => void;
  checkpoints?: CheckpointOptions;
  outbox?: (tx: Tx, entry: AuditRecord) => Promise<void>;
}) {
  const { db, now, onRecord, outbox } = deps;
  const options = deps.checkpoints ?? {};
  const signer = options.signer;
  const every = options.every ?? CHECKPOINT_DEFAULTS.every;
  const warn = options.warn ?? (() => {});
  const verifier = verifierFor(signer, options.trustedKeys ?? []);
  const anchor = new CheckpointAnchor(verifier, options.headFile, warn);

  /** Signs a checkpoint on `head` in `tx`; the anchor remembers it once committed. */
  async function checkpointIn(tx: Tx, head: { seq: number; hash: string }): Promise<AuditCheckpointRecord | null> {
    if (!signer) return null;
    const checkpoint = signCheckpoint(signer, head, now().toISOString());
    await tx.audit.appendCheckpoint(checkpoint);
    tx.afterCommit(() => anchor.remember(checkpoint));
    return checkpoint;
  }

  /**
   * The whole log, oldest first, with each checkpoint after the entry it covers, checked as it goes:
   * yields entries and checkpoints, returns the verdict. One walk for `verify` and the export.
   */
  async function* walk(): AsyncGenerator<{ entry: AuditRecord } | { checkpoint: AuditCheckpointRecord }, ChainVerification> {
    // Read before the checkpoints are: whatever it remembers was committed before they are read.
    const remembered = anchor.newest;
    const stored: AuditCheckpointRecord[] = [];
    for (let after = 0; ; ) {
      const page = await db.read((s) => s.audit.listCheckpoints(after, PAGE));
      stored.push(...page);
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.seq;
    }
    const checked = stored.map((c) => checkCheckpoint(verifier, c));
    // A checkpoint remembered outside the database and gone from it: the newest entries and their checkpoints were deleted.
    const missing = remembered && !stored.some((c) => c.seq === remembered.seq && c.hash === remembered.hash && c.signature === remembered.signature);
    if (remembered && missing) {
      const at = checked.findIndex((c) => c.seq >= remembered.seq);
      checked.splice(at === -1 ? checked.length : at, checked[at]?.seq === remembered.seq ? 1 : 0, checkCheckpoint(verifier, remembered));
    }
    const walker = chainWalker(checked);
    if (remembered && missing)
      walker.report(
        remembered.seq,
        'checkpoint-missing',
        `the checkpoint of entry ${remembered.seq}, signed at ${remembered.at} and remembered ${anchor.where}, is missing from the database: checkpoints were deleted, or the database was restored from an older copy`,
      );
    let next = 0;
    for (let after = 0; ; ) {
      const page = await db.read((s) => s.audit.list({ afterSeq: after, limit: PAGE, order: 'asc' }));
      for (const entry of page) {
        walker.add(entry);
        yield { entry };
        for (; next < stored.length && stored[next]!.seq <= entry.seq; next++) yield { checkpoint: stored[next]! };
      }
      const last = page[page.length - 1];
      if (!last || page.length < PAGE) break;
      after = last.seq;
    }
    walker.finish();
    for (; next < stored.length; next++) yield { checkpoint: stored[next]! };
    const newest = walker.newestAnchor;
    if (walker.breakCount === 0 && newest) {
      const original = stored.find((c) => c.seq === newest.seq);
      if (original) anchor.remember(original);
    }
    walker.breaks.sort((a, b) => a.seq - b.seq);
    return {
      ok: walker.breakCount === 0,
      entries: walker.entries,
      breaks: walker.breaks,
      breakCount: walker.breakCount,
      checkpoints: {
        signing: signer !== undefined,
        publicKey: signer?.publicKey ?? null,
        checked: stored.length,
        newest: newest ? { seq: newest.seq, at: newest.at } : null,
        unanchored: walker.entries - walker.anchoredEntries,
      },
    };
  }

  /**
   * Signs a checkpoint on the newest entry unless one covers it already (checked again under the
   * write lock, so replicas never write two). Returns it, or null when there was nothing to do.
   */
  async function checkpoint(): Promise<AuditCheckpointRecord | null> {
    if (!signer) return null;
    const [head, last] = await db.read((s) => Promise.all([s.audit.head(), s.audit.lastCheckpoint()]));
    if (!head || (last && last.seq >= head.seq)) return null;
    return db.transaction(async (tx) => {
      const lockedHead = await tx.audit.head();
      const lockedLast = await tx.audit.lastCheckpoint();
      if (!lockedHead || (lockedLast && lockedLast.seq >= lockedHead.seq)) return null;
      return checkpointIn(tx, lockedHead);
    });
  }

  return {
    /** Appends one entry in the caller's transaction, chained to the previous one; every `every`-th is checkpointed with it. */
    async record(tx: Tx, actor: Actor, input: AuditInput): Promise<AuditRecord> {
      const head = await tx.audit.head();
      // Hashed exactly as stored: text the database would store differently (an unpaired surrogate
      // becomes U+FFFD) is stored-form here already. Input never gets this far (parse-input.ts); this
      // keeps the chain verifiable should a caller ever pass such text.
      const text = (value: string | null) => (value === null ? null : asStoredText(value));
      const base = {
        seq: (head?.seq ?? 0) + 1,
        at: now().toISOString(),
        actor: asStoredText(actor.name),
        actorKeyId: actor.keyId,
        action: input.action,
        resource: input.resource,
        flagKey: text(input.flagKey ?? null),
        envKey: text(input.envKey ?? null),
        targetKey: text(input.targetKey ?? null),
        // JSON.stringify writes an unpaired surrogate as a \u escape: the text is well-formed.
        before: input.before === undefined ? null : JSON.stringify(input.before),
        after: input.after === undefined ? null : JSON.stringify(withContext(input.after, actor.context)),
        reason: text(input.reason ?? null),
        prevHash: head?.hash ?? GENESIS_HASH,
      };
      const entry: AuditRecord = { ...base, hash: hashEntry(base) };
      await tx.audit.append(entry);
      if (outbox) await outbox(tx, entry);
      if (entry.seq % every === 0) await checkpointIn(tx, entry);
      if (onRecord) tx.afterCommit(() => onRecord(entry.action));
      return entry;
    },

    checkpoint,

    /**
     * Checkpoints entries left uncovered every `intervalMs` until the returned function is called
     * (which writes a last one, for shutdown). Errors go to `warn`: a missed checkpoint is retried.
     */
    startCheckpoints(): () => Promise<void> {
      if (!signer) return async () => {};
      const run = () => checkpoint().catch((err: unknown) => warn(`audit checkpoint not written: ${(err as Error).message}`));
      const timer = setInterval(run, options.intervalMs ?? CHECKPOINT_DEFAULTS.intervalMs);
      timer.unref();
      return async () => {
        clearInterval(timer);
        await run();
      };
    },

    /** Entries matching the filter; key entries' content only for admins (`GET /keys` is theirs alone). */
    async list(filter: AuditFilter, reader: Role): Promise<AuditEntryView[]> {
      const rows = await db.read((s) => s.audit.list(filter));
      return rows.map((row) => redactFor(reader, toView(row)));
    },

    /** Walks the whole chain; reports every altered, missing or unchained entry and checkpoint. */
    async verify(): Promise<ChainVerification> {
      const chain = walk();
      for (;;) {
        const step = await chain.next();
        if (step.done) return step.value;
      }
    },

    /**
     * The export, oldest first. Unfiltered, it is the whole chain with its checkpoints, checked as it
     * is read, and ends with the verdict; filtered, only the matching entries.
     */
    async *export(filter: Omit<AuditFilter, 'limit' | 'order' | 'afterSeq'>, reader: Role): AsyncGenerator<ExportLine> {
      if (Object.values(filter).every((v) => v === undefined)) {
        const chain = walk();
        for (;;) {
          const step = await chain.next();
          if (step.done) return yield { verification: step.value };
          yield 'entry' in step.value ? { entry: redactFor(reader, toView(step.value.entry)) } : step.value;
        }
      }
      for (let after = 0; ; ) {
        const page = await db.read((s) => s.audit.list({ ...filter, afterSeq: after, limit: PAGE, order: 'asc' }));
        for (const row of page) yield { entry: redactFor(reader, toView(row)) };
        const last = page[page.length - 1];
        if (!last || page.length < PAGE) return;
        after = last.seq;
      }
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

/** An automation actor's context kept in the entry's `after`, under `via` (see Actor.context). */
function withContext(after: unknown, context: Record<string, unknown> | undefined): unknown {
  if (!context || typeof after !== 'object' || after === null || Array.isArray(after)) return after;
  return { ...after, via: context };
}

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
