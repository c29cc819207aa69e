import { describe, expect, it, vi } from 'vitest';
import { createClient } from '../src/client/create-client';
import { createTestData } from '../src/test-data/test-data';
import { fakeClient, silentLogger } from './support/fake-platform';
import { boolFlag } from './support/flags';

function withFlags() {
  const td = createTestData();
  td.update(td.flag('bool').booleanFlag().variationForAll(true));
  td.update(td.flag('text').variations({ a: 'alpha', b: 'beta' }).variationForAll('b'));
  td.update(td.flag('count').variations({ few: 3, many: 300 }).variationForAll('many'));
  td.update(td.flag('config').variations({ v1: { retries: 3, hosts: ['a'] } }).variationForAll('v1'));
  td.upsertFlag({ ...boolFlag('broken'), offVariation: 9 });
  return createClient({ testData: td, logger: silentLogger });
}

describe('evaluation through the client', () => {
  it('returns typed values, and the caller default on an unknown flag or another type', () => {
    const c = withFlags();
    expect(c.boolVariation('bool', { key: 'u' }, false)).toBe(true);
    expect(c.stringVariation('text', { key: 'u' }, 'x')).toBe('beta');
    expect(c.numberVariation('count', { key: 'u' }, 0)).toBe(300);
    expect(c.jsonVariation('config', { key: 'u' }, {})).toEqual({ retries: 3, hosts: ['a'] });
    expect(c.variation('text', { key: 'u' }, null)).toBe('beta');
    expect(c.boolVariationDetail('missing', {}, true)).toEqual({ value: true, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
    expect(c.numberVariationDetail('text', {}, 7)).toEqual({ value: 7, reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
    expect(c.jsonVariationDetail('bool', {}, null)).toEqual({ value: null, reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
    expect(c.variationDetail('broken', {}, 'dflt')).toEqual({ value: 'dflt', reason: 'ERROR', errorCode: 'GENERAL' });
    expect(c.boolVariationDetail('broken', {}, true)).toEqual({ value: true, reason: 'ERROR', errorCode: 'GENERAL' });
  });

  it('returns frozen shared results (no allocation per call), JSON values deep-frozen', () => {
    const c = withFlags();
    const first = c.boolVariationDetail('bool', { key: 'u1' }, false);
    expect(c.boolVariationDetail('bool', { key: 'u2' }, false)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    const config = c.jsonVariation('config', {}, {}) as { hosts: string[] };
    expect(Object.isFrozen(config.hosts)).toBe(true);
  });

  it('answers a flag with rules the same before and after it turns hot (its rules made into one function)', () => {
    const flag = boolFlag('rules', {
      rules: [
        { id: 'staff', clauses: [{ attribute: 'email', op: 'endsWith', values: ['@switchyard.dev'] }], serve: { variation: 1 } },
        { id: 'nl-pro', clauses: [{ attribute: 'country', op: 'in', values: ['NL'] }, { attribute: 'plan', op: 'in', values: ['pro'] }], serve: { variation: 1 } },
      ],
      fallthrough: { variation: 0 },
    });
    const c = createClient({ offline: true, bootstrap: { flags: [flag] }, logger: silentLogger });
    const cases: [Record<string, unknown>, boolean][] = [
      [{ key: 'a', email: 'x@switchyard.dev' }, true],
      [{ key: 'b', country: 'NL', plan: 'pro' }, true],
      [{ key: 'c', country: 'NL', plan: 'free' }, false],
      [{ key: 'd', country: ['DE', 'NL'], plan: 'pro' }, true],
      [{ key: 'e', get email(): string { throw new Error('getter'); }, country: 'NL', plan: 'pro' }, true],
      [{ key: 'f' }, false],
    ];
    // Past the evaluator's threshold (10,000 evaluations of the flag's rules), with every case on both sides of it.
    const wrong: number[] = [];
    for (let i = 0; i < 12_000; i++) {
      const [context, expected] = cases[i % cases.length]!;
      if (c.boolVariation('rules', context as never, !expected) !== expected) wrong.push(i);
    }
    expect(wrong).toEqual([]);
    expect(c.boolVariationDetail('rules', { country: 'NL', plan: 'pro' }, false)).toMatchObject({ value: true, reason: 'TARGETING_MATCH', ruleIndex: 1, ruleId: 'nl-pro' });
  });

  it('never throws, whatever the context or key', () => {
    const c = withFlags();
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const contexts: unknown[] = [undefined, null, 'user', 42, [], hostile, cyclic, Object.create(null), { key: 17 }];
    const keys: unknown[] = ['bool', '', '__proto__', 'constructor', 'x'.repeat(10_000), undefined, null, 42];
    for (const context of contexts)
      for (const key of keys)
        expect(() => {
          c.boolVariationDetail(key as string, context as never, false);
          c.stringVariation(key as string, context as never, '');
          c.variationDetail(key as string, context as never, null);
          c.allFlags(context as never);
        }).not.toThrow();
  });

  it('allFlags gives every value for a context, and {} before any data', () => {
    expect(withFlags().allFlags({ key: 'u' })).toEqual({ bool: true, text: 'beta', count: 300, config: { retries: 3, hosts: ['a'] }, broken: null });
    const { client } = fakeClient();
    expect(client.allFlags({ key: 'u' })).toEqual({});
  });

  it('a listener that throws is logged and does not disturb other listeners or the SDK', () => {
    const errors: string[] = [];
    const td = createTestData();
    const c = createClient({ testData: td, logger: { ...silentLogger, error: (m: string) => errors.push(m) } });
    const other = vi.fn();
    c.on('change', () => {
      throw new Error('listener bug');
    });
    c.on('change', other);
    td.update(td.flag('a'));
    expect(other).toHaveBeenCalledOnce();
    expect(errors).toEqual(['a "change" listener threw']);
    expect(c.boolVariation('a', {}, false)).toBe(true);
  });

  it('on() returns an unsubscribe function; off() works too', () => {
    const td = createTestData();
    const c = createClient({ testData: td, logger: silentLogger });
    const a = vi.fn();
    const b = vi.fn();
    const offA = c.on('change:x', a);
    c.on('change', b);
    offA();
    c.off('change', b);
    td.update(td.flag('x'));
    expect(a).not.toHaveBeenCalled();
    expect(b).not.toHaveBeenCalled();
  });

  it('emits ready for an offline client on a microtask, so a listener added right after createClient hears it', async () => {
    const c = createClient({ offline: true, bootstrap: { flags: [boolFlag('a')] }, logger: silentLogger });
    const ready = vi.fn();
    c.on('ready', ready);
    await Promise.resolve();
    expect(ready).toHaveBeenCalledWith({ version: 0, environment: undefined });
    expect(c.boolVariation('a', {}, false)).toBe(true);
  });

  it('a logger that throws never breaks the client', () => {
    const broken = { debug: () => { throw new Error('x'); }, info: () => { throw new Error('x'); }, warn: () => { throw new Error('x'); }, error: () => { throw new Error('x'); } };
    const { client, last } = fakeClient({ logger: broken });
    expect(() => last().fail()).not.toThrow();
    expect(client.status()).toBe('initializing');
  });
});
