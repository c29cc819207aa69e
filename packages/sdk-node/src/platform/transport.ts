/** What a stream connection hears from its socket. */
export interface SocketHandlers {
  /** The WebSocket is open: send `hello`. */
  open(): void;
  /** A frame arrived: its text, or `undefined` for a binary frame (which the protocol refuses). */
  message(text: string | undefined): void;
  /** The socket closed (or could not open: 1006). Called once. */
  close(code: number, reason: string): void;
  /** Low-level trouble (connection refused, bad handshake...); `close` follows. */
  error(error: Error): void;
}

/** One open (or opening) WebSocket, as the stream logic sees it. */
export interface StreamSocket {
  send(text: string): void;
  /** Closes with a handshake. */
  close(code: number, reason: string): void;
  /** Drops the connection at once, without a handshake (a dead peer cannot answer one). */
  terminate(): void;
}

/**
 * Opens a WebSocket to `url`; the platform implementation is `wsTransport`. Handlers are always
 * called asynchronously, never from within this call.
 */
export type StreamTransport = (url: string, handlers: SocketHandlers, options: { connectTimeoutMs: number }) => StreamSocket;
