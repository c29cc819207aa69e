import type { MigrationState, StoreKnowledge } from '@switchyard/core';
import { formatDateTime, formatRelative } from '../../lib/format';
import { CAUSE_EXPLANATIONS, CAUSE_LABELS } from './migration-view';

/** Whether each store holds every record (fresh) or may miss some (stale), and why. */
export function StoreFreshness({ state }: { state: MigrationState }) {
  return (
    <div className="stores">
      <StoreCard name="Old store" store={state.oldStore} attested={state.backfill.attested.reverse} direction="reverse" />
      <StoreCard name="New store" store={state.newStore} attested={state.backfill.attested.forward} direction="forward" />
    </div>
  );
}

function StoreCard({ name, store, attested, direction }: { name: string; store: StoreKnowledge; attested: string | null; direction: string }) {
  return (
    <section className={`store store--${store.fresh ? 'fresh' : 'stale'}`} aria-label={name}>
      <p className="store__head">
        <span className="store__name">{name}</span>
        <span className={`badge badge--${store.fresh ? 'fresh' : 'stale'}`}>{store.fresh ? 'fresh' : 'stale'}</span>
      </p>
      <p className="store__cause">
        <strong>{CAUSE_LABELS[store.cause]}</strong>{' '}
        <span className="muted">
          since{' '}
          <time dateTime={store.since} title={formatDateTime(store.since)}>
            {formatRelative(store.since)}
          </time>
        </span>
      </p>
      <p className="store__why muted small">{CAUSE_EXPLANATIONS[store.cause]}</p>
      {attested && (
        <p className="muted small">
          {direction === 'forward' ? 'Forward' : 'Reverse'} backfill attested {formatRelative(attested)}.
        </p>
      )}
    </section>
  );
}
