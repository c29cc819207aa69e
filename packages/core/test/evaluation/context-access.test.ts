import { describe, expect, it } from 'vitest';
import { contextKey, readAttribute, readKey, type ContextObject } from '../../src/evaluation/context-access';

const throwing = (name: string) => Object.defineProperty({}, name, { get: () => { throw new Error(name); }, enumerable: true });

describe('readKey, the user key read of rollouts, targets and segments', () => {
  it.each<[string, ContextObject, unknown]>([
    ['a string key', { key: 'u1', targetingKey: 't' }, 'u1'],
    ['a number key', { key: 7 }, 7],
    ['an empty key (present, not missing)', { key: '', targetingKey: 't' }, ''],
    ['a null key: targetingKey', { key: null, targetingKey: 't' }, 't'],
    ['no key: targetingKey', { targetingKey: 't' }, 't'],
    ['neither', { country: 'NL' }, undefined],
    ['a key getter that throws: targetingKey', Object.assign(throwing('key'), { targetingKey: 't' }), 't'],
    ['both getters throw', Object.defineProperty(throwing('key'), 'targetingKey', { get: () => { throw new Error('t'); } }), undefined],
    ['a Proxy whose traps throw', new Proxy({}, { get: () => { throw new Error('get'); } }), undefined],
  ])('reads %s exactly as readAttribute(ctx, "key") does', (_, ctx, expected) => {
    expect(readKey(ctx)).toBe(expected);
    expect(readAttribute(ctx, 'key')).toBe(expected);
    expect(contextKey(ctx)).toBe(typeof expected === 'string' ? expected : undefined);
  });
});

describe('only own properties are attributes', () => {
  const inherited = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__lookupGetter__'];

  it.each(inherited)('%s, inherited from Object.prototype, reads as missing', (name) => {
    expect(readAttribute({ key: 'u1' }, name)).toBeUndefined();
    expect(readAttribute({ key: 'u1', [name]: 'own' }, name)).toBe('own'); // a computed key is an own property, __proto__ too
  });

  it('reads an own __proto__ attribute (as JSON.parse makes it)', () => {
    expect(readAttribute(JSON.parse('{"__proto__":"own"}') as ContextObject, '__proto__')).toBe('own');
  });

  it('reads nothing from a prototype of the caller\'s, and reads a context without a prototype', () => {
    const proto = { country: 'NL', key: 'from-proto', targetingKey: 'from-proto' };
    const ctx = Object.create(proto) as Record<string, unknown>;
    expect(readAttribute(ctx, 'country')).toBeUndefined();
    expect(readKey(ctx)).toBeUndefined();
    ctx.targetingKey = 't';
    expect(readKey(ctx)).toBe('t');
    class WithGetter {
      plan = 'pro';
      get country(): string {
        return 'NL';
      }
    }
    expect(readAttribute(new WithGetter() as unknown as ContextObject, 'plan')).toBe('pro');
    expect(readAttribute(new WithGetter() as unknown as ContextObject, 'country')).toBeUndefined();
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { key: 'u1', country: 'NL' });
    expect(readKey(bare)).toBe('u1');
    expect(readAttribute(bare, 'country')).toBe('NL');
    expect(readAttribute(bare, 'constructor')).toBeUndefined();
  });

  it('reads as missing when the ownership check itself throws (a Proxy trap)', () => {
    const ctx = new Proxy({ country: 'NL' }, { getOwnPropertyDescriptor: () => { throw new Error('trap'); } });
    expect(readAttribute(ctx, 'country')).toBeUndefined();
    expect(readKey(new Proxy({ key: 'u1' }, { getOwnPropertyDescriptor: () => { throw new Error('trap'); } }))).toBeUndefined();
  });
});
