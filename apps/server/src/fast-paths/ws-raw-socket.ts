import type { WebSocket } from 'ws';

/**
 * Runs `send` with the connection's TCP socket corked, so every frame it sends leaves in one
 * `writev` when it returns instead of one system call per frame. `ws` has no public cork: this reads
 * its underlying socket (`_socket`, present on server-side sockets of ws 8); if it is missing or is
 * not a stream that corks, the frames are simply sent one by one.
 */
export function corked(ws: WebSocket, send: () => void): void {
  const raw = rawSocketOf(ws);
  if (typeof raw?.cork !== 'function' || typeof raw.uncork !== 'function') return send();
  raw.cork();
  try {
    send();
  } finally {
    raw.uncork();
  }
}

interface RawSocket {
  cork?: () => void;
  uncork?: () => void;
  write?: (bytes: Buffer) => boolean;
  writable?: boolean;
}

/** The TCP socket under a server-side `ws` socket (`_socket` in ws 8), or undefined. */
export function rawSocketOf(ws: WebSocket): RawSocket | undefined {
  return (ws as unknown as { _socket?: RawSocket })._socket;
}

/**
 * Writes whole, prebuilt WebSocket frames (see websocket-text-frame.ts) straight to the TCP socket; false when
 * there is no such socket to write to (the caller then sends through `ws`). Safe beside `ws`'s own
 * sends: without compression `ws` writes each frame to the socket synchronously, so frames never
 * interleave.
 */
export function writeRaw(ws: WebSocket, bytes: Buffer): boolean {
  const raw = rawSocketOf(ws);
  if (typeof raw?.write !== 'function' || raw.writable === false) return false;
  raw.write(bytes);
  return true;
}
