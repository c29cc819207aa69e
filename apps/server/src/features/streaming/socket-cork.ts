import type { WebSocket } from 'ws';

/**
 * Runs `send` with the connection's TCP socket corked, so every frame it sends leaves in one
 * `writev` when it returns instead of one system call per frame. `ws` has no public cork: this reads
 * its underlying socket (`_socket`, present on server-side sockets of ws 8); if it is missing or is
 * not a stream that corks, the frames are simply sent one by one.
 */
export function corked(ws: WebSocket, send: () => void): void {
  const raw = (ws as unknown as { _socket?: { cork?: () => void; uncork?: () => void } })._socket;
  if (typeof raw?.cork !== 'function' || typeof raw.uncork !== 'function') return send();
  raw.cork();
  try {
    send();
  } finally {
    raw.uncork();
  }
}
