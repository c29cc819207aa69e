import * as crypto from 'node:crypto';
import { createHash, randomBytes } from 'node:crypto';
import type { KeyKind } from '../../db/records';

const PREFIX: Record<KeyKind, string> = { admin: 'sya_', server: 'sys_', client: 'syc_' };

/** A new secret: a kind prefix and 32 random bytes, base64url. */
export function generateSecret(kind: KeyKind): string {
  return PREFIX[kind] + randomBytes(32).toString('base64url');
}

/** One-shot hashing (Node ≥ 20.12): no Hash object per call; every request authenticates through it. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** Secrets are high-entropy, so a plain SHA-256 is enough to store them safely. */
export function hashSecret(secret: string): string {
  return oneShot ? oneShot('sha256', secret, 'hex') : createHash('sha256').update(secret).digest('hex');
}

/** The part of a secret shown in lists so people can tell keys apart. */
export function secretHint(secret: string): string {
  return `${secret.slice(0, 8)}…`;
}

export function newKeyId(): string {
  return `key_${randomBytes(9).toString('base64url')}`;
}
