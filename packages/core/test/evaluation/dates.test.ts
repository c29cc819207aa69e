import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../src/evaluation/dates';

describe('parseIsoDate', () => {
  it('parses dates and date-times to epoch milliseconds', () => {
    expect(parseIsoDate('1970-01-01')).toBe(0);
    expect(parseIsoDate('2024-01-01T00:00:00Z')).toBe(1_704_067_200_000);
    expect(parseIsoDate('2024-01-01T01:00:00+01:00')).toBe(1_704_067_200_000);
    expect(parseIsoDate('2023-12-31T23:00:00-01:00')).toBe(1_704_067_200_000);
    expect(parseIsoDate('2024-01-01T00:00')).toBe(1_704_067_200_000);
    expect(parseIsoDate('2024-01-01T00:00:00.5Z')).toBe(1_704_067_200_500);
    expect(parseIsoDate('2024-01-01T00:00:00.123456789Z')).toBe(1_704_067_200_123);
    expect(parseIsoDate('0001-01-01T00:00:00Z')).toBe(Date.UTC(2001, 0, 1) - 2000 * 365.2425 * 86_400_000);
    expect(parseIsoDate('1969-12-31T23:59:59.999Z')).toBe(-1);
  });

  it('knows leap years', () => {
    expect(parseIsoDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoDate('2000-02-29')).toBe(Date.UTC(2000, 1, 29));
    expect(parseIsoDate('2023-02-29')).toBeUndefined();
    expect(parseIsoDate('1900-02-29')).toBeUndefined();
  });

  it.each(['', '2024', '2024-1-01', '2024-13-01', '2024-00-10', '2024-04-31', '2024-01-01T24:00:00Z', '2024-01-01T12:60Z', '2024-01-01T12:00:60Z', '2024-01-01 12:00:00Z', '2024-01-01T12:00:00+0100', '2024-01-01T12:00:00+24:00', 'Mon, 01 Jan 2024 00:00:00 GMT', '2024-01-01T12Z'])(
    'rejects %j',
    (input) => {
      expect(parseIsoDate(input)).toBeUndefined();
    },
  );

  it('agrees with Date.parse on every valid UTC date-time', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0100-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString();
        expect(parseIsoDate(iso)).toBe(Date.parse(iso));
      }),
    );
  });
});
