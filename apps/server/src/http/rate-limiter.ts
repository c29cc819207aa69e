/**
 * Token buckets by key (a source address, a token id), in memory, per process: each key may spend
 * `perMinute` at once and gets them back evenly over a minute. A key whose bucket is full again is
 * the same as a key never seen, so the map forgets such keys first when it grows past `maxKeys`.
 */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
    private readonly maxKeys = 100_000,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Spends one from `key`'s bucket; when it is empty, how many seconds until one is back. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const t = this.now();
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(this.perMinute, bucket.tokens + (t - bucket.at) * this.perMs) : this.perMinute;
    if (tokens < 1) {
      bucket!.tokens = tokens;
      bucket!.at = t;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
    }
    if (bucket) {
      bucket.tokens = tokens - 1;
      bucket.at = t;
    } else {
      if (this.buckets.size >= this.maxKeys) this.forget(t);
      this.buckets.set(key, { tokens: tokens - 1, at: t });
    }
    return { ok: true };
  }

  /** Gives one back (an attempt that turned out not to count). */
  refund(key: string): void {
    const bucket = this.buckets.get(key);
    if (bucket) bucket.tokens = Math.min(this.perMinute, bucket.tokens + 1);
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Drops keys whose bucket has refilled; if none has, the oldest tenth (they get a fresh bucket back). */
  private forget(t: number): void {
    for (const [key, b] of this.buckets) if (b.tokens + (t - b.at) * this.perMs >= this.perMinute) this.buckets.delete(key);
    if (this.buckets.size < this.maxKeys) return;
    let drop = Math.ceil(this.maxKeys / 10);
    for (const key of this.buckets.keys()) {
      if (drop-- <= 0) break;
      this.buckets.delete(key);
    }
  }
}

/**
 * The key a source address is limited by: an IPv4 address as it is (IPv4-mapped IPv6 included), an
 * IPv6 address by its /64 — one subscriber usually holds a whole /64, so counting single IPv6
 * addresses would give one client billions of buckets.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.split('%')[0]!.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...new Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
