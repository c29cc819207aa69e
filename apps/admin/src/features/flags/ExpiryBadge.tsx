import type { FlagDefinition } from '@switchyard/core';
import { formatDate } from '../../lib/format';
import { daysUntilExpiry, expiryState } from './expiry';

/** When a flag is expected to go: a date, with "expired" / "soon" badges; or "permanent". */
export function ExpiryBadge({ flag, now = new Date() }: { flag: Pick<FlagDefinition, 'expiresAt'>; now?: Date }) {
  const state = expiryState(flag, now);
  if (state === 'permanent' || flag.expiresAt === null) return <span className="muted">Permanent</span>;
  const days = daysUntilExpiry(flag, now) ?? 0;
  return (
    <span className="expiry">
      <time dateTime={flag.expiresAt}>{formatDate(flag.expiresAt)}</time>
      {state === 'expired' && (
        <span className="badge badge--expired" title={`Expired ${-days} day${days === -1 ? '' : 's'} ago: remove the flag or extend it`}>
          expired
        </span>
      )}
      {state === 'soon' && <span className="badge badge--soon">in {days} d</span>}
    </span>
  );
}

export function TypeBadge({ type }: { type: FlagDefinition['type'] }) {
  return <span className={`badge badge--type badge--type-${type}`}>{type}</span>;
}
