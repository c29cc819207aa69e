import type { ClientMessage } from './client-messages';
import type { ProtocolParseError } from './parse';
import type { ServerMessage } from './server-messages';

/**
 * The kind of SDK key a connection authenticated with. `server`: full rules (`snapshot`,
 * `patch`, `delete`, `changes`); `client`: browser, evaluated `values` only, never rules.
 */
export type SdkKeyKind = 'server' | 'client';

const ALLOWED: { readonly [K in SdkKeyKind]: ReadonlySet<string> } = {
  server: new Set(['hello', 'ack', 'ping', 'pong', 'summary', 'ready', 'snapshot', 'patch', 'delete', 'changes', 'error', 'goaway']),
  client: new Set(['hello', 'context', 'ack', 'ping', 'pong', 'summary', 'ready', 'values', 'error', 'goaway']),
};

/**
 * Check a parsed message against the kind of key on its connection, in either direction.
 * The server calls it on every client message once it has looked the key up (hello: `context`
 * required for client keys, forbidden for server keys; `context` messages only from client keys);
 * the browser SDK calls it on every server message so that rules can never reach it.
 * Returns the problem (an `invalid` parse error, answered with `bad-message`) or undefined.
 */
export function checkMessageForKeyKind(message: ClientMessage | ServerMessage, kind: SdkKeyKind): ProtocolParseError | undefined {
  if (!ALLOWED[kind].has(message.type))
    return { code: 'invalid', message: `type: ${message.type} messages are not used with ${kind} keys`, path: ['type'] };
  if (message.type === 'hello') {
    if (kind === 'client' && message.context === undefined)
      return { code: 'invalid', message: 'context: is required with a client key', path: ['context'] };
    if (kind === 'server' && message.context !== undefined)
      return { code: 'invalid', message: 'context: is not allowed with a server key', path: ['context'] };
  }
  return undefined;
}
