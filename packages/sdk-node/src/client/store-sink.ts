import type { VersionClassification } from '@switchyard/core';
import type { DataSourceSink } from '../data-sources/data-source';
import type { AppliedEvent, FlagChange } from '../events/client-events';
import type { EventEmitter } from '../events/event-emitter';
import type { Logger } from '../platform/logger';
import type { ChangeMessage, DataOrigin, FlagStore } from '../store/flag-store';
import type { LoadedRuleSet } from '../store/rule-set-input';
import type { ClientDiagnostics } from './diagnostics';
import type { StatusTracker } from './status-tracker';

/** The sink every data source writes to: applies to the store, counts, emits `applied` and `change`. */
export function createStoreSink(deps: {
  store: FlagStore;
  tracker: StatusTracker;
  emitter: EventEmitter;
  diagnostics: ClientDiagnostics;
  logger: Logger;
}): DataSourceSink {
  const { store, tracker, emitter, diagnostics, logger } = deps;

  const announce = (applied: AppliedEvent) => {
    diagnostics.version = store.version;
    if (emitter.has('applied')) emitter.emit('applied', applied);
    const everyChange = emitter.has('change');
    for (const key of applied.changed) {
      const oneFlag = `change:${key}`;
      if (!everyChange && !emitter.has(oneFlag)) continue;
      const change: FlagChange = { key, version: applied.version };
      if (everyChange) emitter.emit('change', change);
      emitter.emit(oneFlag, change);
    }
  };

  return {
    get loaded() {
      return store.loaded;
    },
    get version() {
      return store.version;
    },
    get origin() {
      return store.origin;
    },
    diagnostics,
    logger,
    replace(ruleSet: LoadedRuleSet, origin: DataOrigin) {
      const changed = store.replace(ruleSet, origin);
      diagnostics.snapshots++;
      if (ruleSet.environment !== undefined) diagnostics.environment = ruleSet.environment;
      announce({ kind: 'snapshot', version: store.version, origin, changed });
    },
    apply(change: ChangeMessage, origin: DataOrigin): VersionClassification {
      const outcome = store.apply(change);
      if (outcome.classification === 'duplicate') diagnostics.duplicates++;
      else if (outcome.classification === 'gap') diagnostics.gaps++;
      else {
        diagnostics.changes++;
        const items = change.type === 'changes' ? { items: change.items.map((i) => ({ kind: i.kind, key: i.key })) } : { item: { kind: change.kind, key: change.key } };
        announce({ kind: change.type, version: change.version, origin, ...items, changed: outcome.changed });
      }
      return outcome.classification;
    },
    synced() {
      tracker.ready({ version: store.version, environment: store.environment });
    },
    interrupted(event) {
      tracker.interrupted(event);
    },
    failed(event) {
      logger.error(`stopped syncing flags: ${event.message}`, { reason: event.reason, code: event.code });
      tracker.failed(event);
    },
  };
}
