/**
 * How a client reacts to a close: `no` — never reconnect with this key (serve last-known-good,
 * report an error); `backoff` — reconnect after an exponential backoff with full jitter;
 * `now` — reconnect at once (to another replica), without backoff.
 */
export type RetryPolicy = 'no' | 'backoff' | 'now';

interface CloseCodeEntry {
  readonly code: number;
  readonly retry: RetryPolicy;
  /** Short enough for a WebSocket close frame's reason (at most 123 UTF-8 bytes). */
  readonly message: string;
}

/**
 * The close codes Switchyard's server sends: the one table that `docs/protocol.md` mirrors
 * (a test keeps them in step). Keys are the close reasons.
 */
export const SWITCHYARD_CLOSE_CODES = {
  'bad-message': { code: 4000, retry: 'backoff', message: 'A frame was not valid JSON or not a valid protocol message.' },
  'hello-timeout': { code: 4001, retry: 'backoff', message: 'No valid hello within 5 seconds of connecting.' },
  'invalid-key': { code: 4003, retry: 'no', message: 'The SDK key is not valid for any environment.' },
  'key-revoked': { code: 4004, retry: 'no', message: 'The SDK key has been revoked.' },
  'limit-exceeded': { code: 4008, retry: 'backoff', message: 'Message rate or size limit exceeded.' },
  'too-many-connections': { code: 4009, retry: 'backoff', message: 'Too many connections for this key.' },
  'unsupported-protocol': { code: 4010, retry: 'no', message: 'The protocol version in hello is not supported by this server.' },
  'server-error': { code: 4011, retry: 'backoff', message: 'The server failed; reconnect later.' },
  'going-away': { code: 4012, retry: 'now', message: 'This server is shutting down; reconnect to another one.' },
  'too-many-connections-from-source': { code: 4013, retry: 'backoff', message: 'Too many browser connections from this network address.' },
  'context-rate-exceeded': { code: 4014, retry: 'backoff', message: 'Too many evaluation contexts from this network address; slow down.' },
} as const satisfies Record<string, CloseCodeEntry>;

/**
 * Standard WebSocket close codes (RFC 6455 and the IANA registry) as a client may see them,
 * sent by the server, a proxy or the client's own WebSocket implementation.
 */
export const STANDARD_CLOSE_CODES = {
  normal: { code: 1000, retry: 'backoff', message: 'Closed normally.' },
  'endpoint-going-away': { code: 1001, retry: 'backoff', message: 'The endpoint is going away.' },
  'protocol-error': { code: 1002, retry: 'backoff', message: 'WebSocket protocol error.' },
  'unsupported-data': { code: 1003, retry: 'backoff', message: 'Unsupported data (binary frames are not accepted).' },
  'no-status': { code: 1005, retry: 'backoff', message: 'Closed without a status code.' },
  abnormal: { code: 1006, retry: 'backoff', message: 'The connection was lost without a close frame.' },
  'invalid-payload': { code: 1007, retry: 'backoff', message: 'A frame was not valid UTF-8.' },
  'policy-violation': { code: 1008, retry: 'backoff', message: 'Policy violation.' },
  'message-too-big': { code: 1009, retry: 'backoff', message: 'A frame was too big.' },
  'missing-extension': { code: 1010, retry: 'backoff', message: 'A required extension was not negotiated.' },
  'internal-error': { code: 1011, retry: 'backoff', message: 'Internal error.' },
  'service-restart': { code: 1012, retry: 'backoff', message: 'The service is restarting.' },
  'try-again-later': { code: 1013, retry: 'backoff', message: 'Try again later.' },
  'bad-gateway': { code: 1014, retry: 'backoff', message: 'Bad gateway.' },
  'tls-handshake': { code: 1015, retry: 'backoff', message: 'TLS handshake failed.' },
} as const satisfies Record<string, CloseCodeEntry>;

/** A reason the Switchyard server closes a stream with; also the `code` of an `error` message. */
export type SwitchyardCloseReason = keyof typeof SWITCHYARD_CLOSE_CODES;
/** A standard WebSocket close reason. */
export type StandardCloseReason = keyof typeof STANDARD_CLOSE_CODES;
/** Every close reason a client can be told about; `unknown` for codes in neither table. */
export type CloseReason = SwitchyardCloseReason | StandardCloseReason | 'unknown';

/** The Switchyard close reasons, in code order. */
export const SWITCHYARD_CLOSE_REASONS = Object.keys(SWITCHYARD_CLOSE_CODES) as [SwitchyardCloseReason, ...SwitchyardCloseReason[]];

/** Switchyard close reason → close code, for the server's `socket.close(code, reason)`. */
export const CLOSE_CODES = Object.fromEntries(
  Object.entries(SWITCHYARD_CLOSE_CODES).map(([reason, entry]) => [reason, entry.code]),
) as { readonly [R in SwitchyardCloseReason]: (typeof SWITCHYARD_CLOSE_CODES)[R]['code'] };

/** What a close code means to a client. */
export interface CloseCodeInfo {
  code: number;
  reason: CloseReason;
  retry: RetryPolicy;
  message: string;
}

const BY_CODE: ReadonlyMap<number, CloseCodeInfo> = new Map(
  [...Object.entries(SWITCHYARD_CLOSE_CODES), ...Object.entries(STANDARD_CLOSE_CODES)].map(([reason, e]) => [
    e.code,
    { code: e.code, reason: reason as CloseReason, retry: e.retry, message: e.message },
  ]),
);

/**
 * What a client should make of a close code it received. Total: codes in neither table
 * (including 1004 and the 3000–4999 ranges we do not use) are `unknown` and retried with backoff,
 * because refusing to reconnect on a code we do not understand would turn a proxy's quirk into an outage.
 */
export function closeCodeInfo(code: number): CloseCodeInfo {
  const known = BY_CODE.get(code);
  if (known) return { ...known };
  return { code, reason: 'unknown', retry: 'backoff', message: `Closed with unknown code ${String(code)}.` };
}
