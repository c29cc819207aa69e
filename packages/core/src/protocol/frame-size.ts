/**
 * The exact UTF-8 byte length of `text`, as a WebSocket frame would carry it. Lone surrogates
 * count 3 bytes (they are sent as U+FFFD). Counting stops once the length exceeds `stopAfter`,
 * so an oversized frame costs at most `stopAfter` steps.
 */
export function utf8ByteLength(text: string, stopAfter = Infinity): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= stopAfter; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Whether `text` takes more than `maxBytes` bytes in UTF-8. Cheap in the common case: a UTF-16
 * code unit takes 1 to 3 bytes, so `length` and `3 × length` bound the answer; only frames in
 * between are counted exactly.
 */
export function exceedsUtf8Bytes(text: string, maxBytes: number): boolean {
  if (text.length * 3 <= maxBytes) return false;
  if (text.length > maxBytes) return true;
  return utf8ByteLength(text, maxBytes) > maxBytes;
}
