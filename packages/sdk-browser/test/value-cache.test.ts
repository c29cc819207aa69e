import { typeOfValue } from '@switchyard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CACHED_CONTEXTS, contextCacheKey, ValueCache } from '../src/value-cache';
import { valueType, ValueStore } from '../src/value-store';
import { MemoryStorage, on } from './fake-socket';

describe('ValueCache', () => {
  it('keeps values per client key and context key, under hashed storage keys', () => {
    const storage = new MemoryStorage();
    const cache = new ValueCache(storage, 'cli-secret-1');
    cache.write({ key: 'user-1', plan: 'free' }, { values: { a: on(true) }, version: 3 });
    expect(cache.read({ key: 'user-1', plan: 'pro' })).toEqual({ values: { a: on(true) }, version: 3 });
    expect(cache.read({ targetingKey: 'user-1' })).toEqual({ values: { a: on(true) }, version: 3 });
    expect(cache.read({ key: 'user-2' })).toBeUndefined();
    expect(new ValueCache(storage, 'cli-secret-2').read({ key: 'user-1' })).toBeUndefined();
    for (const k of storage.map.keys()) expect(k).not.toMatch(/cli-secret|user-1/);
  });

  it('anonymous contexts share one entry', () => {
    expect(contextCacheKey({})).toBe(contextCacheKey({ country: 'NL' }));
    expect(contextCacheKey({ key: 'a' })).not.toBe(contextCacheKey({ key: 'b' }));
  });

  it(`keeps the ${CACHED_CONTEXTS} most recently saved contexts of a key`, () => {
    const storage = new MemoryStorage();
    const cache = new ValueCache(storage, 'k');
    for (let i = 0; i < 8; i++) cache.write({ key: `u${i}` }, { values: {} });
    expect(storage.map.size).toBe(CACHED_CONTEXTS + 1); // entries plus the index
    expect(cache.read({ key: 'u7' })).toBeDefined();
    expect(cache.read({ key: 'u2' })).toBeUndefined();
  });

  it('reads anything broken as nothing cached, and never throws', () => {
    const storage = new MemoryStorage();
    const cache = new ValueCache(storage, 'k');
    cache.write({ key: 'u' }, { values: { a: on(true) } });
    for (const junk of ['{', 'null', '7', '{"values":{"a":{"value":1}}}', '{"values":{"a":{"value":1,"reason":"STATIC","rules":[]}}}']) {
      for (const key of storage.map.keys()) if (key.split(':').length === 4) storage.map.set(key, junk);
      expect(cache.read({ key: 'u' })).toBeUndefined();
    }
    const throwing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('nope');
      },
    };
    const guarded = new ValueCache(throwing, 'k');
    expect(() => guarded.write({ key: 'u' }, { values: {} })).not.toThrow();
    expect(guarded.read({ key: 'u' })).toBeUndefined();
    expect(new ValueCache(undefined, 'k').read({ key: 'u' })).toBeUndefined();
  });
});

describe('ValueStore', () => {
  it('types values as the flag model does (core typeOfValue)', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => valueType(v as never) === typeOfValue(v as never)));
  });

  it('reports exactly the keys that changed on replace and patch', () => {
    const store = new ValueStore();
    expect(store.replace({ a: on(true), b: on(false) }, 'server', 1).sort()).toEqual(['a', 'b']);
    expect(store.replace({ a: on(true), c: on(true) }, 'server', 2).sort()).toEqual(['b', 'c']);
    expect(store.patch({ a: on(true) }, [], 3)).toEqual([]);
    expect(store.patch({ a: on(false) }, ['c', 'missing'], 4)).toEqual(['a', 'c']);
    expect(store.all()).toEqual({ a: false });
    expect(store.version).toBe(4);
  });

  it('holds flag keys in a Map, so no key can reach a prototype', () => {
    const store = new ValueStore();
    store.replace(JSON.parse('{"constructor":{"value":1,"variant":"x","reason":"STATIC"}}'), 'server', 1);
    expect(store.detail('toString', 'json', null)).toMatchObject({ errorCode: 'FLAG_NOT_FOUND' });
    expect(store.detail('constructor', 'number', 0)).toMatchObject({ value: 1 });
  });
});
