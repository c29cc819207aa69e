import { describe, it, expect } from 'vitest';
import { backfillReportSchema, compareCursors, cursorOrder, isFullRangeSucceeded, type BackfillReport, type BackfillStatus } from '../../src/migration/index';

function batch(cursorStart: string, cursorEnd: string, status: BackfillStatus = 'succeeded', attemptCount = 1): BackfillReport {
  return { jobName: 'copy-invoices', codeVersion: 'abc123', cursorStart, cursorEnd, status, attemptCount, rowsScanned: 100, rowsChanged: 90 };
}

describe('isFullRangeSucceeded', () => {
  const range = { start: '0', end: '300' };

  it('accepts contiguous succeeded batches over the whole range, in any order', () => {
    expect(isFullRangeSucceeded([batch('0', '100'), batch('100', '200'), batch('200', '300')], range)).toBe(true);
    expect(isFullRangeSucceeded([batch('200', '300'), batch('0', '100'), batch('100', '200')], range)).toBe(true);
  });

  it('accepts batches reaching beyond the range', () => {
    expect(isFullRangeSucceeded([batch('-50', '150'), batch('150', '1000')], range)).toBe(true);
  });

  it('refuses a gap, at the start, in the middle or at the end', () => {
    expect(isFullRangeSucceeded([batch('1', '100'), batch('100', '300')], range)).toBe(false);
    expect(isFullRangeSucceeded([batch('0', '100'), batch('101', '300')], range)).toBe(false);
    expect(isFullRangeSucceeded([batch('0', '100'), batch('100', '299')], range)).toBe(false);
  });

  it('accepts overlapping batches (backfills are idempotent)', () => {
    expect(isFullRangeSucceeded([batch('0', '150'), batch('100', '250'), batch('120', '130'), batch('200', '300')], range)).toBe(true);
  });

  it('refuses a failed batch that nothing covers', () => {
    expect(isFullRangeSucceeded([batch('0', '100'), batch('100', '200', 'failed'), batch('200', '300')], range)).toBe(false);
  });

  it('accepts a failed batch later retried and succeeded, as a new row or with other boundaries', () => {
    expect(isFullRangeSucceeded([batch('0', '100'), batch('100', '200', 'failed', 1), batch('100', '200', 'succeeded', 2), batch('200', '300')], range)).toBe(true);
    expect(isFullRangeSucceeded([batch('0', '100'), batch('100', '200', 'failed', 3), batch('100', '150'), batch('150', '200'), batch('200', '300')], range)).toBe(true);
  });

  it('refuses a batch whose latest attempt failed, even after an earlier success', () => {
    expect(isFullRangeSucceeded([batch('0', '100'), batch('100', '200', 'succeeded', 1), batch('100', '200', 'failed', 2), batch('200', '300')], range)).toBe(false);
  });

  it('refuses tied latest attempts that disagree', () => {
    expect(isFullRangeSucceeded([batch('0', '300', 'succeeded', 2), batch('0', '300', 'failed', 2)], range)).toBe(false);
  });

  it('refuses while any batch is pending, running or paused', () => {
    for (const status of ['pending', 'running', 'paused'] as const) {
      expect(isFullRangeSucceeded([batch('0', '300'), batch('300', '400', status)], range), status).toBe(false);
      // ...including a retry in flight over a range that once succeeded.
      expect(isFullRangeSucceeded([batch('0', '300', 'succeeded', 1), batch('0', '300', status, 2)], range), status).toBe(false);
    }
  });

  it('refuses no reports, an empty or inverted range, and reports of several jobs', () => {
    expect(isFullRangeSucceeded([], range)).toBe(false);
    expect(isFullRangeSucceeded([batch('0', '300')], { start: '5', end: '5' })).toBe(false);
    expect(isFullRangeSucceeded([batch('0', '300')], { start: '300', end: '0' })).toBe(false);
    expect(isFullRangeSucceeded([batch('0', '150'), { ...batch('150', '300'), jobName: 'other-job' }], range)).toBe(false);
  });

  it('ignores empty or inverted batches', () => {
    expect(isFullRangeSucceeded([batch('0', '150'), batch('150', '150'), batch('200', '150'), batch('150', '300')], range)).toBe(true);
    expect(isFullRangeSucceeded([batch('0', '150'), batch('300', '150')], range)).toBe(false);
  });

  it('compares numeric cursors numerically: 9 < 10 < 100', () => {
    // As strings "10" < "9", so this would look like a gap and an inversion.
    expect(isFullRangeSucceeded([batch('1', '9'), batch('9', '10'), batch('10', '100')], { start: '1', end: '100' })).toBe(true);
    expect(isFullRangeSucceeded([batch('1', '9'), batch('10', '100')], { start: '1', end: '100' })).toBe(false);
  });

  it('compares 64-bit ids exactly', () => {
    const a = '9007199254740993'; // 2^53 + 1: a float would round it to 2^53
    const b = '9007199254740992';
    expect(isFullRangeSucceeded([batch('0', b), batch(b, '18446744073709551615')], { start: '0', end: '18446744073709551615' })).toBe(true);
    expect(isFullRangeSucceeded([batch('0', b), batch(a, '18446744073709551615')], { start: '0', end: '18446744073709551615' })).toBe(false);
  });

  it('compares other cursors as strings', () => {
    const r = { start: '2024-01-01T00:00:00Z', end: '2024-03-01T00:00:00Z' };
    expect(isFullRangeSucceeded([batch('2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'), batch('2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z')], r)).toBe(true);
    expect(isFullRangeSucceeded([batch('', 'm'), batch('m', '~')], { start: '', end: 'zzz' })).toBe(true);
  });
});

describe('cursor order', () => {
  it('is numeric only when every cursor is a decimal number', () => {
    expect(cursorOrder(['1', '-20', '3.5', '007'])).toBe('numeric');
    expect(cursorOrder(['1', 'a'])).toBe('string');
    expect(cursorOrder(['1e3'])).toBe('string');
    expect(cursorOrder(['', '1'])).toBe('string');
  });

  it('compares decimals exactly', () => {
    const cmp = (a: string, b: string): number => Math.sign(compareCursors(a, b, 'numeric'));
    expect(cmp('9', '10')).toBe(-1);
    expect(cmp('-10', '-9')).toBe(-1);
    expect(cmp('-1', '0')).toBe(-1);
    expect(cmp('-0', '0')).toBe(0);
    expect(cmp('007', '7')).toBe(0);
    expect(cmp('2.50', '2.5')).toBe(0);
    expect(cmp('0.12', '0.2')).toBe(-1);
    expect(cmp('0.1', '0.12')).toBe(-1);
    expect(cmp('1.5', '-1.5')).toBe(1);
    expect(cmp('-0.5', '-0.25')).toBe(-1);
    expect(Math.sign(compareCursors('9', '10', 'string'))).toBe(1);
  });
});

describe('backfillReportSchema', () => {
  it('accepts a control-table row, checksums optional or null', () => {
    expect(backfillReportSchema.safeParse(batch('0', '100')).success).toBe(true);
    expect(backfillReportSchema.safeParse({ ...batch('0', '100'), checksumBefore: 'sha256:aa', checksumAfter: null }).success).toBe(true);
  });

  it('refuses unknown fields, bad statuses, negative counts, more changed than scanned rows and inverted ranges', () => {
    const bad: unknown[] = [
      { ...batch('0', '100'), extra: true },
      { ...batch('0', '100'), status: 'done' },
      { ...batch('0', '100'), attemptCount: -1 },
      { ...batch('0', '100'), rowsScanned: 1.5 },
      { ...batch('0', '100'), rowsScanned: 10, rowsChanged: 11 },
      batch('100', '100'),
      batch('100', '99'),
      { ...batch('0', '100'), jobName: '' },
    ];
    for (const b of bad) expect(backfillReportSchema.safeParse(b).success, JSON.stringify(b)).toBe(false);
    expect(backfillReportSchema.safeParse(batch('9', '10')).success).toBe(true);
  });
});
