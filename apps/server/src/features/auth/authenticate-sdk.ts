import type { ApiKeyRecord } from '../../db/records';
import type { KeyCache } from './key-cache';
import { hashSecret } from './secrets';

/** An SDK key's kind: server SDKs get rules, browsers (client keys) values. */
export type SdkKeyKind = 'server' | 'client';

/** A live SDK key of one environment. */
export type SdkKey = ApiKeyRecord & { kind: SdkKeyKind; envKey: string };

/**
 * Why a secret was refused: none sent, no such key, revoked, an admin token, or an SDK key of the
 * other kind. Each entry point maps these to its own transport (401/403, a close code).
 */
export type SdkRefusal = 'missing' | 'unknown' | 'revoked' | 'admin' | 'wrong-kind';

export type SdkAuthentication = { key: SdkKey; refused?: undefined } | { key?: undefined; refused: SdkRefusal };

/**
 * Authenticates an SDK secret for the kind an entry point takes (`any`: server or client, the
 * stream and OFREP). Synchronous when the key cache holds the record fresh, else one database read
 * shared by the requests that need it: every SDK-key entry point (polling, stream, OFREP, browser
 * evaluation) goes through here, so they refuse and accept the same keys at the same moment.
 */
export type SdkAuthenticator = (secret: string | undefined, kind: SdkKeyKind | 'any') => SdkAuthentication | Promise<SdkAuthentication>;

const MISSING: SdkAuthentication = { refused: 'missing' };
const UNKNOWN: SdkAuthentication = { refused: 'unknown' };

function judge(record: ApiKeyRecord | undefined, kind: SdkKeyKind | 'any'): SdkAuthentication {
  if (record === undefined || (record.kind === 'admin' && record.revokedAt !== null)) return UNKNOWN;
  if (record.kind === 'admin' || record.envKey === null) return { refused: 'admin' };
  if (record.revokedAt !== null) return { refused: 'revoked' };
  if (kind !== 'any' && record.kind !== kind) return { refused: 'wrong-kind' };
  return { key: record as SdkKey };
}

/** The one SDK-key check, on the process's key cache (built in `createServices`). */
export function createSdkAuthenticator(keys: KeyCache): SdkAuthenticator {
  return (secret, kind) => {
    if (secret === undefined) return MISSING;
    const hash = hashSecret(secret);
    const fresh = keys.peek(hash);
    if (fresh !== undefined) return judge(fresh, kind);
    return keys.load(hash).then((record) => judge(record, kind));
  };
}
