import type { Migration, MigrationOptions } from '../migration/migration';
import type { EvaluationContext, EvaluationResult, EvaluationTrace, JsonValue, RuleSet } from '@switchyard/core';
import type { ClientErrorEvent, ClientEventListener, ClientEventName } from '../events/client-events';
import type { ClientDiagnostics } from './diagnostics';
import type { ClientStatus } from './status-tracker';

/**
 * The outcome of one evaluation: `value`, `variant` (absent when the caller's default was
 * served), `reason` (`STATIC`, `TARGETING_MATCH`, `SPLIT`, `DEFAULT`, `DISABLED`,
 * `PREREQUISITE_FAILED`, `ERROR`), `errorCode` with `ERROR` (`FLAG_NOT_FOUND`, `TYPE_MISMATCH`,
 * `PROVIDER_NOT_READY`...), and for rule matches `ruleIndex`/`ruleId`; `killed` when the kill
 * switch is engaged. Frozen and shared between calls: copy before modifying (JSON values included).
 */
export type EvaluationDetail<T> = Readonly<EvaluationResult<T>>;

/** Options of {@link SwitchyardClient.variationDetail}. */
export interface VariationDetailOptions {
  /** Also return how the value was decided, step by step (`trace`). Slower and allocating: for debugging. */
  trace?: boolean;
}

/**
 * An {@link EvaluationDetail} with the evaluation's `trace`: kill switch, on/off, each prerequisite,
 * targets, every rule and clause with the attribute value it saw, segment decisions, the rollout
 * bucket against its ranges, and the deciding step (the same trace the server's explain endpoint
 * returns). Absent before the client has data (`PROVIDER_NOT_READY`).
 */
export type TracedEvaluationDetail<T> = EvaluationDetail<T> & { readonly trace?: EvaluationTrace };

/**
 * The Switchyard server SDK client, made by `createClient`. Evaluates flags locally, in memory,
 * from rules kept in sync over the stream (or by polling). Evaluation methods never throw and
 * never wait: before the first sync they return the caller's default (`PROVIDER_NOT_READY`);
 * once the client has had data, it keeps serving the last-known-good values whatever happens to
 * the connection.
 */
export interface SwitchyardClient {
  /**
   * Resolves `true` once the client is in sync (`status()` is `ready`), `false` after `timeoutMs`
   * (default 10,000) or when the client gives up (`error`) or is closed. Never rejects.
   */
  waitForReady(timeoutMs?: number): Promise<boolean>;

  /** A boolean flag's value for `context`, or `defaultValue` (unknown flag, another type, not ready...). */
  boolVariation(flagKey: string, context: EvaluationContext | undefined, defaultValue: boolean): boolean;
  /** As {@link SwitchyardClient.boolVariation}, with the variant and the reason. */
  boolVariationDetail(flagKey: string, context: EvaluationContext | undefined, defaultValue: boolean): EvaluationDetail<boolean>;
  /** A string flag's value for `context`, or `defaultValue`. */
  stringVariation(flagKey: string, context: EvaluationContext | undefined, defaultValue: string): string;
  /** As {@link SwitchyardClient.stringVariation}, with the variant and the reason. */
  stringVariationDetail(flagKey: string, context: EvaluationContext | undefined, defaultValue: string): EvaluationDetail<string>;
  /** A number flag's value for `context`, or `defaultValue`. */
  numberVariation(flagKey: string, context: EvaluationContext | undefined, defaultValue: number): number;
  /** As {@link SwitchyardClient.numberVariation}, with the variant and the reason. */
  numberVariationDetail(flagKey: string, context: EvaluationContext | undefined, defaultValue: number): EvaluationDetail<number>;
  /**
   * A JSON flag's value for `context` (frozen: copy before modifying), or `defaultValue`. Flags of
   * other types are a TYPE_MISMATCH: use {@link SwitchyardClient.variation} for any type.
   */
  jsonVariation<T extends JsonValue>(flagKey: string, context: EvaluationContext | undefined, defaultValue: T): T;
  /** As {@link SwitchyardClient.jsonVariation}, with the variant and the reason. */
  jsonVariationDetail<T extends JsonValue>(flagKey: string, context: EvaluationContext | undefined, defaultValue: T): EvaluationDetail<T>;
  /** Any flag's value whatever its type, or `defaultValue` when it has none to serve. */
  variation(flagKey: string, context: EvaluationContext | undefined, defaultValue: JsonValue): JsonValue;
  /**
   * As {@link SwitchyardClient.variation}, with the variant and the reason; with `{ trace: true }`,
   * also the trace of how the value was decided ({@link TracedEvaluationDetail}), computed locally.
   */
  variationDetail(flagKey: string, context: EvaluationContext | undefined, defaultValue: JsonValue): EvaluationDetail<JsonValue>;
  variationDetail(flagKey: string, context: EvaluationContext | undefined, defaultValue: JsonValue, options: VariationDetailOptions): TracedEvaluationDetail<JsonValue>;

  /** Every flag's value for `context` (`null` for a flag with nothing to serve); `{}` before any data. Not counted in summaries. */
  allFlags(context: EvaluationContext | undefined): Record<string, JsonValue>;

  /**
   * Listens to an event: `ready`, `stale`, `error`, `change` (any flag), `change:<flagKey>`
   * (one flag), `applied` (each snapshot or change applied, in version order).
   * @returns a function that removes the listener.
   */
  on<E extends ClientEventName>(event: E, listener: ClientEventListener<E>): () => void;
  /** Removes a listener added with {@link SwitchyardClient.on}. */
  off<E extends ClientEventName>(event: E, listener: ClientEventListener<E>): void;

  /** `initializing`, `ready`, `stale`, `error` or `closed`. */
  status(): ClientStatus;
  /** Why the client is in `error` (e.g. `key-revoked`, close code 4004), if it is. */
  lastError(): ClientErrorEvent | undefined;
  /** Counters: snapshots, changes, duplicates, gaps, connections, polls, acks, summaries... */
  diagnostics(): ClientDiagnostics;
  /**
   * A copy of the rule set the client holds, in the shape of `GET /sdk/v1/flags`: save it as a
   * bootstrap file, or compare it with the server's. Undefined before any data.
   */
  ruleSet(): RuleSet | undefined;
  /** Sends the evaluation counts now rather than at the next interval; false when not connected. */
  flushSummaries(): boolean;
  /** Sends the last summary, closes the connection and stops every timer. Evaluations keep answering from the data held. */
  close(): Promise<void>;
  /** A migration helper for a migration flag: reads and writes per its stage, measured and reported (see docs/migration.md). */
  migration<TRead, TWrite = unknown, TReadPayload = unknown, TWritePayload = unknown>(
    flagKey: string,
    options: MigrationOptions<TRead, TWrite, TReadPayload, TWritePayload>,
  ): Migration<TRead, TWrite, TReadPayload, TWritePayload>;
}
