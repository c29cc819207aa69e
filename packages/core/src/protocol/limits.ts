import { LIMITS } from '../model/limits';

/**
 * Largest text frame a server accepts from a client, in UTF-8 bytes. The server also sets its
 * WebSocket `maxPayload` to this, so oversized frames are dropped before they are buffered.
 */
export const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

/**
 * Largest text frame an SDK accepts from the server, in UTF-8 bytes. Snapshots of big
 * environments are the largest frames; this bounds what a misbehaving server can make an SDK hold.
 */
export const MAX_SERVER_FRAME_BYTES = 16 * 1024 * 1024;

/**
 * Bounds on the fields of protocol messages, on top of the model's {@link LIMITS} for flags and
 * segments. Every array and string on the wire is bounded by one of these or by the frame size.
 */
export const PROTOCOL_LIMITS = {
  sdkKeyLength: 256,
  sdkNameLength: 100,
  sdkVersionLength: 64,
  connectionIdLength: 128,
  /** Human-readable text in `error` messages. */
  messageLength: 1_000,
  /** Elements of `error.path`. */
  errorPathLength: 32,
  /** Attributes of one evaluation context. */
  contextAttributes: 100,
  contextAttributeLength: LIMITS.attributeLength,
  /** `key` and `targetingKey` of a context: as long as an individual target may be. */
  contextKeyLength: LIMITS.attributeLength * 5,
  /** Nesting depth of any client frame (the message object is level 1). */
  clientJsonDepth: 16,
  /** Nesting depth of any server frame: room for rules plus JSON variation values. */
  serverJsonDepth: 64,
  summaryCounters: 1_000,
  /** A variant is a variation name (`variationSchema.name`). */
  variantLength: 100,
  flagsPerEnvironment: 20_000,
  segmentsPerEnvironment: 10_000,
  maxRetryAfterMs: 600_000,
} as const;
