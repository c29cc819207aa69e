import type { DataOrigin } from '../store/flag-store';

/** The client is in sync with its data source (`status()` is now `ready`). */
export interface ReadyEvent {
  /** The environment version the client holds. */
  version: number;
  /** The environment, when the data source names it. */
  environment: string | undefined;
}

/** The client lost its data source and serves last-known-good values (`status()` is now `stale`). */
export interface StaleEvent {
  /** A short machine-readable reason: a close reason such as `abnormal` or `going-away`, `resync`, `poll-failed`... */
  reason: string;
  message: string;
}

/**
 * The client stopped trying to sync (`status()` is now `error`), e.g. because its key is invalid
 * or was revoked. It keeps serving last-known-good values, if it ever had any.
 */
export interface ClientErrorEvent {
  /** A short machine-readable reason: `invalid-key`, `key-revoked`, `unsupported-protocol`, `unauthorized`... */
  reason: string;
  /** The WebSocket close code or the HTTP status that said so, when there was one. */
  code: number | undefined;
  message: string;
}

/** A flag may now evaluate differently (its definition, a segment it uses or a prerequisite changed). */
export interface FlagChange {
  key: string;
  /** The environment version at which the change was applied. */
  version: number;
}

/**
 * Low-level: the client applied a snapshot or one change. Emitted once per applied version, in
 * order (duplicates are not applied and not emitted): what tests and diagnostics tools watch.
 */
export interface AppliedEvent {
  /** `changes`: several items applied at one version, as one unit (a plan). */
  kind: 'snapshot' | 'patch' | 'delete' | 'changes';
  version: number;
  origin: DataOrigin;
  /** For `patch` and `delete`: what changed. */
  item?: { kind: 'flag' | 'segment'; key: string };
  /** For `changes`: every item that changed, in the order applied. */
  items?: { kind: 'flag' | 'segment'; key: string }[];
  /** The keys of the flags that may evaluate differently (as also emitted as `change` events). */
  changed: readonly string[];
}

/** Every event of the client, by name. `change:<flagKey>` carries a {@link FlagChange} too. */
export interface ClientEventMap {
  ready: ReadyEvent;
  stale: StaleEvent;
  error: ClientErrorEvent;
  change: FlagChange;
  applied: AppliedEvent;
}

/** An event name: one of {@link ClientEventMap}, or `change:<flagKey>` for one flag's changes. */
export type ClientEventName = keyof ClientEventMap | `change:${string}`;

/** The listener type for an event name. */
export type ClientEventListener<E extends ClientEventName> = E extends keyof ClientEventMap
  ? (event: ClientEventMap[E]) => void
  : (event: FlagChange) => void;
