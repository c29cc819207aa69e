/**
 * The two platform APIs the SDK uses, as small structural interfaces: the browser's `WebSocket`
 * and `localStorage` satisfy them, and so do `ws` and an in-memory map in Node tests. Nothing here
 * needs the DOM type library.
 */

/**
 * The part of a WebSocket the SDK uses (browser `WebSocket` and `ws` both fit). Handlers take
 * `any` events so that each implementation's own event classes are accepted; the SDK reads only
 * `data` (message) and `code` (close).
 */
export interface WebSocketLike {
  readonly readyState: number;
  // biome-ignore-start lint/suspicious/noExplicitAny: the DOM WebSocket and test fakes take differently typed events
  onopen: ((event: any) => void) | null;
  onmessage: ((event: any) => void) | null;
  onclose: ((event: any) => void) | null;
  onerror: ((event: any) => void) | null;
  // biome-ignore-end lint/suspicious/noExplicitAny: the DOM WebSocket and test fakes take differently typed events
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket class: `globalThis.WebSocket` in browsers, `ws` in Node. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** The part of the Web Storage API the SDK uses (`localStorage`, `sessionStorage`). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** `WebSocket.OPEN`, the same in every implementation. */
export const OPEN = 1;

/** The global WebSocket class, if this platform has one. */
export function globalWebSocket(): WebSocketConstructor | undefined {
  return (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
}

/**
 * The page's `localStorage`, or undefined where it is missing or forbidden: reading the property
 * itself throws in sandboxed iframes and with storage blocked by the user.
 */
export function globalStorage(): StorageLike | undefined {
  try {
    return (globalThis as { localStorage?: StorageLike }).localStorage ?? undefined;
  } catch {
    return undefined;
  }
}
