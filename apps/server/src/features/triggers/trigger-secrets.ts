import { randomBytes } from 'node:crypto';

/** A trigger's public id: named in the audit log (`trigger:<id>`), never enough to call it. */
export function newTriggerId(): string {
  return `trg_${randomBytes(9).toString('base64url')}`;
}

/** The secret part of a trigger's URL: 32 random bytes; only its SHA-256 is stored. */
export function newTriggerToken(): string {
  return `tgu_${randomBytes(32).toString('base64url')}`;
}

/** The HMAC key of a signed trigger (kept by the server: it must check signatures with it). */
export function newSigningSecret(prefix: 'tgs_' | 'whs_'): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Where a trigger is called, relative to the server's address. */
export function triggerPath(token: string): string {
  return `/hooks/v1/triggers/${token}`;
}
