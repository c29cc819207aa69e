import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagBody, startTestServer, type TestServer } from './support/test-server';

/**
 * Evaluation counts over time (issue 25, item 5): SDK summaries also count per UTC day, the flag page
 * reads the last N days, and days older than the kept window are pruned.
 */
let s: TestServer;
let clock = Date.parse('2026-06-10T12:00:00.000Z');
const now = () => new Date(clock);
const DAY = 86_400_000;
const daily = (days?: number) => s.get(`/api/v1/flags/usage-days/evaluations/daily${days === undefined ? '' : `?days=${days}`}`);
const record = (variant: string | null, count: number) => s.services.evaluations.record('production', { counters: [{ flag: 'usage-days', variant, count }] });

beforeAll(async () => {
  s = await startTestServer({ now });
  expect((await s.post('/api/v1/flags', flagBody('usage-days'))).status).toBe(201);
});
afterAll(() => s.close());

describe('evaluation counts per day', () => {
  it('counts each UTC day apart, per environment and variant, and answers the last N days', async () => {
    await record('on', 5);
    await record('on', 2);
    clock += DAY;
    await record('off', 3);
    await record(null, 1);
    await record('on', 4);
    const two = await daily(2);
    expect(two.status).toBe(200);
    expect(two.body.items).toEqual([
      { environment: 'production', variant: 'on', day: '2026-06-10', count: 7 },
      { environment: 'production', variant: null, day: '2026-06-11', count: 1 },
      { environment: 'production', variant: 'off', day: '2026-06-11', count: 3 },
      { environment: 'production', variant: 'on', day: '2026-06-11', count: 4 },
    ]);
    expect((await daily(1)).body.items.map((r: { day: string }) => r.day)).toEqual(['2026-06-11', '2026-06-11', '2026-06-11']);
    expect((await daily()).body.items).toHaveLength(4); // default: 30 days
    // The totals are unchanged by the per-day rows.
    const totals = (await s.get('/api/v1/flags/usage-days/evaluations')).body.items;
    expect(totals.find((r: { variant: string }) => r.variant === 'on').count).toBe(11);
  });

  it('refuses a bad window with 400 naming the field, and an unknown flag with 404', async () => {
    for (const days of ['0', '91', 'x', '1.5']) {
      const bad = await s.get(`/api/v1/flags/usage-days/evaluations/daily?days=${days}`);
      expect(bad.status, days).toBe(400);
      expect(bad.body.details[0].path).toBe('query.days');
    }
    expect((await s.get('/api/v1/flags/nope/evaluations/daily')).status).toBe(404);
  });

  it('prunes days older than the kept window (90 days), keeps the rest', async () => {
    clock += 90 * DAY; // today 2026-09-09: 2026-06-10 is 91 days back (gone), 2026-06-11 90 (kept)
    expect(await s.services.evaluations.pruneDays()).toBe(1);
    const left = await s.database.db.read((st) => st.evaluations.listDaysForFlag('usage-days', '2000-01-01'));
    expect(left.map((r) => r.day)).toEqual(['2026-06-11', '2026-06-11', '2026-06-11']);
    expect(await s.services.evaluations.pruneDays()).toBe(0);
  });
});
