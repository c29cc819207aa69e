import { dirname, join, resolve } from 'node:path';
import type { CheckpointOptions } from './audit-checkpoints';
import { loadSigningKey } from './checkpoint-keys';

/** The file names beside the database (SQLite) or beside the signing key. */
export const DEFAULT_KEY_FILE_NAME = 'audit-signing-key.pem';
export const HEAD_FILE_NAME = 'audit-checkpoint-head.json';

export interface CheckpointSettings {
  AUDIT_SIGNING_KEY_FILE?: string | undefined;
  AUDIT_TRUSTED_KEYS?: string | undefined;
  AUDIT_CHECKPOINT_EVERY: number;
  AUDIT_CHECKPOINT_MS: number;
  DATABASE_FILE: string;
  DATABASE_URL?: string | undefined;
}

/**
 * How the audit chain is anchored, from the settings (docs/security.md): the signing key's file
 * (generated beside an SQLite database when not given), the head file beside it, retired keys, the
 * cadence. Returns `notes` to print at start: the public key to keep elsewhere, or why there are no
 * checkpoints. Throws a message naming the setting when the key cannot be used.
 */
export function checkpointOptionsFrom(config: CheckpointSettings, warn: (message: string) => void): { options: CheckpointOptions; notes: string[] } {
  const trustedKeys = (config.AUDIT_TRUSTED_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
  const cadence = { every: config.AUDIT_CHECKPOINT_EVERY, intervalMs: config.AUDIT_CHECKPOINT_MS, trustedKeys, warn };
  const file = config.AUDIT_SIGNING_KEY_FILE ?? (config.DATABASE_URL || config.DATABASE_FILE === ':memory:' ? undefined : join(dirname(resolve(config.DATABASE_FILE)), DEFAULT_KEY_FILE_NAME));
  if (file === undefined)
    return {
      options: cadence,
      notes: [
        'WARNING: audit checkpoints are off (no AUDIT_SIGNING_KEY_FILE): someone with write access to the database could delete the newest audit entries, or rewrite entries and recompute the chain, unseen. Set AUDIT_SIGNING_KEY_FILE to the same key file on every replica (docs/security.md).',
      ],
    };
  let loaded;
  try {
    // Replicas must share one key: with PostgreSQL the file must exist (a replica never makes its own).
    loaded = loadSigningKey(file, { create: !config.DATABASE_URL });
  } catch (err) {
    throw new Error(`Invalid configuration:\n  AUDIT_SIGNING_KEY_FILE: ${file} ${(err as Error).message} (make one with: openssl genpkey -algorithm ed25519 -out ${file})`);
  }
  const { signer, created } = loaded;
  return {
    options: { ...cadence, signer, headFile: join(dirname(resolve(file)), HEAD_FILE_NAME) },
    notes: [`Audit checkpoints signed with ${signer.publicKey} (${created ? 'new key written to' : 'key in'} ${file}): keep this public key somewhere the database's administrators cannot change it.`],
  };
}
