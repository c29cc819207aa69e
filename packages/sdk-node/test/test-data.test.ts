import { describe, expect, it } from 'vitest';
import { createClient } from '../src/client/create-client';
import type { AppliedEvent, FlagChange } from '../src/events/client-events';
import { createTestData } from '../src/test-data/test-data';
import { silentLogger } from './support/fake-platform';
import { boolFlag } from './support/flags';

const client = (testData: ReturnType<typeof createTestData>) => createClient({ testData, logger: silentLogger });

describe('test data source', () => {
  it('serves flags with no server, ready at once; a new flag is boolean, on, serving true', async () => {
    const td = createTestData();
    td.update(td.flag('new-checkout'));
    const c = client(td);
    expect(c.status()).toBe('ready');
    expect(await c.waitForReady(0)).toBe(true);
    expect(c.boolVariationDetail('new-checkout', { key: 'u' }, false)).toMatchObject({ value: true, variant: 'on', reason: 'STATIC' });
    expect(c.diagnostics()).toMatchObject({ mode: 'test-data', connectAttempts: 0 });
  });

  it('pushes every update to every client, in version order, with change events', () => {
    const td = createTestData();
    td.update(td.flag('a').booleanFlag().variationForAll(false));
    const clients = [client(td), client(td)];
    const applied: AppliedEvent[][] = clients.map(() => []);
    const changes: FlagChange[] = [];
    clients.forEach((c, i) => c.on('applied', (e) => applied[i]!.push(e)));
    clients[0]!.on('change:a', (e) => changes.push(e));
    td.update(td.flag('a').variationForAll(true));
    td.update(td.flag('b'));
    td.deleteFlag('b');
    for (const c of clients) expect(c.boolVariation('a', {}, false)).toBe(true);
    for (const events of applied) expect(events.map((e) => [e.kind, e.version])).toEqual([['patch', 2], ['patch', 3], ['delete', 4]]);
    expect(changes).toEqual([{ key: 'a', version: 2 }]);
    expect(td.version).toBe(4);
  });

  it('builds targets, rules, rollouts, kills and off variations', () => {
    const td = createTestData();
    const c = client(td);
    td.update(
      td
        .flag('banner')
        .variations({ short: 'Hi', long: 'Hello there', none: '' })
        .offVariation('none')
        .fallthrough('short')
        .variationForKey('vip', 'long')
        .ifMatch('country', 'NL', 'BE')
        .andNotMatch('plan', 'free')
        .thenReturn('long', 'benelux'),
    );
    expect(c.stringVariationDetail('banner', { key: 'vip' }, 'x')).toMatchObject({ value: 'Hello there', reason: 'TARGETING_MATCH' });
    expect(c.stringVariationDetail('banner', { key: 'u', country: 'NL', plan: 'pro' }, 'x')).toMatchObject({ value: 'Hello there', ruleId: 'benelux', ruleIndex: 0 });
    expect(c.stringVariationDetail('banner', { key: 'u', country: 'NL', plan: 'free' }, 'x')).toMatchObject({ value: 'Hi', reason: 'DEFAULT' });
    td.update(td.flag('banner').on(false));
    expect(c.stringVariationDetail('banner', { key: 'vip' }, 'x')).toMatchObject({ value: '', reason: 'DISABLED' });
    td.update(td.flag('banner').on().kill('incident'));
    expect(c.stringVariationDetail('banner', { key: 'vip' }, 'x')).toMatchObject({ value: '', reason: 'DISABLED', killed: true });
    td.update(td.flag('banner').restore());
    expect(c.stringVariation('banner', { key: 'vip' }, 'x')).toBe('Hello there');

    td.update(td.flag('limit').variations({ low: 10, high: 100 }).rollout({ low: 50, high: 50 }));
    const served = new Set(Array.from({ length: 200 }, (_, i) => c.numberVariationDetail('limit', { key: `user-${i}` }, 0).value));
    expect(served).toEqual(new Set([10, 100]));
    expect(c.numberVariationDetail('limit', { key: 'user-1' }, 0).reason).toBe('SPLIT');
    expect(c.ruleSet()!.flags.find((f) => f.key === 'limit')!.variationType).toBe('number');
  });

  it('supports segments and prerequisites', () => {
    const td = createTestData();
    const c = client(td);
    td.upsertSegment({ key: 'beta', included: ['u1'] });
    td.update(td.flag('base').booleanFlag().fallthrough(false).ifInSegment('beta').thenReturn(true));
    td.update(td.flag('dependent').prerequisite('base', true));
    expect(c.boolVariationDetail('dependent', { key: 'u1' }, false)).toMatchObject({ value: true });
    expect(c.boolVariationDetail('dependent', { key: 'u2' }, true)).toMatchObject({ value: false, reason: 'PREREQUISITE_FAILED' });
    const changed: string[] = [];
    c.on('change', (e) => changed.push(e.key));
    td.upsertSegment({ key: 'beta', included: ['u1', 'u2'] });
    expect(changed.sort()).toEqual(['base', 'dependent']);
    expect(c.boolVariation('dependent', { key: 'u2' }, false)).toBe(true);
    td.deleteSegment('beta');
    expect(c.boolVariationDetail('base', { key: 'u1' }, false)).toMatchObject({ reason: 'ERROR', errorCode: 'GENERAL' });
  });

  it('edits an existing flag from its current state, rules with rollouts included', () => {
    const td = createTestData();
    td.update(td.flag('a').ifMatch('plan', 'pro').thenRollout({ on: 100 }, { ruleId: 'pro' }).fallthrough(false));
    td.update(td.flag('a').variationForKey('vip', true));
    const flag = client(td).ruleSet()!.flags[0]!;
    expect(flag.rules).toEqual([{ id: 'pro', clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }], serve: { rollout: { variations: [{ variation: 1, weight: 100_000 }] } } }]);
    expect(flag.targets).toEqual([{ variation: 1, values: ['vip'] }]);
    expect(flag.fallthrough).toEqual({ variation: 0 });
  });

  it('takes complete flags and whole rule sets (e.g. a saved GET /sdk/v1/flags body)', () => {
    const td = createTestData();
    const c = client(td);
    td.upsertFlag(boolFlag('raw', { enabled: false }));
    expect(c.boolVariationDetail('raw', {}, true)).toMatchObject({ value: false, reason: 'DISABLED' });
    const snapshots: AppliedEvent[] = [];
    c.on('applied', (e) => snapshots.push(e));
    td.setRuleSet({ flags: [boolFlag('other')] });
    expect(snapshots).toEqual([{ kind: 'snapshot', version: 2, origin: 'test-data', changed: expect.arrayContaining(['raw', 'other']) }]);
    expect(c.boolVariationDetail('raw', {}, true)).toMatchObject({ errorCode: 'FLAG_NOT_FOUND' });
  });

  it('throws on builder misuse, naming the problem', () => {
    const td = createTestData();
    expect(() => td.update(td.flag('a').variationForAll('maybe'))).toThrow(/has no variation "maybe" \(it has off, on\)/);
    expect(() => td.update(td.flag('a').rollout({ on: 60, off: 30 }))).toThrow(/adds up to 90%/);
    expect(() => td.update(td.flag('a').prerequisite('missing', true))).toThrow(/requires "missing"/);
    expect(td.version).toBe(0);
  });

  it('a closed client stops receiving updates', async () => {
    const td = createTestData();
    const c = client(td);
    await c.close();
    td.update(td.flag('late'));
    expect(c.boolVariationDetail('late', {}, false).errorCode).toBe('FLAG_NOT_FOUND');
  });
});
