import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { AuditCheckpointRecord } from '../../db/records';
import { checkpointMessage, type CheckedCheckpoint } from '@switchyard/core';
import type { CheckpointSigner, CheckpointVerifier } from './checkpoint-keys';

/**
 * Signed checkpoints anchor the audit chain outside its table (docs/security.md). A checkpoint says
 * "entry `seq` has hash `hash`", signed at `at` with an Ed25519 key that is not in the database: an
 * attacker who can write the database can neither recompute the chain under a checkpoint nor forge
 * a new one. Cadence: every `every`-th entry (in the entry's own transaction), at most `intervalMs`
 * after an entry no checkpoint covers, and at shutdown.
 */
export interface CheckpointOptions {
  /** Signs new checkpoints; without it none are written (existing ones are still checked). */
  signer?: CheckpointSigner;
  /** Public keys (`ed25519:…`) of retired signing keys whose checkpoints still verify. */
  trustedKeys?: readonly string[];
  /** A checkpoint on every entry whose seq is a multiple of this (default 100). */
  every?: number;
  /** Entries no checkpoint covers get one at most this long after they are written (default 10 s). */
  intervalMs?: number;
  /** Where the newest checkpoint is also remembered, outside the database (see CheckpointAnchor). */
  headFile?: string;
  /** Problems that do not stop anything (an unreadable head file). */
  warn?: (message: string) => void;
}

export const CHECKPOINT_DEFAULTS = { every: 100, intervalMs: 10_000 } as const;

export function signCheckpoint(signer: CheckpointSigner, entry: { seq: number; hash: string }, at: string): AuditCheckpointRecord {
  const base = { seq: entry.seq, hash: entry.hash, at };
  return { ...base, keyId: signer.keyId, signature: signer.sign(checkpointMessage(base)) };
}

export function checkCheckpoint(verifier: CheckpointVerifier, c: AuditCheckpointRecord): CheckedCheckpoint {
  return { seq: c.seq, hash: c.hash, at: c.at, keyId: c.keyId, signature: verifier.check(checkpointMessage(c), c.signature, c.keyId) };
}

/**
 * The newest checkpoint this server wrote or saw verified, kept outside the database: in memory, and
 * in `headFile` when one is given (rewritten atomically, so it survives restarts). Someone who
 * deletes the newest entries *and* the checkpoints covering them leaves the database consistent
 * with itself, but not with this: `verify` then reports the remembered checkpoint as missing.
 */
export class CheckpointAnchor {
  #newest: AuditCheckpointRecord | undefined;
  #warnedWrite = false;

  constructor(
    private readonly verifier: CheckpointVerifier,
    private readonly headFile: string | undefined,
    private readonly warn: (message: string) => void,
  ) {
    if (headFile) this.#newest = this.#read(headFile);
  }

  /** The newest checkpoint remembered, or undefined. */
  get newest(): AuditCheckpointRecord | undefined {
    return this.#newest;
  }

  /** Where it is remembered, for messages. */
  get where(): string {
    return this.headFile ? `in ${this.headFile}` : "in this server's memory";
  }

  /** Remembers `c` when it is newer than what is remembered. Never throws. */
  remember(c: AuditCheckpointRecord): void {
    if (this.#newest && this.#newest.seq >= c.seq) return;
    this.#newest = c;
    if (!this.headFile) return;
    try {
      writeAtomically(this.headFile, `${JSON.stringify(c)}\n`);
    } catch (err) {
      if (!this.#warnedWrite) this.warn(`audit checkpoints: cannot write ${this.headFile} (${(err as Error).message}); the newest checkpoint is remembered in memory only`);
      this.#warnedWrite = true;
    }
  }

  #read(file: string): AuditCheckpointRecord | undefined {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.warn(`audit checkpoints: cannot read ${file} (${(err as Error).message})`);
      return undefined;
    }
    try {
      const c = JSON.parse(text) as AuditCheckpointRecord;
      if (Number.isSafeInteger(c.seq) && typeof c.hash === 'string' && typeof c.at === 'string' && typeof c.keyId === 'string' && typeof c.signature === 'string') {
        if (checkCheckpoint(this.verifier, c).signature === 'valid') return c;
      }
    } catch {
      /* reported below */
    }
    this.warn(`audit checkpoints: ${file} does not hold a checkpoint signed by a trusted key; it is ignored and will be rewritten`);
    return undefined;
  }
}

/** Writes `text` to a temporary file, flushes it, then renames it over `file`. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}
