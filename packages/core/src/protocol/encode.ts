import type { ClientMessage } from './client-messages';
import type { ServerMessage } from './server-messages';

/**
 * The text frame for a message. Messages are plain JSON data by type, so this cannot fail;
 * it does not validate (the sender's types do), and the receiver's parser checks everything.
 */
export function encode(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message);
}
