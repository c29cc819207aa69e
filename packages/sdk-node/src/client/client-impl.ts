import type { EvaluationContext, FlagEvaluator, JsonValue, RuleSet, VariationType } from '@switchyard/core';
import type { DataSource } from '../data-sources/data-source';
import type { ClientErrorEvent, ClientEventListener, ClientEventName } from '../events/client-events';
import type { EventEmitter } from '../events/event-emitter';
import type { FlagStore } from '../store/flag-store';
import type { SummaryRecorder } from '../summaries/summary-recorder';
import type { SummarySender } from '../summaries/summary-sender';
import { createMigration, type Migration, type MigrationOptions } from '../migration/migration';
import type { MeasurementSender, MigrationReporter } from '../migration/measurements';
import type { EvaluationDetail, SwitchyardClient, TracedEvaluationDetail, VariationDetailOptions } from './client';
import type { ClientDiagnostics } from './diagnostics';
import type { ClientStatus, StatusTracker } from './status-tracker';

/** The parts a client is made of, wired by `createClient`. */
export interface ClientParts {
  store: FlagStore;
  tracker: StatusTracker;
  emitter: EventEmitter;
  diagnostics: ClientDiagnostics;
  dataSource: DataSource;
  recorder: SummaryRecorder | undefined;
  sender: SummarySender | undefined;
  /** Where migration measurements go; undefined offline and with test data. */
  migrationSend?: MeasurementSender | undefined;
}

const DEFAULT_WAIT_MS = 10_000;

/**
 * The client's public face. PERFORMANCE NOTE: the variation methods are benchmarked against other
 * SDKs, so they stay thin: core's `evaluateTyped` (which returns preallocated frozen results; the
 * loaded-check runs only when it finds no flag) and, when summaries are on, an increment of the
 * counter the recorder keeps in the result's tally (no lookup). All of it is small enough for V8
 * to inline into the caller. Nothing else is allocated unless the caller's default is served.
 * Everything else here delegates to the parts.
 */
export class Client implements SwitchyardClient {
  private readonly store: FlagStore;
  private readonly evaluator: FlagEvaluator;
  private readonly recorder: SummaryRecorder | undefined;
  private closing: Promise<void> | undefined;
  private readonly migrations = new Set<MigrationReporter>();

  constructor(private readonly parts: ClientParts) {
    this.store = parts.store;
    this.evaluator = parts.store.evaluator;
    this.recorder = parts.recorder;
  }

  boolVariation(flagKey: string, context: EvaluationContext | undefined, defaultValue: boolean): boolean {
    return this.typed(flagKey, context, 'boolean', defaultValue).value;
  }

  boolVariationDetail(flagKey: string, context: EvaluationContext | undefined, defaultValue: boolean): EvaluationDetail<boolean> {
    return this.typed(flagKey, context, 'boolean', defaultValue);
  }

  stringVariation(flagKey: string, context: EvaluationContext | undefined, defaultValue: string): string {
    return this.typed(flagKey, context, 'string', defaultValue).value;
  }

  stringVariationDetail(flagKey: string, context: EvaluationContext | undefined, defaultValue: string): EvaluationDetail<string> {
    return this.typed(flagKey, context, 'string', defaultValue);
  }

  numberVariation(flagKey: string, context: EvaluationContext | undefined, defaultValue: number): number {
    return this.typed(flagKey, context, 'number', defaultValue).value;
  }

  numberVariationDetail(flagKey: string, context: EvaluationContext | undefined, defaultValue: number): EvaluationDetail<number> {
    return this.typed(flagKey, context, 'number', defaultValue);
  }

  jsonVariation<T extends JsonValue>(flagKey: string, context: EvaluationContext | undefined, defaultValue: T): T {
    return this.typed(flagKey, context, 'json', defaultValue).value;
  }

  jsonVariationDetail<T extends JsonValue>(flagKey: string, context: EvaluationContext | undefined, defaultValue: T): EvaluationDetail<T> {
    return this.typed(flagKey, context, 'json', defaultValue);
  }

  variation(flagKey: string, context: EvaluationContext | undefined, defaultValue: JsonValue): JsonValue {
    return this.variationDetail(flagKey, context, defaultValue).value;
  }

  variationDetail(flagKey: string, context: EvaluationContext | undefined, defaultValue: JsonValue): EvaluationDetail<JsonValue>;
  variationDetail(flagKey: string, context: EvaluationContext | undefined, defaultValue: JsonValue, options: VariationDetailOptions): TracedEvaluationDetail<JsonValue>;
  variationDetail(flagKey: string, context: EvaluationContext | undefined, defaultValue: JsonValue, options?: VariationDetailOptions): TracedEvaluationDetail<JsonValue> {
    if (options !== undefined && options?.trace === true) return this.traced(flagKey, context, defaultValue);
    if (!this.store.loaded) return this.notReady(flagKey, defaultValue);
    let result: EvaluationDetail<JsonValue> = this.evaluator.evaluate(flagKey, context);
    // No variant: nothing servable (unknown flag, broken offVariation): the caller's default.
    if (result.variant === undefined) result = Object.freeze({ value: defaultValue, reason: 'ERROR', errorCode: result.errorCode ?? 'GENERAL' });
    if (this.recorder !== undefined) this.recorder.record(flagKey, result);
    return result;
  }

  /** variationDetail with the trace: core's explain, whose result is the one `evaluate` returns, counted like any evaluation. */
  private traced(flagKey: string, context: EvaluationContext | undefined, defaultValue: JsonValue): TracedEvaluationDetail<JsonValue> {
    if (!this.store.loaded) return this.notReady(flagKey, defaultValue);
    const trace = this.evaluator.explain(flagKey, context);
    let result: EvaluationDetail<JsonValue> = trace.result;
    if (result.variant === undefined) result = { value: defaultValue, reason: 'ERROR', errorCode: result.errorCode ?? 'GENERAL' };
    if (this.recorder !== undefined) this.recorder.record(flagKey, result);
    return Object.freeze({ ...result, trace });
  }

  private typed<T>(flagKey: string, context: EvaluationContext | undefined, type: VariationType, defaultValue: T): EvaluationDetail<T> {
    const result = this.evaluator.evaluateTyped(flagKey, context, type, defaultValue);
    // Before anything is loaded the evaluator holds no flag (the store applies no change before its
    // first rule set), so every evaluation lands here as FLAG_NOT_FOUND: the loaded-check costs
    // nothing on the hot path.
    if (result.errorCode === 'FLAG_NOT_FOUND' && !this.store.loaded) return this.notReady(flagKey, defaultValue);
    if (this.recorder !== undefined) this.recorder.record(flagKey, result);
    return result;
  }

  private notReady<T>(flagKey: string, defaultValue: T): EvaluationDetail<T> {
    const result: EvaluationDetail<T> = Object.freeze({ value: defaultValue, reason: 'ERROR', errorCode: 'PROVIDER_NOT_READY' });
    if (this.recorder !== undefined) this.recorder.record(flagKey, result);
    return result;
  }

  allFlags(context: EvaluationContext | undefined): Record<string, JsonValue> {
    const values: Record<string, JsonValue> = {};
    if (!this.store.loaded) return values;
    for (const key of this.evaluator.keys()) values[key] = this.evaluator.evaluate(key, context).value;
    return values;
  }

  waitForReady(timeoutMs: number = DEFAULT_WAIT_MS): Promise<boolean> {
    const ms = typeof timeoutMs === 'number' && timeoutMs >= 0 && timeoutMs <= 2 ** 31 - 1 ? timeoutMs : DEFAULT_WAIT_MS;
    return this.parts.tracker.waitForReady(ms);
  }

  on<E extends ClientEventName>(event: E, listener: ClientEventListener<E>): () => void {
    return this.parts.emitter.on(event, listener as (payload: never) => void);
  }

  off<E extends ClientEventName>(event: E, listener: ClientEventListener<E>): void {
    this.parts.emitter.off(event, listener as (payload: never) => void);
  }

  status(): ClientStatus {
    return this.parts.tracker.status;
  }

  lastError(): ClientErrorEvent | undefined {
    return this.parts.tracker.lastError;
  }

  diagnostics(): ClientDiagnostics {
    return { ...this.parts.diagnostics };
  }

  ruleSet(): RuleSet | undefined {
    return this.store.ruleSet();
  }

  flushSummaries(): boolean {
    return this.parts.sender?.flush() ?? false;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      const { sender, dataSource, tracker } = this.parts;
      sender?.flush();
      sender?.stop();
      await Promise.all([...this.migrations].map((r) => r.close()));
      dataSource.stop();
      tracker.closed();
    })();
    return this.closing;
  }

  migration<TRead, TWrite = unknown, TReadPayload = unknown, TWritePayload = unknown>(
    flagKey: string,
    options: MigrationOptions<TRead, TWrite, TReadPayload, TWritePayload>,
  ): Migration<TRead, TWrite, TReadPayload, TWritePayload> {
    return createMigration(flagKey, options, {
      evaluate: (context) => this.jsonVariation(flagKey, context, null),
      send: this.closing === undefined ? this.parts.migrationSend : undefined,
      register: (reporter) => this.migrations.add(reporter),
    });
  }
}
