/**
 * The audit chain's format and its check, pure (no hashing here: callers bring SHA-256), so that the
 * server and anyone holding an export check it the same way (docs/security.md).
 */

/** An audit entry as stored: `before`/`after` are the exact JSON text hashed (or null). */
export interface AuditEntryRecord {
  seq: number;
  at: string;
  actor: string;
  actorKeyId: string | null;
  action: string;
  resource: string;
  flagKey: string | null;
  envKey: string | null;
  targetKey: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
  prevHash: string;
  hash: string;
}

/** The hash of the (empty) entry before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The text an entry's hash is the SHA-256 (hex) of: the previous entry's hash, a line feed, and the
 * entry's fields as one JSON array, so no two different entries serialise alike. Never change it:
 * every stored chain was hashed this way.
 */
export function auditHashInput(e: Omit<AuditEntryRecord, 'hash'>): string {
  const fields = [e.seq, e.at, e.actor, e.actorKeyId, e.action, e.resource, e.flagKey, e.envKey, e.targetKey, e.before, e.after, e.reason];
  return `${e.prevHash}\n${JSON.stringify(fields)}`;
}

/** The text a checkpoint's Ed25519 signature covers (UTF-8). Versioned: never change what a version means. */
export function checkpointMessage(c: { seq: number; hash: string; at: string }): string {
  return `switchyard-audit-checkpoint/1\n${c.seq}\n${c.hash}\n${c.at}`;
}

/**
 * What can be wrong with the log:
 * - `seq-gap`: entries are missing before this one;
 * - `prev-hash-mismatch`: this entry does not chain to the one before it (one of them was replaced);
 * - `hash-mismatch`: this entry's content does not match its hash (it was edited);
 * - `checkpoint-mismatch`: this entry's hash is not the one a signed checkpoint recorded (the log was
 *   rewritten and its hashes recomputed);
 * - `checkpoint-entry-missing`: a signed checkpoint covers this entry, which is gone (truncation);
 * - `checkpoint-signature`: a checkpoint's signature does not verify (forged or altered);
 * - `checkpoint-unknown-key`: a checkpoint is signed by a key not trusted here;
 * - `checkpoint-missing`: a checkpoint remembered outside the database is gone from it.
 */
export const CHAIN_PROBLEMS = [
  'seq-gap',
  'prev-hash-mismatch',
  'hash-mismatch',
  'checkpoint-mismatch',
  'checkpoint-entry-missing',
  'checkpoint-signature',
  'checkpoint-unknown-key',
  'checkpoint-missing',
] as const;
export type ChainProblem = (typeof CHAIN_PROBLEMS)[number];

export interface ChainBreak {
  seq: number;
  problem: ChainProblem;
  message: string;
}

/** How a checkpoint's signature checked out against the keys trusted. */
export type SignatureCheck = 'valid' | 'invalid' | 'unknown-key';

/** A checkpoint as the walk uses it: its signature already checked. */
export interface CheckedCheckpoint {
  seq: number;
  hash: string;
  at: string;
  keyId: string;
  signature: SignatureCheck;
}

/** Breaks kept for the answer; more are counted, not listed (a rewritten table would list every row). */
export const MAX_LISTED_BREAKS = 1_000;

const range = (from: number, to: number) => (from === to ? `entry ${from} is` : `entries ${from}–${to} are`);

/**
 * Walks the log oldest first, one entry at a time, and records **every** break: each entry is checked
 * against its own hash, against the entry before it and against any signed checkpoint at its seq, so
 * one altered entry never hides a later one. After a break the walk goes on from the entry as stored.
 */
export class ChainWalker {
  readonly breaks: ChainBreak[] = [];
  breakCount = 0;
  entries = 0;
  /** The newest checkpoint with a valid signature whose entry was found and matched. */
  newestAnchor: CheckedCheckpoint | undefined;
  /** Entries up to and including the newest anchor's. */
  anchoredEntries = 0;
  #prevHash = GENESIS_HASH;
  #nextSeq = 1;
  #checkpoint = 0;

  /**
   * `checkpoints`: ascending by seq, one per seq. `contentHolds(e)`: whether the entry's content
   * hashes to its `hash` (the caller hashes: SHA-256 over {@link auditHashInput}); a reader that
   * cannot see an entry's content (a redacted export line) answers true and keeps its links checked.
   */
  constructor(
    private readonly checkpoints: readonly CheckedCheckpoint[],
    private readonly contentHolds: (e: AuditEntryRecord) => boolean,
  ) {}

  /** The next entry, in ascending seq order. */
  add(e: AuditEntryRecord): void {
    if (e.seq > this.#nextSeq) {
      this.report(e.seq, 'seq-gap', `${range(this.#nextSeq, e.seq - 1)} missing: entry ${e.seq} follows entry ${this.#nextSeq - 1}`);
    } else if (e.prevHash !== this.#prevHash) {
      this.report(e.seq, 'prev-hash-mismatch', `entry ${e.seq} does not chain to entry ${e.seq - 1}: one of them was replaced`);
    }
    if (!this.contentHolds(e)) this.report(e.seq, 'hash-mismatch', `entry ${e.seq} was altered: its content does not match its hash`);
    this.#passCheckpointsBefore(e.seq);
    const c = this.checkpoints[this.#checkpoint];
    if (c && c.seq === e.seq) {
      if (this.#signatureHolds(c)) {
        if (c.hash !== e.hash)
          this.report(e.seq, 'checkpoint-mismatch', `entry ${e.seq} is not the entry the checkpoint signed at ${c.at} recorded: the log was rewritten and its hashes recomputed`);
        else this.newestAnchor = c;
      }
      this.#checkpoint++;
    }
    this.#prevHash = e.hash;
    this.#nextSeq = e.seq + 1;
    this.entries++;
    if (this.newestAnchor?.seq === e.seq) this.anchoredEntries = this.entries;
  }

  /** After the last entry: checkpoints past it mean the log was truncated. */
  finish(): void {
    this.#passCheckpointsBefore(Number.POSITIVE_INFINITY);
  }

  #passCheckpointsBefore(seq: number): void {
    for (let c = this.checkpoints[this.#checkpoint]; c && c.seq < seq; c = this.checkpoints[++this.#checkpoint]) {
      if (this.#signatureHolds(c))
        this.report(c.seq, 'checkpoint-entry-missing', `entry ${c.seq} is missing, though the checkpoint signed at ${c.at} covers it: the log was truncated or the entry deleted`);
    }
  }

  #signatureHolds(c: CheckedCheckpoint): boolean {
    if (c.signature === 'valid') return true;
    if (c.signature === 'unknown-key')
      this.report(c.seq, 'checkpoint-unknown-key', `the checkpoint at entry ${c.seq} is signed by key ${c.keyId}, which is not trusted here`);
    else this.report(c.seq, 'checkpoint-signature', `the checkpoint at entry ${c.seq} does not carry a valid signature: it was forged or altered`);
    return false;
  }

  /** Records a break found outside the walk (e.g. a checkpoint missing from the database). */
  report(seq: number, problem: ChainProblem, message: string): void {
    this.breakCount++;
    if (this.breaks.length < MAX_LISTED_BREAKS) this.breaks.push({ seq, problem, message });
  }
}
