import type { ErrorCode, EvaluationContext, EvaluationReason, JsonValue, ServedValue } from '@switchyard/core';
import type { StorageLike, WebSocketConstructor } from './platform';

export type { ErrorCode, EvaluationContext, EvaluationReason, JsonValue, ServedValue };

/** The value types a flag can serve; what the typed variation methods check values against. */
export type ValueType = 'boolean' | 'string' | 'number' | 'json';

/**
 * A flag's value with the reason it was served. When the caller's default is served (unknown
 * flag, wrong type, nothing to serve yet) `variant` is absent, `reason` is `ERROR` and
 * `errorCode` says why.
 */
export interface FlagDetail<T> {
  value: T;
  variant?: string;
  reason: EvaluationReason;
  errorCode?: ErrorCode;
}

/**
 * Where the client is. `initializing` — not yet in sync with the server; `ready` — in sync and
 * receiving changes; `stale` — was in sync, lost the connection and is reconnecting; `failed` —
 * the server refused the key for good (revoked, unknown) and the client stopped reconnecting;
 * `closed` — `close()` was called. In every state the last known values are served.
 */
export type ClientState = 'initializing' | 'ready' | 'stale' | 'failed' | 'closed';

/** Where the values being served came from. `none`: nothing yet (defaults are served). */
export type ValueSource = 'none' | 'bootstrap' | 'storage' | 'server';

/** A snapshot of the client's health, for UIs and logs. */
export interface ClientStatus {
  state: ClientState;
  /** True unless the values served are known to be current (state `ready`) — OpenFeature's STALE. */
  stale: boolean;
  source: ValueSource;
  /** The environment version of the values served, when known. */
  version?: number;
  /** When the client last got in sync (epoch ms). */
  lastReadyAt?: number;
  /** The last close, for `stale` and `failed`. */
  lastClose?: { code: number; reason: string; message: string };
}

/** Why values changed: `update` — a change on the server; `identify` — values for a new context. */
export type ChangeCause = 'update' | 'identify';

/** Removes the listener it was returned for. */
export type Unsubscribe = () => void;

/** A logger; `console` fits. Defaults to warnings and errors on `console`. */
export interface Logger {
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** Options of {@link createBrowserClient}. */
export interface BrowserClientOptions {
  /** The environment's client key (kind `client`): it only ever gets values of client-side flags. */
  clientKey: string;
  /** The Switchyard server, e.g. `https://flags.example.com`; the stream is `wss://…/sdk/v1/stream`. */
  baseUrl: string;
  /** Who the values are for. `key` (or `targetingKey`) also names the cached values in storage. */
  context: EvaluationContext;
  /**
   * Values rendered into the page by your server (the `values` of a `values` message), served
   * until the stream delivers fresh ones. Takes precedence over values cached in storage.
   */
  bootstrap?: Record<string, ServedValue>;
  /**
   * Where the last values are kept for the next page load, per client key and context key.
   * Default: `localStorage` when available; `null` turns caching off.
   */
  storage?: StorageLike | null;
  /** The WebSocket class. Default: the global `WebSocket` (pass `ws` in Node). */
  webSocket?: WebSocketConstructor;
  /** Reconnect backoff ceilings; defaults to the protocol's (1 s doubling to 60 s). */
  backoff?: { initialMs?: number; maxMs?: number };
  /** Give up on a connection attempt that has not reached `ready` after this long. Default 10 s. */
  connectTimeoutMs?: number;
  /** Default: `console`. */
  logger?: Logger;
  /** Random numbers in [0, 1) for the backoff jitter. Default: `Math.random` (tests pin it). */
  random?: () => number;
}

/** The browser SDK. Evaluation is synchronous from the values held and never throws. */
export interface BrowserClient {
  /**
   * Resolves once the client is in sync with the server; rejects after `timeoutMs` (default
   * 5,000), when the key is refused for good, or when the client is closed. Values cached or
   * bootstrapped are served meanwhile, whatever the outcome.
   */
  waitForReady(timeoutMs?: number): Promise<void>;
  boolVariation(flagKey: string, defaultValue: boolean): boolean;
  boolVariationDetail(flagKey: string, defaultValue: boolean): FlagDetail<boolean>;
  stringVariation(flagKey: string, defaultValue: string): string;
  stringVariationDetail(flagKey: string, defaultValue: string): FlagDetail<string>;
  numberVariation(flagKey: string, defaultValue: number): number;
  numberVariationDetail(flagKey: string, defaultValue: number): FlagDetail<number>;
  /** Flags whose values are objects, arrays or null. */
  jsonVariation<T extends JsonValue>(flagKey: string, defaultValue: T): T;
  jsonVariationDetail<T extends JsonValue>(flagKey: string, defaultValue: T): FlagDetail<T>;
  /** Every value held, by flag key. */
  allFlags(): Record<string, JsonValue>;
  /**
   * Evaluates for another context from now on. Resolves when the server's values for it have
   * arrived (at once from storage when cached, but the promise waits for the server); rejects after
   * `timeoutMs` when given, or when the client fails or closes first.
   */
  identify(context: EvaluationContext, timeoutMs?: number): Promise<void>;
  /** The context values are evaluated for. */
  context(): EvaluationContext;
  /** Called with the keys of the flags whose values changed (or were removed), and why. */
  onChange(listener: (flagKeys: string[], cause: ChangeCause) => void): Unsubscribe;
  /** Called when one flag's value changes; `detail` is undefined when the flag was removed. */
  onFlagChange(flagKey: string, listener: (detail: ServedValue | undefined, previous: ServedValue | undefined) => void): Unsubscribe;
  /** Called on every change of {@link ClientStatus.state}. */
  onStatusChange(listener: (status: ClientStatus) => void): Unsubscribe;
  status(): ClientStatus;
  /** Closes the connection and stops reconnecting. Values stay readable. */
  close(): void;
}
