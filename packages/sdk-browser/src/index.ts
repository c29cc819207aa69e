/**
 * @switchyard/sdk-browser — values of client-side flags for one context, streamed by the
 * Switchyard server, served synchronously from memory. See docs/sdk-browser.md.
 */
export { createBrowserClient } from './client';
export type {
  BrowserClient,
  BrowserClientOptions,
  ChangeCause,
  ClientState,
  ClientStatus,
  ErrorCode,
  EvaluationContext,
  EvaluationReason,
  FlagDetail,
  JsonValue,
  Logger,
  ServedValue,
  Unsubscribe,
  ValueSource,
  ValueType,
} from './types';
export type { StorageLike, WebSocketConstructor, WebSocketLike } from './platform';
export { SDK_INFO } from './stream';
