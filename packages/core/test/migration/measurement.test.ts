import { describe, expect, it } from 'vitest';
import { histogramQuantile, LATENCY_BUCKET_COUNT, latencyBucket, migrationMeasurementSchema } from '../../src/migration/measurement';
import { migrationVariations, parseStageValue } from '../../src/migration/stage-variations';

describe('latency histogram', () => {
  it('puts latencies into their bucket, the slowest into the overflow bucket', () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(0.1)).toBe(0);
    expect(latencyBucket(0.11)).toBe(1);
    expect(latencyBucket(7)).toBe(6);
    expect(latencyBucket(1e9)).toBe(LATENCY_BUCKET_COUNT - 1);
  });

  it('reads quantiles as bucket upper bounds', () => {
    const counts = new Array(LATENCY_BUCKET_COUNT).fill(0);
    counts[latencyBucket(1)] = 98;
    counts[latencyBucket(100)] = 2;
    expect(histogramQuantile(counts, 0.5)).toBe(1);
    expect(histogramQuantile(counts, 0.98)).toBe(1);
    expect(histogramQuantile(counts, 0.99)).toBe(100);
    expect(histogramQuantile(new Array(LATENCY_BUCKET_COUNT).fill(0), 0.5)).toBeNull();
  });
});

describe('migration measurement schema', () => {
  const origin = { invocations: 10, errors: 1, latency: new Array(LATENCY_BUCKET_COUNT).fill(0) };
  const ok = { flag: 'move-orders', stage: 'shadow', startedAt: 1, endedAt: 2, old: origin, new: origin, compared: 5, consistent: 5 };

  it('accepts a coherent report and refuses impossible counts', () => {
    expect(migrationMeasurementSchema.safeParse(ok).success).toBe(true);
    expect(migrationMeasurementSchema.safeParse({ ...ok, consistent: 6 }).success).toBe(false);
    expect(migrationMeasurementSchema.safeParse({ ...ok, new: { ...origin, errors: 11 } }).success).toBe(false);
    expect(migrationMeasurementSchema.safeParse({ ...ok, old: { ...origin, latency: [1] } }).success).toBe(false);
  });
});

describe('stage variations', () => {
  it('has one variation per stage, in order, that parses back', () => {
    const v = migrationVariations(0.25);
    expect(v.map((x) => x.name)).toEqual(['off', 'dualwrite', 'shadow', 'live', 'rampdown', 'complete']);
    expect(parseStageValue(v[3]!.value)).toEqual({ stage: 'live', checkRatio: 0.25 });
    expect(parseStageValue('live')).toBeUndefined();
    expect(parseStageValue({ stage: 'sideways' })).toBeUndefined();
  });
});
