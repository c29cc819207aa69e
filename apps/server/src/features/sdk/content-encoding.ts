import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';

/** The content codings the SDK endpoint sends, best first when a client rates them equally. */
export type ContentCoding = 'br' | 'gzip' | 'identity';

/** Bodies smaller than this go out as they are: compressing them saves less than its headers cost. */
export const COMPRESS_MIN_BYTES = 1_024;

const COMPRESSED = ['br', 'gzip'] as const;

/**
 * The coding to answer with for an `Accept-Encoding` header (RFC 9110 §12.5.3): of `br` and `gzip`,
 * the one with the highest non-zero q-value (`br` on a tie; `*` rates what is not named), else
 * identity — also when the header refuses identity too (the RFC allows it, and a body beats a 406).
 * Like most servers, a compressed coding the client accepts is preferred over identity whatever
 * identity's own q-value.
 */
export function negotiateCoding(header: string | string[] | undefined): ContentCoding {
  if (header === undefined || header === '') return 'identity';
  const rated = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (name === '') continue;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      if (k === 'q' && v !== undefined) q = Number.isFinite(Number(v)) ? Math.min(1, Math.max(0, Number(v))) : 0;
    }
    rated.set(name === 'x-gzip' ? 'gzip' : name, q);
  }
  const star = rated.get('*') ?? 0;
  let best: ContentCoding = 'identity';
  let bestQ = 0;
  for (const c of COMPRESSED) {
    const q = rated.get(c) ?? star;
    if (q > bestQ) [best, bestQ] = [c, q];
  }
  return best;
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Brotli quality 9 and gzip level 6: within a few percent of the best ratio at a fraction of its CPU
 * (quality 11 takes ~10x longer on a 50 KB rule set), and done once per version on zlib's threads.
 */
function compress(body: Buffer, coding: 'br' | 'gzip'): Promise<Buffer> {
  return coding === 'br'
    ? brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } })
    : gzipAsync(body, { level: 6 });
}

/**
 * A body and its compressed forms, each made at most once (the first request that wants one waits
 * for it; the requests meanwhile share it). Held by the replica per version, so one version is
 * compressed once whatever the number of SDKs polling it.
 */
export class EncodedBodies {
  private readonly done = new Map<'br' | 'gzip', Buffer>();
  private readonly pending = new Map<'br' | 'gzip', Promise<Buffer>>();

  constructor(readonly identity: Buffer) {}

  /** The coding actually used for a negotiated one: small bodies always go out as they are. */
  codingFor(wanted: ContentCoding): ContentCoding {
    return this.identity.length < COMPRESS_MIN_BYTES ? 'identity' : wanted;
  }

  /** The body in `coding`, synchronously when already made. */
  body(coding: ContentCoding): Buffer | Promise<Buffer> {
    if (coding === 'identity') return this.identity;
    const ready = this.done.get(coding);
    if (ready) return ready;
    let promise = this.pending.get(coding);
    if (!promise) {
      promise = compress(this.identity, coding).then((bytes) => {
        this.done.set(coding, bytes);
        this.pending.delete(coding);
        return bytes;
      });
      promise.catch(() => this.pending.delete(coding));
      this.pending.set(coding, promise);
    }
    return promise;
  }
}
