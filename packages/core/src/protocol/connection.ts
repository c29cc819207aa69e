/**
 * Connection-level constants shared by the server and both SDKs. Changing any of them is a
 * protocol change: the three parties must agree on them.
 */

/**
 * The protocol version this build's SDKs speak, sent in `hello.protocol`. Version 2 added the
 * `changes` message (several items at one version, applied as one unit).
 */
export const PROTOCOL_VERSION = 2;

/**
 * The versions a server accepts in `hello.protocol`; any other is refused with 4010. A version-1
 * connection is never sent a `changes` message: it gets a `snapshot` at that version instead.
 */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [1, 2];

/**
 * The protocol version browser SDKs send. They get only `values`, the same in every version, so they
 * stay on 1: any server takes it, whichever is upgraded first.
 */
export const BROWSER_PROTOCOL_VERSION = 1;

/** The one WebSocket endpoint. Keys never travel in the URL: they are sent in the `hello` message. */
export const STREAM_PATH = '/sdk/v1/stream';

/** A connection that has not sent a valid `hello` this long after opening is closed with 4001. */
export const HELLO_TIMEOUT_MS = 5_000;

/** Heartbeat interval the server announces in `ready.heartbeatMs` unless configured otherwise. */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/** Smallest `ready.heartbeatMs` an SDK accepts. */
export const MIN_HEARTBEAT_MS = 1_000;
/** Largest `ready.heartbeatMs` an SDK accepts. */
export const MAX_HEARTBEAT_MS = 300_000;

/**
 * How long a side may go without receiving any frame before it treats the connection as dead.
 * Both sides ping every `heartbeatMs`, so silence for two intervals means a lost peer.
 */
export function heartbeatDeadlineMs(heartbeatMs: number): number {
  return 2 * heartbeatMs;
}
