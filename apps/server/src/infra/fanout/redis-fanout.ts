import { Redis } from 'ioredis';
import type { ChangeRecord } from '../../db/records';
import type { ChangeFeed } from '../../features/changes/change-feed';
import type { Signal } from '../signal';
import type { StreamHub } from '../../features/streaming/stream-hub';
import type { Fanout } from './fanout';
import { channelsOf, decodeMessage, encodeChange, encodeRevoked, LEGACY_CHANNELS, legacyEnvironment } from './fanout-messages';

export interface RedisFanoutOptions {
  url: string;
  /** This deployment's identity: the namespace of its channels, and the only deployment whose messages are applied. */
  deployment: string;
  /** A message was refused: another deployment's, or not well-formed. */
  onRefused?: (reason: 'foreign-deployment' | 'malformed') => void;
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
 *
 * Versions count per deployment, so another deployment's change at the next version would look
 * like ours (and ours, arriving after it, like a duplicate): every channel and message carries the
 * deployment's identity, and only this deployment's are applied (see fanout-messages.ts).
 */
export function createRedisFanout(o: RedisFanoutOptions): Fanout {
  const options = { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n: number) => Math.min(100 * 2 ** n, 2_000) };
  const pub = new Redis(o.url, options);
  const sub = new Redis(o.url, { ...options, enableOfflineQueue: true });
  let subscribed = false;
  const channels = channelsOf(o.deployment);
  const foreignSeen = new Set<string>();
  const refuse = (reason: 'foreign-deployment' | 'malformed', deployment?: string) => {
    o.onRefused?.(reason);
    if (reason === 'malformed') return o.log.warn({}, 'ignored a malformed fan-out message');
    if (foreignSeen.size < 100 && !foreignSeen.has(deployment!)) {
      foreignSeen.add(deployment!);
      o.log.warn({ deployment: o.deployment, foreign: deployment }, "ignored another deployment's fan-out message on this deployment's channel");
    }
  };
  for (const client of [pub, sub]) client.on('error', () => undefined); // state changes are read from 'ready'/'close'

  sub.on('ready', () => {
    sub.subscribe(channels.changes, channels.revoked, LEGACY_CHANNELS.changes, LEGACY_CHANNELS.revoked).then(
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
    if (channel === LEGACY_CHANNELS.changes) {
      // Not ours to apply (no deployment named): only a hint to read our own change log.
      const envKey = legacyEnvironment(message);
      if (envKey !== undefined) void o.hub.catchUp(envKey).catch(() => undefined);
      return;
    }
    if (channel === LEGACY_CHANNELS.revoked) {
      o.caches?.resync();
      void o.hub.closeRevokedKeys().catch(() => undefined);
      return;
    }
    const decoded = decodeMessage(o.deployment, channel === channels.revoked ? 'revoked' : 'changes', message);
    if (decoded.kind === 'change') {
      o.caches?.changed(decoded.change);
      o.hub.ingest(decoded.change);
    } else if (decoded.kind === 'revoked') {
      o.caches?.keyRevoked(decoded.keyId);
      o.hub.closeKey(decoded.keyId);
    } else if (decoded.kind === 'foreign') refuse('foreign-deployment', decoded.deployment);
    else refuse('malformed');
  });

  const unsubscribeFeed = o.feed.subscribe((change) => {
    if (pub.status === 'ready') pub.publish(channels.changes, encodeChange(o.deployment, change)).catch(() => undefined);
  });
  const unsubscribeRevoked = o.keyRevoked.subscribe((keyId) => {
    if (pub.status === 'ready') pub.publish(channels.revoked, encodeRevoked(o.deployment, keyId)).catch(() => undefined);
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
