import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an event stream token was issued for: one SDK key, one targeting key (its hash), one window. */
export interface StreamTokenClaims {
  keyId: string;
  /** The targeting key's hash (see targetingHash): deliveries are counted per provider. */
  target: string;
  /** The window the token was issued in: valid through the end of the next one. */
  window: number;
}

const PURPOSE = 'switchyard/ofrep-event-stream/v1';
const CLAIMS = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{16})\.(\d{1,12})$/;

/** The window a time falls in. */
export function windowAt(nowMs: number, windowMs: number): number {
  return Math.floor(nowMs / windowMs);
}

function mac(secret: string, claims: string): Buffer {
  return createHmac('sha256', secret).update(`${PURPOSE}\n${claims}`).digest().subarray(0, 18);
}

/**
 * A token for the event stream URL a bulk answer advertises, so that `EventSource` (which sends no
 * headers) never carries the SDK key: bound to the key, the provider's targeting key and a time
 * window, signed (HMAC) with a secret only the server holds for that key (its stored hash, which
 * never leaves the database). Single-purpose: the MAC covers a purpose string, so it is accepted
 * nowhere but the event stream, and it is no SDK key. The same claims give the same token, so a
 * provider's URL does not change between re-fetches of one window; it expires at the end of the
 * next one and is renewed by the bulk endpoint (the ETag covers the window).
 */
export function issueStreamToken(claims: StreamTokenClaims, secret: string): string {
  const text = `${claims.keyId}.${claims.target}.${claims.window}`;
  return `${text}.${mac(secret, text).toString('base64url')}`;
}

/** The claims of a well-formed token, before its signature is checked (the key's secret is needed for that). */
export function readStreamToken(token: string): (StreamTokenClaims & { text: string; signature: string }) | undefined {
  const cut = token.lastIndexOf('.');
  if (cut < 0 || token.length > 200) return undefined;
  const text = token.slice(0, cut);
  const m = CLAIMS.exec(text);
  if (!m) return undefined;
  return { keyId: m[1]!, target: m[2]!, window: Number(m[3]), text, signature: token.slice(cut + 1) };
}

/** Whether a read token is signed with `secret` and still valid at `nowMs`. */
export function verifyStreamToken(read: { text: string; signature: string; window: number }, secret: string, nowMs: number, windowMs: number): 'valid' | 'expired' | 'forged' {
  const expected = mac(secret, read.text);
  const given = Buffer.from(read.signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
  const now = windowAt(nowMs, windowMs);
  return read.window > now || read.window < now - 1 ? 'expired' : 'valid';
}
