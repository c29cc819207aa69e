import type { IncomingHttpHeaders } from 'node:http';
import type { ApiKeyRecord } from '../../db/records';
import type { Database } from '../../db/stores';
import { keyCacheFor } from '../auth/key-cache';
import { hashSecret } from '../auth/secrets';
import { OfrepError } from './ofrep-request';

/** The SDK key behind an OFREP request: a live server or client key of one environment. */
export type OfrepKey = ApiKeyRecord & { kind: 'server' | 'client'; envKey: string };

const BEARER = /^Bearer ([A-Za-z0-9_-]{8,200})$/;
const API_KEY = /^[A-Za-z0-9_-]{8,200}$/;

/**
 * The secret an OFREP provider sends: `Authorization: Bearer <key>` (the JavaScript providers'
 * `headers` option) or `X-API-Key: <key>` (the protocol's other scheme). Undefined when neither is
 * there; a malformed one is refused, never ignored.
 */
export function ofrepSecretOf(headers: IncomingHttpHeaders, key?: string): string | undefined {
  const authorization = headers.authorization;
  const apiKey = headers['x-api-key'];
  if (authorization === undefined && apiKey === undefined) return undefined;
  if (authorization !== undefined) {
    const secret = BEARER.exec(authorization)?.[1];
    if (secret === undefined) throw unauthenticated(key, 'The Authorization header must be "Bearer <SDK key>".');
    return secret;
  }
  if (typeof apiKey !== 'string' || !API_KEY.test(apiKey)) throw unauthenticated(key, 'The X-API-Key header must hold one SDK key.');
  return apiKey;
}

function unauthenticated(key: string | undefined, errorDetails: string): OfrepError {
  return new OfrepError(401, { ...(key === undefined ? {} : { key }), errorCode: 'GENERAL', errorDetails });
}

function check(record: ApiKeyRecord | undefined, key: string | undefined): OfrepKey {
  if (record === undefined || record.revokedAt !== null) throw unauthenticated(key, 'The SDK key is unknown or revoked.');
  if ((record.kind !== 'server' && record.kind !== 'client') || record.envKey === null)
    throw new OfrepError(403, { ...(key === undefined ? {} : { key }), errorCode: 'GENERAL', errorDetails: 'Admin tokens do not evaluate flags: use a server or client SDK key of the environment.' });
  return record as OfrepKey;
}

/**
 * Authenticates an OFREP request with the same key cache as every SDK route: synchronously when the
 * record was read recently, else with one database read shared by the requests that need it. 401
 * without a live SDK key; 403 for an admin token (valid, but not for evaluating flags).
 */
export function authenticateOfrep(db: Database, headers: IncomingHttpHeaders, key?: string): OfrepKey | Promise<OfrepKey> {
  const secret = ofrepSecretOf(headers, key);
  if (secret === undefined) throw unauthenticated(key, 'Send an SDK key: "Authorization: Bearer <key>" or "X-API-Key: <key>".');
  const cache = keyCacheFor(db);
  const hash = hashSecret(secret);
  const fresh = cache.peek(hash);
  if (fresh !== undefined) return check(fresh, key);
  return cache.load(hash).then((record) => check(record, key));
}
