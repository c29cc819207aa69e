import type { StreamHub } from '../../features/streaming/stream-hub';
import type { Fanout } from './fanout';
import type { ReplicaCaches } from './redis-fanout';

/** Replicas without Redis: every `catchUpMs`, read the change log (and revocations) by version. */
export function createPollingFanout(hub: StreamHub, catchUpMs: number, caches?: ReplicaCaches): Fanout {
  const timer = setInterval(() => {
    caches?.resync();
    void hub.catchUpAll().catch(() => undefined);
    void hub.closeRevokedKeys().catch(() => undefined);
  }, catchUpMs);
  timer.unref();
  return {
    mode: () => 'polling',
    redis: () => 'not-configured',
    async close() {
      clearInterval(timer);
    },
  };
}
