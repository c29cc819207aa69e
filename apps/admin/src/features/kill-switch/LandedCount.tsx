import { useEffect, useState } from 'react';
import type { Delivery } from '../../api/types';
import { useApi } from '../../app/api-context';

const POLL_MS = 1_000;

/**
 * How many connected SDKs have applied the flag's current version in this environment — "landed
 * on 37 of 37" — as the server counts their acknowledgements. Polled while shown; never guessed:
 * until the server answers it shows "—".
 */
export function LandedCount({ envKey, version }: { flagKey: string; envKey: string; version: number }) {
  const api = useApi();
  const [delivery, setDelivery] = useState<Delivery | null>(null);

  useEffect(() => {
    let stopped = false;
    setDelivery(null);
    const poll = async () => {
      try {
        const d = await api.environments.delivery(envKey, version);
        if (!stopped) setDelivery(d);
      } catch {
        /* keep the last figure; the next poll tries again */
      }
    };
    void poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [api, envKey, version]);

  // Only the figure for the version on screen: a count for the previous version is not this one's.
  const current = delivery !== null && delivery.version === version ? delivery : null;
  const text = current === null ? '—' : current.total === 0 ? 'no SDKs connected' : `on ${current.applied} of ${current.total}`;
  const done = current !== null && current.total > 0 && current.applied === current.total;
  return (
    <span className={`landed${done ? ' landed--done' : ''}`} title="Connected SDKs that have applied this version" data-testid="landed">
      <span className="landed__label">Landed</span> <span className="landed__value" aria-live="polite">{text}</span>
    </span>
  );
}
