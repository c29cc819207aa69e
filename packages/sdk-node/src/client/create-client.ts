import type { DataSource, DataSourceSink } from '../data-sources/data-source';
import { createPollingDataSource } from '../data-sources/polling/polling-data-source';
import { createStaticDataSource } from '../data-sources/static-data-source';
import { createStreamDataSource } from '../data-sources/stream/stream-data-source';
import { createEventEmitter } from '../events/event-emitter';
import { fetchRuleSet, type RuleSetRequester } from '../platform/http-rule-set';
import { readTextFile } from '../platform/read-file';
import { nodeScheduler, type Scheduler } from '../platform/scheduler';
import type { StreamTransport } from '../platform/transport';
import { wsTransport } from '../platform/ws-transport';
import { httpMeasurementSender } from '../migration/measurements';
import { createFlagStore } from '../store/flag-store';
import { createSummaryRecorder } from '../summaries/summary-recorder';
import { createSummarySender } from '../summaries/summary-sender';
import { createTestDataSource } from '../test-data/test-data-source';
import type { SwitchyardClient } from './client';
import { Client } from './client-impl';
import type { ClientOptions } from './client-options';
import { createDiagnostics } from './diagnostics';
import { resolveOptions, type ResolvedOptions } from './resolve-options';
import { createStatusTracker } from './status-tracker';
import { createStoreSink } from './store-sink';

/** The host facilities a client uses: sockets, HTTP, files, timers and randomness. */
export interface Platform {
  transport: StreamTransport;
  request: RuleSetRequester;
  readFile: (path: string) => string;
  scheduler: Scheduler;
  random: () => number;
}

const NODE_PLATFORM: Platform = { transport: wsTransport, request: fetchRuleSet, readFile: readTextFile, scheduler: nodeScheduler, random: Math.random };

/**
 * Creates a client and starts syncing in the background (use `waitForReady` to wait for it).
 * Throws a `SwitchyardConfigurationError` when the options cannot work, and never anything
 * afterwards.
 *
 * ```ts
 * const client = createClient({ sdkKey: process.env.SWITCHYARD_SDK_KEY, baseUrl: 'https://flags.example.com' });
 * await client.waitForReady(5_000);
 * if (client.boolVariation('new-checkout', { key: user.id, plan: user.plan }, false)) { ... }
 * ```
 */
export function createClient(options: ClientOptions): SwitchyardClient {
  return createClientWith(options, NODE_PLATFORM);
}

/** `createClient` on another platform (tests use fake sockets and timers). Not part of the public surface. */
export function createClientWith(options: ClientOptions, platform: Platform): SwitchyardClient {
  const resolved = resolveOptions(options, platform.readFile);
  const { logger } = resolved;
  const store = createFlagStore({ codegen: resolved.codegen });
  const emitter = createEventEmitter(logger);
  const diagnostics = createDiagnostics(resolved.mode);
  const tracker = createStatusTracker(emitter, platform.scheduler, () => store.loaded);
  const sink = createStoreSink({ store, tracker, emitter, diagnostics, logger });

  tracker.hold(); // nobody can listen before createClient returns: status events go out on a microtask
  if (resolved.bootstrap !== undefined) sink.replace(resolved.bootstrap, 'bootstrap');
  const dataSource = selectDataSource(resolved, sink, platform);
  const recorder =
    resolved.summaries !== undefined && dataSource.sendSummaries !== undefined
      ? createSummaryRecorder((key) => store.flagVersion(key), platform.scheduler.now)
      : undefined;
  const sender =
    recorder !== undefined && resolved.summaries !== undefined
      ? createSummarySender({
          recorder,
          scheduler: platform.scheduler,
          flushIntervalMs: resolved.summaries.flushIntervalMs,
          send: (messages) => dataSource.sendSummaries?.(messages) ?? false,
          diagnostics,
        })
      : undefined;
  dataSource.start();
  sender?.start();
  tracker.release();
  const online = resolved.mode === 'stream' || resolved.mode === 'polling';
  const migrationSend = online ? httpMeasurementSender({ baseUrl: resolved.baseUrl, sdkKey: resolved.sdkKey, timeoutMs: resolved.timeoutMs, logger }) : undefined;
  return new Client({ store, tracker, emitter, diagnostics, dataSource, recorder, sender, migrationSend });
}

function selectDataSource(resolved: ResolvedOptions, sink: DataSourceSink, platform: Platform): DataSource {
  switch (resolved.mode) {
    case 'test-data':
      return createTestDataSource(resolved.testData!, sink);
    case 'offline':
      return createStaticDataSource(sink);
    case 'polling':
      return createPollingDataSource({
        baseUrl: resolved.baseUrl,
        sdkKey: resolved.sdkKey,
        sink,
        scheduler: platform.scheduler,
        request: platform.request,
        intervalMs: resolved.pollIntervalMs,
        timeoutMs: resolved.timeoutMs,
      });
    case 'stream':
      return createStreamDataSource({
        baseUrl: resolved.baseUrl,
        sdkKey: resolved.sdkKey,
        sink,
        transport: platform.transport,
        scheduler: platform.scheduler,
        connectTimeoutMs: resolved.timeoutMs,
        backoff: resolved.backoff,
        random: platform.random,
      });
  }
}
