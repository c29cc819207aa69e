import { isIP } from 'node:net';
import { z } from 'zod';

/** proxy-addr's names for address ranges (Fastify's `trustProxy` takes them). */
const PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (PRESETS.has(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * `TRUST_PROXY`: whose `X-Forwarded-For` to believe for the client's address (the browser stream's
 * limits per source, the request log). `off` (default): none, the socket's peer is the client. A
 * number of hops (1–10): that many proxies in front, each appending the address it saw. Or the
 * proxies' addresses, CIDR ranges or `loopback`/`linklocal`/`uniquelocal`, comma-separated. Never
 * "trust everything": the left end of the header is whatever the client wrote.
 */
export const trustProxySchema = z
  .string()
  .default('off')
  .transform((raw, ctx): false | number | string[] => {
    const value = raw.trim();
    if (value === 'off' || value === 'false' || value === '') return false;
    if (/^\d+$/.test(value)) {
      const hops = Number(value);
      if (hops >= 1 && hops <= 10) return hops;
    } else {
      const entries = value.split(',').map((e) => e.trim());
      if (entries.every(isAddressOrRange)) return entries;
    }
    ctx.addIssue({ code: 'custom', message: 'must be off, a number of proxy hops (1-10), or proxy addresses/CIDR ranges separated by commas (trusting every address would believe a forged header)' });
    return z.NEVER;
  });

/**
 * Fastify's `trustProxy` for a `TRUST_PROXY` value: a hop count becomes a function trusting the
 * nearest `hops` addresses, as Fastify itself does with a number (its types do not take one).
 */
export function trustProxyOption(value: false | number | string[] | undefined): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value === 'number') return (_address, hop) => hop < value;
  return value ?? false;
}
