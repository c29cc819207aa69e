import WebSocket from 'ws';
import type { SocketHandlers, StreamSocket, StreamTransport } from './transport';

/**
 * The Node.js transport, over the `ws` package. Nothing secret goes into the URL: the key is sent
 * in the first message. Frames are handed over as text; compression is off (frames are small and
 * the snapshot is sent once).
 */
export const wsTransport: StreamTransport = (url: string, handlers: SocketHandlers, options: { connectTimeoutMs: number }): StreamSocket => {
  const socket = new WebSocket(url, { handshakeTimeout: options.connectTimeoutMs, perMessageDeflate: false });
  let closed = false;
  socket.on('open', () => handlers.open());
  socket.on('message', (data, isBinary) => handlers.message(isBinary ? undefined : data.toString()));
  socket.on('unexpected-response', (_req, res) => {
    handlers.error(new Error(`the stream endpoint answered HTTP ${String(res.statusCode)} instead of upgrading to WebSocket`));
    socket.terminate();
  });
  socket.on('error', (error) => handlers.error(error));
  socket.on('close', (code, reason) => {
    if (closed) return;
    closed = true;
    handlers.close(code, reason.toString());
  });
  return {
    send(text) {
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
    },
    close(code, reason) {
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else if (socket.readyState === WebSocket.OPEN) socket.close(code, reason);
    },
    terminate() {
      socket.terminate();
    },
  };
};
