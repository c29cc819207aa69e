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
