/** The bytes every ack an SDK encodes starts with (core's `encode` writes `type` first). */
const PREFIX = Buffer.from('{"type":"ack","version":');
/** Digits read at most: 15 keeps every version read a safe integer. */
const MAX_DIGITS = 15;

/**
 * The version of a plain ack frame — exactly `{"type":"ack","version":N}`, N a non-negative integer
 * without sign, leading zero, fraction or exponent — read straight from the frame's bytes; undefined
 * for anything else, which then goes through core's full `parseClientMessage`. Every frame this
 * accepts, the full parser accepts as the same ack (a test checks both on many variants).
 */
export function readAckFrame(data: Buffer): number | undefined {
  const end = data.length - 1; // index of the closing brace
  const start = PREFIX.length;
  const digits = end - start;
  if (digits < 1 || digits > MAX_DIGITS || data[end] !== 0x7d /* } */) return undefined;
  for (let i = 0; i < start; i++) if (data[i] !== PREFIX[i]) return undefined;
  if (digits > 1 && data[start] === 0x30 /* 0 */) return undefined;
  let version = 0;
  for (let i = start; i < end; i++) {
    const d = data[i]! - 0x30;
    if (d < 0 || d > 9) return undefined;
    version = version * 10 + d;
  }
  return version;
}
