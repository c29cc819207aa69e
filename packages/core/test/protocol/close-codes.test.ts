import { describe, it, expect } from 'vitest';
import {
  CLOSE_CODES,
  STANDARD_CLOSE_CODES,
  SWITCHYARD_CLOSE_CODES,
  SWITCHYARD_CLOSE_REASONS,
  closeCodeInfo,
  utf8ByteLength,
} from '../../src/protocol/index';

describe('CLOSE_CODES', () => {
  it('names every code the server sends', () => {
    expect(CLOSE_CODES).toEqual({
      'bad-message': 4000,
      'hello-timeout': 4001,
      'invalid-key': 4003,
      'key-revoked': 4004,
      'limit-exceeded': 4008,
      'too-many-connections': 4009,
      'unsupported-protocol': 4010,
      'server-error': 4011,
      'going-away': 4012,
      'too-many-connections-from-source': 4013,
      'context-rate-exceeded': 4014,
    });
    expect(SWITCHYARD_CLOSE_REASONS).toEqual(Object.keys(CLOSE_CODES));
  });

  it('uses each code once, across both tables', () => {
    const codes = [...Object.values(SWITCHYARD_CLOSE_CODES), ...Object.values(STANDARD_CLOSE_CODES)].map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('sends only codes in the private-use range', () => {
    for (const code of Object.values(CLOSE_CODES)) expect(code >= 4000 && code <= 4999).toBe(true);
  });

  it('keeps every message short enough for a close frame (123 bytes)', () => {
    for (const entry of [...Object.values(SWITCHYARD_CLOSE_CODES), ...Object.values(STANDARD_CLOSE_CODES)])
      expect(utf8ByteLength(entry.message)).toBeLessThanOrEqual(123);
  });
});

describe('closeCodeInfo', () => {
  it.each([
    [4000, 'bad-message', 'backoff'],
    [4001, 'hello-timeout', 'backoff'],
    [4003, 'invalid-key', 'no'],
    [4004, 'key-revoked', 'no'],
    [4008, 'limit-exceeded', 'backoff'],
    [4009, 'too-many-connections', 'backoff'],
    [4010, 'unsupported-protocol', 'no'],
    [4011, 'server-error', 'backoff'],
    [4012, 'going-away', 'now'],
    [4013, 'too-many-connections-from-source', 'backoff'],
    [4014, 'context-rate-exceeded', 'backoff'],
    [1000, 'normal', 'backoff'],
    [1001, 'endpoint-going-away', 'backoff'],
    [1006, 'abnormal', 'backoff'],
    [1009, 'message-too-big', 'backoff'],
    [1011, 'internal-error', 'backoff'],
    [1012, 'service-restart', 'backoff'],
  ] as const)('%i is %s, retry %s', (code, reason, retry) => {
    expect(closeCodeInfo(code)).toMatchObject({ code, reason, retry });
    expect(closeCodeInfo(code).message.length).toBeGreaterThan(0);
  });

  it.each([0, 999, 1004, 1016, 2999, 3000, 3003, 4002, 4005, 4999, 5000, -1, 4000.5, Number.NaN])(
    'treats unknown code %s as retry with backoff',
    (code) => {
      expect(closeCodeInfo(code)).toMatchObject({ code, reason: 'unknown', retry: 'backoff' });
    },
  );

  it('returns a fresh object: callers cannot corrupt the table', () => {
    const info = closeCodeInfo(4003);
    info.retry = 'now';
    expect(closeCodeInfo(4003).retry).toBe('no');
  });
});
