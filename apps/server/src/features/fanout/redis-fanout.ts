import { Redis } from 'ioredis';
import type { ChangeRecord } from '../../db/records';
import type { ChangeFeed } from '../changes/change-feed';
import type { Signal } from '../changes/signal';
import type { StreamHub } from '../streaming/stream-hub';
import type { Fanout } from './fanout';

const CHANGES = 'switchyard:changes';
const REVOKED = 'switchyard:keys-revoked';

export interface RedisFanoutOptions {
  url: string;
  hub: StreamHub;
  feed: ChangeFeed;
  keyRevoked: Signal<string>;
  /** While Redis is unreachable, replicas read missed changes from the database this often. */
  catchUpMs: number;
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
  /** In-memory caches (key records, rule-set versions) told what other replicas did. */
  caches?: ReplicaCaches;
}

/** What in-process caches need to hear from the fan-out. */
export interface ReplicaCaches {
  /** A key was revoked on another replica. */
  keyRevoked(keyId: string): void;
  /** Another replica committed a change. */
  changed(change: ChangeRecord): void;
  /** Messages may have been missed (Redis reconnected, or polling instead): re-check with the database. */
  resync(): void;
}

/**
 * Publishes every change this replica commits, and feeds every replica's hub with what the others
 * commit. Redis is never the source of truth: delivery is idempotent by version, a gap is filled
 * from the database, and while Redis is down every replica polls the change log instead — when it
 * comes back, one last catch-up covers anything published while a replica was deaf.
 */
export function createRedisFanout(o: RedisFanoutOptions): Fanout {
  const options = { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n: number) => Math.min(100 * 2 ** n, 2_000) };
  const pub = new Redis(o.url, options);
  const sub = new Redis(o.url, { ...options, enableOfflineQueue: true });
  let subscribed = false;
  for (const client of [pub, sub]) client.on('error', () => undefined); // state changes are read from 'ready'/'close'

  sub.on('ready', () => {
    sub.subscribe(CHANGES, REVOKED).then(
      () => {
        if (!subscribed) o.log.info({}, 'redis fan-out connected');
        subscribed = true;
        o.caches?.resync();
        void o.hub.catchUpAll();
      },
      (err: unknown) => o.log.warn({ err }, 'redis subscribe failed'),
    );
  });
  sub.on('close', () => {
    if (subscribed) o.log.warn({}, 'redis fan-out lost: catching up from the database');
    subscribed = false;
  });
  sub.on('message', (channel: string, message: string) => {
    try {
      if (channel === CHANGES) {
        const change = JSON.parse(message) as ChangeRecord;
        o.caches?.changed(change);
        o.hub.ingest(change);
      } else if (channel === REVOKED) {
        o.caches?.keyRevoked(message);
        o.hub.closeKey(message);
      }
    } catch (err) {
      o.log.warn({ err }, 'ignored a malformed fan-out message');
    }
  });

  const unsubscribeFeed = o.feed.subscribe((change) => {
    if (pub.status === 'ready') pub.publish(CHANGES, JSON.stringify(change)).catch(() => undefined);
  });
  const unsubscribeRevoked = o.keyRevoked.on((keyId) => {
    if (pub.status === 'ready') pub.publish(REVOKED, keyId).catch(() => undefined);
  });

  // The fallback: while not subscribed, poll the change log (and revocations) by version.
  const timer = setInterval(() => {
    if (subscribed) return;
    o.caches?.resync();
    void o.hub.catchUpAll().catch(() => undefined);
    void o.hub.closeRevokedKeys().catch(() => undefined);
  }, o.catchUpMs);
  timer.unref();

  return {
    mode: () => (subscribed ? 'redis' : 'polling'),
    redis: () => (subscribed ? 'up' : 'down'),
    async close() {
      clearInterval(timer);
      unsubscribeFeed();
      unsubscribeRevoked();
      sub.disconnect();
      pub.disconnect();
    },
  };
}
