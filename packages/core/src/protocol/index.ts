// The streaming wire protocol between the server and the SDKs. See docs/protocol.md.
export { PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS, BROWSER_PROTOCOL_VERSION, STREAM_PATH, HELLO_TIMEOUT_MS, DEFAULT_HEARTBEAT_MS, MIN_HEARTBEAT_MS, MAX_HEARTBEAT_MS, heartbeatDeadlineMs } from './connection';
export { MAX_CLIENT_FRAME_BYTES, MAX_SERVER_FRAME_BYTES, PROTOCOL_LIMITS } from './limits';
export type {
  SdkInfo,
  HelloMessage,
  ContextMessage,
  AckMessage,
  PingMessage,
  PongMessage,
  SummaryCounter,
  SummaryMessage,
  ClientMessage,
  ClientMessageType,
} from './client-messages';
export { CLIENT_MESSAGE_TYPES } from './client-messages';
export type {
  ReadyMessage,
  SnapshotMessage,
  ItemKind,
  PatchMessage,
  DeleteMessage,
  ChangeItemMessage,
  ChangesMessage,
  ServedValue,
  ValuesMessage,
  ErrorMessage,
  GoawayMessage,
  ServerMessage,
  ServerMessageType,
} from './server-messages';
export { SERVER_MESSAGE_TYPES } from './server-messages';
export { evaluableFlagWireSchema } from './evaluable-flag-schema';
export { contextWireSchema } from './context-schema';
export type { JsonShapeProblem } from './json-shape';
export { checkJsonShape } from './json-shape';
export type { ProtocolParseErrorCode, ProtocolParseError, ProtocolParseResult, ProtocolParseOptions } from './parse';
export { parseClientMessage, parseServerMessage, closeReasonForParseError } from './parse';
export { encode } from './encode';
export { utf8ByteLength, exceedsUtf8Bytes } from './frame-size';
export type { SdkKeyKind } from './key-kind';
export { checkMessageForKeyKind } from './key-kind';
export type { VersionClassification } from './version';
export { classifyIncomingVersion } from './version';
export type { RetryPolicy, SwitchyardCloseReason, StandardCloseReason, CloseReason, CloseCodeInfo } from './close-codes';
export { CLOSE_CODES, SWITCHYARD_CLOSE_CODES, STANDARD_CLOSE_CODES, SWITCHYARD_CLOSE_REASONS, closeCodeInfo } from './close-codes';
export type { AttemptOutcome, BackoffOptions, BackoffState } from './backoff';
export { INITIAL_BACKOFF_STATE, RECONNECT_BACKOFF, backoffDelayMs, nextBackoff } from './backoff';
export { EXAMPLE_CLIENT_MESSAGES, EXAMPLE_SERVER_MESSAGES, EXAMPLE_SEGMENT_PATCH } from './examples';
