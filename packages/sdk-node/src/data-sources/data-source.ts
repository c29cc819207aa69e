import type { SummaryMessage, VersionClassification } from '@switchyard/core';
import type { ClientDiagnostics } from '../client/diagnostics';
import type { ClientErrorEvent, StaleEvent } from '../events/client-events';
import type { Logger } from '../platform/logger';
import type { ChangeMessage, DataOrigin } from '../store/flag-store';
import type { LoadedRuleSet } from '../store/rule-set-input';

/**
 * What a data source reports to the client. Sources never touch the store or emit events
 * themselves: the sink applies data in order and turns it into status changes and events.
 */
export interface DataSourceSink {
  /** Whether any data was loaded (from any source, a bootstrap included). */
  readonly loaded: boolean;
  /** The last version applied; -1 before any data. */
  readonly version: number;
  /** Where the data held came from. */
  readonly origin: DataOrigin | undefined;
  readonly diagnostics: ClientDiagnostics;
  readonly logger: Logger;
  /** A full rule set: replaces everything held. */
  replace(ruleSet: LoadedRuleSet, origin: DataOrigin): void;
  /** One change (one version: a `patch`, a `delete` or a `changes` of several items), applied only if it is the next version. */
  apply(change: ChangeMessage, origin: DataOrigin): VersionClassification;
  /** In sync with the source. */
  synced(): void;
  /** Lost the source for now; it is trying again. */
  interrupted(event: StaleEvent): void;
  /** Gave up for good. */
  failed(event: ClientErrorEvent): void;
}

/** Feeds the client with data: the stream, the poller, a bootstrap, test data. */
export interface DataSource {
  start(): void;
  /** Stops every connection and timer. */
  stop(): void;
  /** Sends evaluation summaries when the source can carry them (the stream, while connected). */
  sendSummaries?(messages: readonly SummaryMessage[]): boolean;
}
