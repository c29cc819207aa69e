import { encode, type ServerMessage } from '@switchyard/core';

/**
 * A server frame's text: a string, or — for frames many connections get — its UTF-8 bytes, encoded
 * once and shared, so the socket layer does not convert the same text again per connection.
 */
export type Frame = string | Buffer;

/** A message encoded once to bytes, for sending to many connections as a text frame. */
export function sharedFrame(message: ServerMessage): Buffer {
  return Buffer.from(encode(message));
}
