import type { IncomingHttpHeaders } from 'node:http';
import type { SdkAuthentication, SdkAuthenticator, SdkKey } from '../auth/authenticate-sdk';
import { OfrepError } from './ofrep-request';

/** The SDK key behind an OFREP request: a live server or client key of one environment. */
export type OfrepKey = SdkKey;

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

function check({ key: record, refused }: SdkAuthentication, key: string | undefined): OfrepKey {
  if (refused === 'admin')
    throw new OfrepError(403, { ...(key === undefined ? {} : { key }), errorCode: 'GENERAL', errorDetails: 'Admin tokens do not evaluate flags: use a server or client SDK key of the environment.' });
  if (record === undefined) throw unauthenticated(key, 'The SDK key is unknown or revoked.');
  return record;
}

/**
 * Authenticates an OFREP request with the one SDK-key check (authenticateSdk): synchronously when
 * the record was read recently, else with one database read shared by the requests that need it.
 * 401 without a live SDK key; 403 for an admin token (valid, but not for evaluating flags).
 */
export function authenticateOfrep(authenticateSdk: SdkAuthenticator, headers: IncomingHttpHeaders, key?: string): OfrepKey | Promise<OfrepKey> {
  const secret = ofrepSecretOf(headers, key);
  if (secret === undefined) throw unauthenticated(key, 'Send an SDK key: "Authorization: Bearer <key>" or "X-API-Key: <key>".');
  const auth = authenticateSdk(secret, 'any');
  return auth instanceof Promise ? auth.then((a) => check(a, key)) : check(auth, key);
}
