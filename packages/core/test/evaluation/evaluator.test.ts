import { describe, expect, it } from 'vitest';
import { compileFlag, createEvaluator, type EvaluableFlag, type EvaluationContext } from '../../src/index';
import type { CompiledFlagImpl } from '../../src/evaluation/compiled-flag';
import { toContextObject } from '../../src/evaluation/context-access';
import { evaluateFlag } from '../../src/evaluation/evaluate-flag';
import { booleanFlag, segment, segmentFlag } from './helpers';

describe('createEvaluator', () => {
  it('lists, finds and removes flags', () => {
    const evaluator = createEvaluator({ flags: [booleanFlag('a'), booleanFlag('b')], segments: [] });
    expect(evaluator.keys().sort()).toEqual(['a', 'b']);
    expect(evaluator.has('a')).toBe(true);
    expect(evaluator.get('a')?.source.key).toBe('a');
    expect(evaluator.deleteFlag('a')).toBe(true);
    expect(evaluator.deleteFlag('a')).toBe(false);
    expect(evaluator.has('a')).toBe(false);
    expect(evaluator.evaluate('a', {})).toEqual({ value: null, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
  });

  it('starts empty without a rule set', () => {
    const evaluator = createEvaluator();
    expect(evaluator.keys()).toEqual([]);
    evaluator.upsertFlag(booleanFlag('a', { fallthrough: { variation: 1 } }));
    expect(evaluator.evaluate('a', null).value).toBe(true);
  });

  it('replaces a flag on upsert and reports compile problems', () => {
    const evaluator = createEvaluator();
    expect(evaluator.upsertFlag(booleanFlag('a')).problem).toBeNull();
    const broken = evaluator.upsertFlag(booleanFlag('a', { rules: [{ clauses: [{ attribute: 'x', op: 'matches', values: ['(?=a)a'] }], serve: { variation: 1 } }] }));
    expect(broken.problem?.errorCode).toBe('PARSE_ERROR');
    expect(broken.problem?.message).toMatch(/rule 0: matches pattern "\(\?=a\)a" uses a lookahead or lookbehind/);
    expect(evaluator.evaluate('a', {})).toMatchObject({ value: false, reason: 'ERROR', errorCode: 'PARSE_ERROR' });
  });

  it('recompiles only the flags that reference a changed segment', () => {
    const evaluator = createEvaluator({ flags: [segmentFlag('uses-beta', 'beta'), booleanFlag('plain')], segments: [] });
    const plain = evaluator.get('plain');
    expect(evaluator.evaluate('uses-beta', { key: 'u1' })).toMatchObject({ reason: 'ERROR', errorCode: 'GENERAL' });

    expect(evaluator.upsertSegment(segment('beta', { included: ['u1'] }))).toEqual(['uses-beta']);
    expect(evaluator.evaluate('uses-beta', { key: 'u1' })).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
    expect(evaluator.evaluate('uses-beta', { key: 'u2' })).toMatchObject({ value: false, reason: 'DEFAULT' });

    expect(evaluator.upsertSegment(segment('beta', { included: ['u2'], version: 2 }))).toEqual(['uses-beta']);
    expect(evaluator.evaluate('uses-beta', { key: 'u1' }).value).toBe(false);
    expect(evaluator.evaluate('uses-beta', { key: 'u2' }).value).toBe(true);

    expect(evaluator.upsertSegment(segment('unused'))).toEqual([]);
    expect(evaluator.get('plain')).toBe(plain);

    expect(evaluator.deleteSegment('beta')).toEqual(['uses-beta']);
    expect(evaluator.evaluate('uses-beta', { key: 'u2' })).toMatchObject({ reason: 'ERROR', errorCode: 'GENERAL' });
    expect(evaluator.deleteSegment('beta')).toEqual([]);
  });

  it('follows a flag that stops referencing a segment', () => {
    const evaluator = createEvaluator({ flags: [segmentFlag('f', 'old')], segments: [segment('old'), segment('new')] });
    evaluator.upsertFlag(segmentFlag('f', 'new'));
    expect(evaluator.upsertSegment(segment('old', { version: 2 }))).toEqual([]);
    expect(evaluator.upsertSegment(segment('new', { version: 2 }))).toEqual(['f']);
    evaluator.deleteFlag('f');
    expect(evaluator.upsertSegment(segment('new', { version: 3 }))).toEqual([]);
  });

  it('makes a broken segment an error of the flags using it', () => {
    const nested = segment('nested', { rules: [{ clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['other'] }] }] });
    const evaluator = createEvaluator({ flags: [segmentFlag('f', 'nested')], segments: [nested, segment('other')] });
    expect(evaluator.get('f')?.problem?.message).toMatch(/segment "nested": segment rules cannot use segmentMatch/);
    evaluator.upsertSegment(segment('nested', { included: ['u'] }));
    expect(evaluator.evaluate('f', { key: 'u' }).value).toBe(true);
  });

  it('looks prerequisites up at evaluation, so they need no recompile', () => {
    const dependent = booleanFlag('dependent', { prerequisites: [{ flag: 'base', variation: 1 }], fallthrough: { variation: 1 } });
    const evaluator = createEvaluator({ flags: [dependent], segments: [] });
    expect(evaluator.evaluate('dependent', {})).toMatchObject({ reason: 'ERROR', errorCode: 'GENERAL' });
    evaluator.upsertFlag(booleanFlag('base', { fallthrough: { variation: 1 } }));
    expect(evaluator.evaluate('dependent', {})).toMatchObject({ value: true, reason: 'DEFAULT' });
    evaluator.upsertFlag(booleanFlag('base', { enabled: false }));
    expect(evaluator.evaluate('dependent', {})).toMatchObject({ value: false, reason: 'PREREQUISITE_FAILED' });
  });

  it('evaluates wide prerequisite graphs once per flag (no exponential blow-up)', () => {
    // 10 layers of 20 flags, each requiring every flag of the next layer: 20^10 paths.
    const flags: EvaluableFlag[] = [];
    for (let layer = 0; layer < 10; layer++)
      for (let i = 0; i < 20; i++)
        flags.push(
          booleanFlag(`l${layer}-${i}`, {
            fallthrough: { variation: 1 },
            prerequisites: layer === 9 ? [] : Array.from({ length: 20 }, (_, j) => ({ flag: `l${layer + 1}-${j}`, variation: 1 })),
          }),
        );
    const evaluator = createEvaluator({ flags, segments: [] });
    expect(evaluator.evaluate('l0-0', {})).toMatchObject({ value: true, reason: 'DEFAULT' });
  });

  it('does not let the memo of a shared prerequisite hide a depth error', () => {
    // a -> a1 -> ... -> a9: fine below depth 1, too deep below depth 2.
    const chain = Array.from({ length: 10 }, (_, i) =>
      booleanFlag(i === 0 ? 'a' : `a${i}`, { fallthrough: { variation: 1 }, prerequisites: i === 9 ? [] : [{ flag: `a${i + 1}`, variation: 1 }] }),
    );
    const evaluator = createEvaluator({
      flags: [
        ...chain,
        booleanFlag('b', { fallthrough: { variation: 1 }, prerequisites: [{ flag: 'a', variation: 1 }] }),
        booleanFlag('top', { fallthrough: { variation: 1 }, prerequisites: [{ flag: 'a', variation: 1 }, { flag: 'b', variation: 1 }] }),
      ],
      segments: [],
    });
    expect(evaluator.evaluate('a', {})).toMatchObject({ value: true, reason: 'DEFAULT' });
    expect(evaluator.evaluate('b', {})).toMatchObject({ value: true, reason: 'DEFAULT' });
    // From top, a is met at depth 1 and again, through b, at depth 2, where a9 sits at depth 11.
    expect(evaluator.evaluate('top', {})).toMatchObject({ value: false, reason: 'ERROR', errorCode: 'GENERAL' });
  });

  it('replaces everything with replaceAll', () => {
    const evaluator = createEvaluator({ flags: [booleanFlag('a')], segments: [segment('s')] });
    evaluator.replaceAll({ flags: [segmentFlag('b', 's')], segments: [] });
    expect(evaluator.keys()).toEqual(['b']);
    expect(evaluator.evaluate('b', {})).toMatchObject({ errorCode: 'GENERAL' });
  });

  it('serves the caller default for unknown flags and type mismatches only', () => {
    const evaluator = createEvaluator({ flags: [booleanFlag('b', { fallthrough: { variation: 1 } })], segments: [] });
    expect(evaluator.evaluateTyped('b', {}, 'boolean', false)).toEqual({ value: true, variant: 'on', variationIndex: 1, reason: 'STATIC' });
    expect(evaluator.evaluateTyped('b', {}, 'number', 3)).toEqual({ value: 3, reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
    expect(evaluator.evaluateTyped('x', {}, 'string', 'd')).toEqual({ value: 'd', reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
  });

  it('answers typed evaluations of a compiled flag as on the first one (the fast path checks the type too)', () => {
    const rule = { id: 'de', clauses: [{ attribute: 'country', op: 'in' as const, values: ['DE'] }], serve: { variation: 1 } };
    const evaluator = createEvaluator({ flags: [booleanFlag('b', { rules: [rule] }), booleanFlag('c', { fallthrough: { variation: 1 } })], segments: [] });
    for (let round = 0; round < 3; round++) {
      expect(evaluator.evaluateTyped('b', { country: 'DE' }, 'boolean', false)).toEqual({ value: true, variant: 'on', variationIndex: 1, reason: 'TARGETING_MATCH', ruleIndex: 0, ruleId: 'de' });
      expect(evaluator.evaluateTyped('b', { country: 'FR' }, 'boolean', true)).toMatchObject({ value: false, variant: 'off', reason: 'DEFAULT' });
      expect(evaluator.evaluateTyped('b', { country: 'DE' }, 'string', 'd')).toEqual({ value: 'd', reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
      expect(evaluator.evaluateTyped('c', {}, 'json', null)).toEqual({ value: null, reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
      expect(evaluator.evaluateTyped('c', {}, 'boolean', false)).toMatchObject({ value: true, reason: 'STATIC' });
    }
  });

  it('guards typed evaluation against values contradicting the declared type', () => {
    const lying = booleanFlag('lying', { variations: [{ name: 'off', value: 'no' }, { name: 'on', value: 'yes' }] });
    const evaluator = createEvaluator({ flags: [lying], segments: [] });
    // Every time, not only on the evaluation that compiles the flag.
    for (let round = 0; round < 3; round++)
      expect(evaluator.evaluateTyped('lying', {}, 'boolean', true)).toEqual({ value: true, reason: 'ERROR', errorCode: 'TYPE_MISMATCH' });
  });
});

describe('results', () => {
  it('are shared frozen objects', () => {
    const evaluator = createEvaluator({ flags: [booleanFlag('a', { fallthrough: { variation: 1 } })], segments: [] });
    const first = evaluator.evaluate('a', { key: 'x' });
    expect(evaluator.evaluate('a', { key: 'y' })).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('hold frozen copies of JSON values, untouched by later changes to the flag', () => {
    const value = { limits: { seats: 10 }, tags: ['a'] };
    const flag = booleanFlag('j', { variationType: 'json', variations: [{ name: 'v', value }], fallthrough: { variation: 0 } });
    const compiled = compileFlag(flag, new Map());
    value.limits.seats = 99;
    const served = compiled.evaluate({}).value as typeof value;
    expect(served).toEqual({ limits: { seats: 10 }, tags: ['a'] });
    expect(() => {
      served.limits.seats = 1;
    }).toThrow(TypeError);
    expect(() => served.tags.push('b')).toThrow(TypeError);
  });

  it('keep an own "__proto__" key of a JSON value as a key', () => {
    const value = JSON.parse('{"__proto__": {"admin": true}, "a": 1}') as Record<string, unknown>;
    const flag = booleanFlag('j', { variationType: 'json', variations: [{ name: 'v', value: value as never }], fallthrough: { variation: 0 } });
    const served = compileFlag(flag, new Map()).evaluate({}).value as Record<string, unknown>;
    expect(Object.keys(served)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(served)).toBe(Object.prototype);
    expect((served as { admin?: boolean }).admin).toBeUndefined();
  });
});

describe('compileFlag', () => {
  it('compiles a flag with its segments', () => {
    const compiled = compileFlag(segmentFlag('f', 's'), new Map([['s', segment('s', { included: ['u'] })]]));
    expect(compiled.problem).toBeNull();
    expect(compiled.segmentKeys).toEqual(['s']);
    expect(compiled.evaluate({ key: 'u' })).toMatchObject({ value: true, reason: 'TARGETING_MATCH', ruleIndex: 0 });
  });

  it('needs a lookup for prerequisites', () => {
    const compiled = compileFlag(booleanFlag('f', { prerequisites: [{ flag: 'p', variation: 1 }] }), new Map());
    expect(compiled.prerequisiteKeys).toEqual(['p']);
    expect(compiled.evaluate({})).toMatchObject({ reason: 'ERROR', errorCode: 'GENERAL' });
    const p = compileFlag(booleanFlag('p', { fallthrough: { variation: 1 } }), new Map());
    expect(compiled.evaluate({}, (key) => (key === 'p' ? p : undefined))).toMatchObject({ value: false, reason: 'DEFAULT' });
  });

  it.each([
    ['null', null],
    ['a string', 'flag'],
    ['an empty object', {}],
    ['a flag without variations', { ...booleanFlag('f'), variations: undefined }],
    ['a flag with a cyclic variation value', (() => {
      const v: Record<string, unknown> = {};
      v.self = v;
      return booleanFlag('f', { variationType: 'json', variations: [{ name: 'off', value: false }, { name: 'cyclic', value: v as never }] });
    })()],
    ['a flag with a throwing getter', Object.defineProperty({ ...booleanFlag('f') }, 'rules', { get: () => { throw new Error('boom'); } })],
  ])('never throws, even for %s', (_, input) => {
    const compiled = compileFlag(input as EvaluableFlag, new Map());
    expect(compiled.problem).not.toBeNull();
    const result = compiled.evaluate({ key: 'u' });
    expect(result.reason).toBe('ERROR');
  });
});

describe('hostile contexts', () => {
  const flag = booleanFlag('f', {
    targets: [{ variation: 1, values: ['vip'] }],
    rules: [{ clauses: [{ attribute: 'country', op: 'in', values: ['NL'] }], serve: { variation: 1 } }],
    fallthrough: { rollout: { variations: [{ variation: 0, weight: 100_000 }] } },
  });
  const evaluator = createEvaluator({ flags: [flag], segments: [] });
  const throwing = new Proxy({}, { get: () => { throw new Error('get'); }, has: () => { throw new Error('has'); }, ownKeys: () => { throw new Error('keys'); } });
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const cyclic: Record<string, unknown> = { key: 'c' };
  cyclic.self = cyclic;
  cyclic.country = [cyclic, 'NL'];

  it.each([
    ['a getter that throws', Object.defineProperty({ key: 'k' }, 'country', { get: () => { throw new Error('getter'); }, enumerable: true }), 'SPLIT'],
    ['a Proxy whose traps throw', throwing, 'ERROR'],
    ['a revoked Proxy', revocable.proxy, 'ERROR'],
    ['a cyclic object', cyclic, 'TARGETING_MATCH'],
    ['an array attribute whose traps throw', { key: 'k', country: new Proxy(['NL'], { get: () => { throw new Error('array'); } }) }, 'SPLIT'],
    ['a key getter that throws (targetingKey is used)', Object.defineProperty({ targetingKey: 'vip' }, 'key', { get: () => { throw new Error('key'); } }), 'TARGETING_MATCH'],
    ['a function', () => 'NL', 'ERROR'],
    ['a revoked Proxy as an attribute', { key: 'k', country: revocable.proxy }, 'SPLIT'],
    ['a symbol-keyed object', { [Symbol('country')]: 'NL', key: 'k' }, 'SPLIT'],
  ])('copes with %s', (_, context, reason) => {
    const result = evaluator.evaluate('f', context as unknown as EvaluationContext);
    expect(result.reason).toBe(reason);
    // Without the entry point's safety net too: hostile contexts are handled where they are read.
    const compiled = evaluator.get('f') as CompiledFlagImpl;
    expect(evaluateFlag(compiled, toContextObject(context), () => undefined, undefined)).toBe(result);
  });
});

describe('lazy compilation', () => {
  const badRule = booleanFlag('bad', { fallthrough: { variation: 1 }, rules: [{ clauses: [{ attribute: 'x', op: 'matches', values: ['(?=a)a'] }], serve: { variation: 1 } }] });
  const isCompiled = (evaluator: ReturnType<typeof createEvaluator>, key: string) => (evaluator.get(key) as CompiledFlagImpl).compileWith === null;

  it('records flags on arrival and compiles each on its first evaluation', () => {
    const evaluator = createEvaluator({ flags: [booleanFlag('a', { fallthrough: { variation: 1 } }), booleanFlag('b')], segments: [] });
    expect(isCompiled(evaluator, 'a')).toBe(false);
    expect(evaluator.get('a')).toMatchObject({ key: 'a', version: 1, variationType: 'boolean', enabled: true, killed: false });
    expect(evaluator.evaluate('a', {})).toEqual({ value: true, variant: 'on', variationIndex: 1, reason: 'STATIC' });
    expect(isCompiled(evaluator, 'a')).toBe(true);
    expect(isCompiled(evaluator, 'b')).toBe(false);
    expect(evaluator.evaluateTyped('b', {}, 'boolean', true)).toMatchObject({ value: false, reason: 'STATIC' });
    expect(isCompiled(evaluator, 'b')).toBe(true);
  });

  it('gives a flag that cannot compile the same error result and problem as compiling it up front', () => {
    const eager = compileFlag(badRule, new Map());
    const evaluator = createEvaluator({ flags: [badRule], segments: [] });
    const first = evaluator.evaluate('bad', { key: 'u', x: 'aaa' });
    expect(first).toEqual(eager.evaluate({ key: 'u', x: 'aaa' }));
    expect(first).toEqual({ value: false, variant: 'off', variationIndex: 0, reason: 'ERROR', errorCode: 'PARSE_ERROR' });
    expect(evaluator.evaluate('bad', {})).toBe(first);
    expect(evaluator.get('bad')?.problem).toEqual(eager.problem);
    expect(evaluator.evaluateTyped('bad', {}, 'boolean', true)).toBe(first);
    // Reading `problem` first compiles too, with the same outcome.
    const other = createEvaluator({ flags: [badRule], segments: [] });
    expect(other.get('bad')?.problem).toEqual(eager.problem);
    expect(other.evaluate('bad', {})).toEqual(first);
  });

  it('still reports DISABLED for a killed or disabled flag that cannot compile', () => {
    const evaluator = createEvaluator({ flags: [{ ...badRule, key: 'k', killed: { by: 'a', at: '2025-01-01T00:00:00Z', reason: 'r' } } as EvaluableFlag, { ...badRule, key: 'd', enabled: false }], segments: [] });
    expect(evaluator.evaluate('k', {})).toEqual({ value: false, variant: 'off', variationIndex: 0, reason: 'DISABLED', killed: true });
    expect(evaluator.evaluate('d', {})).toEqual({ value: false, variant: 'off', variationIndex: 0, reason: 'DISABLED' });
    expect(evaluator.get('k')?.problem?.errorCode).toBe('PARSE_ERROR');
  });

  it('replaces and removes flags after they were compiled', () => {
    const evaluator = createEvaluator({ flags: [booleanFlag('a')], segments: [] });
    expect(evaluator.evaluate('a', {}).value).toBe(false);
    evaluator.upsertFlag(booleanFlag('a', { fallthrough: { variation: 1 }, version: 2 }));
    expect(isCompiled(evaluator, 'a')).toBe(false);
    expect(evaluator.evaluate('a', {})).toMatchObject({ value: true, reason: 'STATIC' });
    expect(evaluator.get('a')?.version).toBe(2);
    evaluator.upsertFlag(badRule);
    expect(evaluator.evaluate('bad', {})).toMatchObject({ reason: 'ERROR', errorCode: 'PARSE_ERROR' });
    evaluator.upsertFlag(booleanFlag('bad'));
    expect(evaluator.evaluate('bad', {})).toMatchObject({ value: false, reason: 'STATIC' });
    expect(evaluator.deleteFlag('a')).toBe(true);
    expect(evaluator.evaluate('a', {})).toEqual({ value: null, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });
  });

  it('recompiles flags using a changed segment whether or not they were evaluated, returning the same keys', () => {
    const flags = [segmentFlag('evaluated', 'beta'), segmentFlag('idle', 'beta'), booleanFlag('plain')];
    const evaluator = createEvaluator({ flags, segments: [segment('beta', { included: ['u1'] })] });
    expect(evaluator.evaluate('evaluated', { key: 'u1' })).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
    expect(evaluator.evaluate('plain', { key: 'u1' }).value).toBe(false);
    const plain = evaluator.get('plain');
    expect(evaluator.upsertSegment(segment('beta', { included: ['u2'], version: 2 }))).toEqual(['evaluated', 'idle']);
    expect(evaluator.get('plain')).toBe(plain);
    expect(isCompiled(evaluator, 'evaluated')).toBe(false);
    for (const key of ['evaluated', 'idle']) {
      expect(evaluator.evaluate(key, { key: 'u1' })).toMatchObject({ value: false, reason: 'DEFAULT' });
      expect(evaluator.evaluate(key, { key: 'u2' })).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
    }
    expect(evaluator.deleteSegment('beta')).toEqual(['evaluated', 'idle']);
    expect(evaluator.evaluate('evaluated', { key: 'u2' })).toMatchObject({ reason: 'ERROR', errorCode: 'GENERAL' });
    expect(evaluator.get('idle')?.problem?.message).toMatch(/segment "beta" does not exist/);
    expect(evaluator.upsertSegment(segment('beta', { included: ['u1'], version: 3 }))).toEqual(['evaluated', 'idle']);
    expect(evaluator.evaluate('idle', { key: 'u1' })).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
  });

  it('compiles a segment that arrives after the flag but before its first evaluation', () => {
    const evaluator = createEvaluator({ flags: [segmentFlag('f', 'late')], segments: [] });
    expect(evaluator.upsertSegment(segment('late', { included: ['u'] }))).toEqual(['f']);
    expect(evaluator.evaluate('f', { key: 'u' })).toMatchObject({ value: true, reason: 'TARGETING_MATCH' });
  });

  it('compiles a prerequisite on its first use as one', () => {
    const evaluator = createEvaluator({
      flags: [booleanFlag('top', { prerequisites: [{ flag: 'mid', variation: 1 }], fallthrough: { variation: 1 } }), booleanFlag('mid', { prerequisites: [{ flag: 'leaf', variation: 1 }], fallthrough: { variation: 1 } }), booleanFlag('leaf', { fallthrough: { variation: 1 } })],
      segments: [],
    });
    expect(evaluator.evaluate('top', {})).toMatchObject({ value: true, reason: 'DEFAULT' });
    expect(isCompiled(evaluator, 'leaf')).toBe(true);
    evaluator.upsertFlag(booleanFlag('leaf', { fallthrough: { variation: 0 }, version: 2 }));
    expect(evaluator.evaluate('top', {})).toMatchObject({ value: false, reason: 'PREREQUISITE_FAILED' });
  });

  it('gives results whose tally is invisible to equality, spreading and JSON', () => {
    const evaluator = createEvaluator({ flags: [booleanFlag('a', { fallthrough: { variation: 1 } })], segments: [] });
    const result = evaluator.evaluate('a', {});
    expect(Object.keys(result)).toEqual(['value', 'variant', 'variationIndex', 'reason']);
    expect({ ...result }).toStrictEqual({ value: true, variant: 'on', variationIndex: 1, reason: 'STATIC' });
    expect(JSON.stringify(result)).toBe('{"value":true,"variant":"on","variationIndex":1,"reason":"STATIC"}');
    expect(Object.isFrozen(result)).toBe(true);
  });
});

describe('`in` and `notIn` over lists of every length', () => {
  // Short all-string lists compare with each value, longer ones use a Set: both must give the same answers.
  const pool = ['NL', 'DE', 'FR', 'BE', 'LU', 'AT', 'CH', 'IT', 'ES', 'PT', 'PL', 'CZ', 'nl', 'N', 'NLD', ''];
  for (let length = 0; length <= 12; length++) {
    const values = pool.slice(0, length);
    const flagFor = (op: 'in' | 'notIn') => booleanFlag(`f-${op}`, { rules: [{ clauses: [{ attribute: 'country', op, values }], serve: { variation: 1 } }] });
    const evaluator = createEvaluator({ flags: [flagFor('in'), flagFor('notIn')], segments: [] });
    it(`matches exactly the listed strings with ${length} value(s)`, () => {
      for (const country of [...pool, 'XX', 'nL']) {
        const listed = values.includes(country);
        expect(evaluator.evaluate('f-in', { country }).value, `${country} in [${values.join(',')}]`).toBe(listed);
        expect(evaluator.evaluate('f-notIn', { country }).value, `${country} notIn [${values.join(',')}]`).toBe(!listed);
        expect(evaluator.evaluate('f-in', { country: [country, 'XX'] }).value).toBe(listed);
      }
      for (const other of [1, true, null, undefined, { NL: 1 }, new String('NL')])
        expect(evaluator.evaluate('f-in', { country: other as never }).value).toBe(false);
    });
  }
});
