import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header both directions use: webhooks Switchyard sends, and signed calls to triggers. */
export const SIGNATURE_HEADER = 'x-switchyard-signature';

/** How far a signature's timestamp may be from now, either way (replayed or delayed calls are refused). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret>` — the scheme
 * docs/integrations.md documents with a verification snippet. The timestamp is inside what is signed,
 * so a captured request cannot be replayed later with a fresh one.
 */
export function signatureHeader(secret: string, body: string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmacHex(secret, `${timestampSeconds}.${body}`)}`;
}

/** Why `header` is not a valid signature of `body` at `nowSeconds`, or undefined when it is. */
export function signatureProblem(secret: string, body: string, header: string | undefined, nowSeconds: number): string | undefined {
  if (!header) return `the ${SIGNATURE_HEADER} header is missing`;
  const parts = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    parts.set(name, [...(parts.get(name) ?? []), part.slice(at + 1).trim()]);
  }
  const t = parts.get('t')?.[0];
  if (!t || !/^\d{1,12}$/.test(t)) return `the ${SIGNATURE_HEADER} header has no timestamp (t=<unix seconds>)`;
  if (Math.abs(nowSeconds - Number(t)) > SIGNATURE_TOLERANCE_SECONDS) return `the signature's timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s from the server's clock`;
  const expected = Buffer.from(hmacHex(secret, `${t}.${body}`), 'hex');
  const ok = (parts.get('v1') ?? []).some((v) => /^[0-9a-f]{64}$/i.test(v) && timingSafeEqual(Buffer.from(v, 'hex'), expected));
  return ok ? undefined : 'the signature does not match the body';
}

function hmacHex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}
