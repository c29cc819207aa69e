/**
 * Whole WebSocket frames as they go on the wire from a server: FIN + text opcode, the payload length,
 * no mask (RFC 6455 §5.2; only clients mask), then the payload. The same bytes are right for every
 * connection, so a change's frame is built once and written to each socket as it is, without `ws`
 * framing it again per connection. Valid only without per-message compression (our server uses none).
 */
export function wireFrame(payload: Buffer): Buffer {
  const n = payload.length;
  const headerLength = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + n);
  frame[0] = 0x81; // FIN, text
  if (n < 126) frame[1] = n;
  else if (n < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  payload.copy(frame, headerLength);
  return frame;
}
