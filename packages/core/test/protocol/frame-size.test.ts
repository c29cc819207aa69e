import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  EXAMPLE_CLIENT_MESSAGES,
  MAX_CLIENT_FRAME_BYTES,
  MAX_SERVER_FRAME_BYTES,
  encode,
  exceedsUtf8Bytes,
  parseClientMessage,
  parseServerMessage,
  utf8ByteLength,
} from '../../src/protocol/index';

/** Node's own count, the reference (tests may use Node; the protocol code may not). */
const reference = (text: string): number => Buffer.byteLength(text, 'utf8');

/** A hello whose encoding is exactly `bytes` UTF-8 bytes, padded with `unit` (1, 2, 3 or 4 bytes each). */
function helloOfBytes(bytes: number, unit: string): string {
  const base = encode({ ...EXAMPLE_CLIENT_MESSAGES.hello, context: { pad: '' } });
  const room = bytes - reference(base);
  const unitBytes = reference(unit);
  const pad = unit.repeat(Math.floor(room / unitBytes)) + 'x'.repeat(room % unitBytes);
  const frame = encode({ ...EXAMPLE_CLIENT_MESSAGES.hello, context: { pad } });
  expect(reference(frame)).toBe(bytes);
  return frame;
}

describe('utf8ByteLength', () => {
  it('counts what Node counts, lone surrogates included', () => {
    const units = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 200 }).map((codes) => String.fromCharCode(...codes));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), units), (text) => {
        expect(utf8ByteLength(text)).toBe(reference(text));
      }),
      { numRuns: 2_000 },
    );
  });

  it('examples of each width', () => {
    expect(utf8ByteLength('')).toBe(0);
    expect(utf8ByteLength('a')).toBe(1);
    expect(utf8ByteLength('é')).toBe(2);
    expect(utf8ByteLength('€')).toBe(3);
    expect(utf8ByteLength('😀')).toBe(4);
    expect(utf8ByteLength('\ud800')).toBe(3);
    expect(utf8ByteLength('\udc00\ud800')).toBe(6);
  });

  it('stops counting soon after the limit', () => {
    const count = utf8ByteLength('a'.repeat(1_000), 10);
    expect(count).toBeGreaterThan(10);
    expect(count).toBeLessThanOrEqual(14);
  });
});

describe('exceedsUtf8Bytes', () => {
  it('agrees with the exact count', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), fc.nat({ max: 400 }), (text, max) => {
        expect(exceedsUtf8Bytes(text, max)).toBe(reference(text) > max);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('frame size limits', () => {
  it.each([
    ['1-byte', 'a'],
    ['2-byte', 'é'],
    ['3-byte', '€'],
    ['4-byte', '😀'],
  ])('a client frame of exactly the limit is accepted, one byte more is too large (%s characters)', (_name, unit) => {
    expect(parseClientMessage(helloOfBytes(MAX_CLIENT_FRAME_BYTES, unit)).ok).toBe(true);
    expect(parseClientMessage(helloOfBytes(MAX_CLIENT_FRAME_BYTES + 1, unit))).toEqual({
      ok: false,
      error: { code: 'too-large', message: `frame exceeds ${MAX_CLIENT_FRAME_BYTES} bytes` },
    });
  });

  it('the limit is checked before the frame is parsed', () => {
    expect(parseClientMessage('x'.repeat(MAX_CLIENT_FRAME_BYTES + 1))).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });

  it('server frames have their own, larger limit', () => {
    const frame = helloOfBytes(MAX_CLIENT_FRAME_BYTES + 1, 'a');
    expect(parseServerMessage(frame)).toMatchObject({ ok: false, error: { code: 'invalid', path: ['type'] } });
    expect(parseServerMessage(' '.repeat(MAX_SERVER_FRAME_BYTES + 1))).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });

  it('the limit can be set per call', () => {
    const frame = encode({ type: 'ack', version: 1 });
    expect(parseClientMessage(frame, { maxBytes: frame.length }).ok).toBe(true);
    expect(parseClientMessage(frame, { maxBytes: frame.length - 1 })).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(parseServerMessage(encode({ type: 'ping' }), { maxBytes: 5 })).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });
});
