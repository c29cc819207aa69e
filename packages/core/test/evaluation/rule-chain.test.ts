import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFlag, createEvaluator, type Clause, type EvaluableFlag, type EvaluationContext, type FlagEvaluator, type Segment } from '../../src/index';
import type { CompiledFlagImpl } from '../../src/evaluation/compiled-flag';
import { compileSegment } from '../../src/evaluation/compile-segment';
import { toContextObject } from '../../src/evaluation/context-access';
import { CHAIN_CLAUSE_BUDGET, MAX_CHAIN_CLAUSES, RuleChainBudget, ruleChainSettings } from '../../src/evaluation/rule-chain-code';
import { context, FLAG_KEYS, ruleSet } from './arbitraries';
import { booleanFlag, segment } from './helpers';

/** The evaluator options of each way: closures only, and rule chains from the first evaluation. */
const CLOSURES = { codegen: false } as const;
const CHAINS = { codegenAfter: 0 } as const;

const chainOf = (evaluator: FlagEvaluator, key: string) => (evaluator.get(key) as CompiledFlagImpl).ruleChain;

/** A flag serving "on" when its one rule (these clauses) matches. */
const ruleFlag = (clauses: Clause[]): EvaluableFlag => booleanFlag('f', { rules: [{ id: 'r', clauses, serve: { variation: 1 } }] });

/** Whether `clauses` match `ctx`, by the closures and by the rule chain; both must agree. */
function matches(clauses: Clause[], ctx: unknown, segments: Segment[] = []): boolean {
  const closures = createEvaluator({ flags: [ruleFlag(clauses)], segments }, CLOSURES);
  const byClosures = closures.evaluate('f', ctx as EvaluationContext);
  const chained = createEvaluator({ flags: [ruleFlag(clauses)], segments }, CHAINS);
  const byChain = chained.evaluate('f', ctx as EvaluationContext);
  expect(chainOf(closures, 'f')).toBeNull();
  expect(chainOf(chained, 'f')).not.toBeNull();
  expect(byChain).toEqual(byClosures);
  return byChain.value === true;
}

describe('rule chains (a hot flag\'s rules made into one function)', () => {
  it('are made once a flag has been evaluated enough, and only for flags with rules', () => {
    const evaluator = createEvaluator(
      { flags: [ruleFlag([{ attribute: 'country', op: 'in', values: ['NL'] }]), booleanFlag('plain', { fallthrough: { rollout: { variations: [{ variation: 0, weight: 50_000 }, { variation: 1, weight: 50_000 }] } } })], segments: [] },
      { codegenAfter: 3 },
    );
    for (let i = 0; i < 3; i++) expect(evaluator.evaluate('f', { country: i === 1 ? 'NL' : 'DE' }).value).toBe(i === 1);
    expect(chainOf(evaluator, 'f')).toBeNull();
    expect(evaluator.evaluate('f', { country: 'NL' })).toMatchObject({ value: true, reason: 'TARGETING_MATCH', ruleIndex: 0, ruleId: 'r' });
    expect(chainOf(evaluator, 'f')).not.toBeNull();
    expect(evaluator.evaluate('f', { country: 'DE' })).toMatchObject({ value: false, reason: 'DEFAULT' });
    for (let i = 0; i < 10; i++) evaluator.evaluate('plain', { key: `u${i}` });
    expect(chainOf(evaluator, 'plain')).toBeNull();
  });

  it('start again from the closures when the flag changes', () => {
    const evaluator = createEvaluator({ flags: [ruleFlag([{ attribute: 'country', op: 'in', values: ['NL'] }])], segments: [] }, CHAINS);
    expect(evaluator.evaluate('f', { country: 'NL' }).value).toBe(true);
    evaluator.upsertFlag({ ...ruleFlag([{ attribute: 'country', op: 'in', values: ['DE'] }]), version: 2 });
    expect(evaluator.evaluate('f', { country: 'NL' }).value).toBe(false);
    expect(evaluator.evaluate('f', { country: 'DE' }).value).toBe(true);
  });

  it('match as the closures do, operator by operator', () => {
    const cases: [Clause, Record<string, unknown>, boolean][] = [
      [{ attribute: 'country', op: 'in', values: ['DE', 'NL'] }, { country: 'NL' }, true],
      [{ attribute: 'country', op: 'in', values: ['DE', 'NL'] }, { country: 'FR' }, false],
      [{ attribute: 'country', op: 'in', values: ['DE', 'NL'] }, { country: ['FR', 'NL'] }, true],
      [{ attribute: 'country', op: 'in', values: ['DE'], negate: true }, { country: 'FR' }, true],
      [{ attribute: 'country', op: 'in', values: ['DE'], negate: true }, {}, false],
      [{ attribute: 'country', op: 'in', values: ['DE'], negate: true }, { country: null }, false],
      [{ attribute: 'country', op: 'notIn', values: ['DE'] }, { country: 'FR' }, true],
      [{ attribute: 'country', op: 'notIn', values: ['DE'] }, { country: ['FR', 'DE'] }, false],
      [{ attribute: 'n', op: 'in', values: [1, '2', true] }, { n: 1 }, true],
      [{ attribute: 'n', op: 'in', values: [1, '2', true] }, { n: 2 }, false],
      [{ attribute: 'email', op: 'endsWith', values: ['@a.dev'] }, { email: 'x@a.dev' }, true],
      [{ attribute: 'email', op: 'startsWith', values: ['admin-'] }, { email: 'user@a.dev' }, false],
      [{ attribute: 'name', op: 'contains', values: ['test'] }, { name: 'a test user' }, true],
      [{ attribute: 'name', op: 'matches', values: ['^a+$'] }, { name: 'aaa' }, true],
      [{ attribute: 'age', op: 'gte', values: [65] }, { age: 65 }, true],
      [{ attribute: 'age', op: 'lt', values: [3] }, { age: '2' }, false],
      [{ attribute: 'at', op: 'before', values: ['2025-01-01T00:00:00Z'] }, { at: '2024-06-01T00:00:00Z' }, true],
      [{ attribute: 'version', op: 'semverLt', values: ['1.0.0'] }, { version: '0.9.3' }, true],
      [{ attribute: 'version', op: 'semverGt', values: ['3.5.0'] }, { version: '3.5.0-rc.1' }, false],
      [{ attribute: 'version', op: 'semverEq', values: ['2.0.0'] }, { version: '2.0.0' }, true],
      [{ attribute: 'key', op: 'in', values: ['u1'] }, { targetingKey: 'u1' }, true],
      [{ attribute: 'key', op: 'in', values: ['u1'] }, { key: null, targetingKey: 'u1' }, true],
      [{ attribute: 'key', op: 'in', values: ['u1'] }, { key: 'u2', targetingKey: 'u1' }, false],
    ];
    for (const [clause, ctx, expected] of cases) expect({ clause, ctx, matched: matches([clause], ctx) }).toEqual({ clause, ctx, matched: expected });
  });

  it('require every clause of a rule, and take the first rule that matches', () => {
    const both: Clause[] = [
      { attribute: 'country', op: 'in', values: ['NL'] },
      { attribute: 'plan', op: 'in', values: ['pro'] },
    ];
    expect(matches(both, { country: 'NL', plan: 'pro' })).toBe(true);
    expect(matches(both, { country: 'NL', plan: 'free' })).toBe(false);
    expect(matches([], {})).toBe(true);
    const rules = [
      { id: 'a', clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }], serve: { variation: 0 } },
      { id: 'b', clauses: [{ attribute: 'country', op: 'in', values: ['NL'] }], serve: { variation: 1 } },
    ] as EvaluableFlag['rules'];
    const evaluator = createEvaluator({ flags: [booleanFlag('f', { rules, fallthrough: { variation: 1 } })], segments: [] }, CHAINS);
    expect(evaluator.evaluate('f', { plan: 'pro', country: 'NL' })).toMatchObject({ value: false, ruleIndex: 0, ruleId: 'a' });
    expect(evaluator.evaluate('f', { plan: 'free', country: 'NL' })).toMatchObject({ value: true, ruleIndex: 1, ruleId: 'b' });
    expect(evaluator.evaluate('f', { plan: 'free', country: 'DE' })).toMatchObject({ value: true, reason: 'DEFAULT' });
    expect(chainOf(evaluator, 'f')).not.toBeNull();
  });

  it('call segments the way the closures do', () => {
    const beta = segment('beta', { included: ['u1'], rules: [{ clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }] }] });
    const inBeta: Clause = { attribute: 'key', op: 'segmentMatch', values: ['beta'] };
    expect(matches([inBeta], { key: 'u1' }, [beta])).toBe(true);
    expect(matches([inBeta], { key: 'u2', plan: 'pro' }, [beta])).toBe(true);
    expect(matches([inBeta], { key: 'u2', plan: 'free' }, [beta])).toBe(false);
    expect(matches([{ ...inBeta, negate: true }], { key: 'u2' }, [beta])).toBe(true);
  });

  it('are made for a segment\'s own rules too, once they are hot, with the same membership', () => {
    const beta = segment('beta', {
      included: ['in'],
      excluded: ['out'],
      rules: [{ clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }] }, { clauses: [{ attribute: 'email', op: 'endsWith', values: ['@a.dev'] }, { attribute: 'age', op: 'gte', values: [18] }] }],
    });
    const contexts = [{ key: 'in' }, { key: 'out', plan: 'pro' }, { key: 'u', plan: 'pro' }, { key: 'u', email: 'x@a.dev', age: 20 }, { key: 'u', email: 'x@a.dev', age: 12 }, { targetingKey: 'in' }, {}];
    const expected = [true, false, true, true, false, true, false];
    const compiled = compileSegment(beta, new RuleChainBudget(ruleChainSettings({ codegenAfter: 2 })));
    // Included and excluded keys are decided before the rules: they do not count towards hot.
    for (let i = 0; i < 3; i++) expect(compiled.matcher(toContextObject(contexts[0]))).toBe(true);
    expect(compiled.ruleChain).toBeNull();
    const seen = [];
    for (let round = 0; round < 3; round++) seen.push(contexts.map((ctx) => compiled.matcher(toContextObject(ctx))));
    expect(compiled.ruleChain).not.toBeNull();
    expect(seen).toEqual([expected, expected, expected]);
  });

  it('a replaced or deleted segment gives its chain\'s share back', () => {
    const beta = segment('beta', { rules: [{ clauses: [{ attribute: 'plan', op: 'in', values: ['pro'] }] }] });
    const flag = booleanFlag('f', { rules: [{ clauses: [{ attribute: 'key', op: 'segmentMatch', values: ['beta'] }], serve: { variation: 1 } }] });
    const evaluator = createEvaluator({ flags: [flag], segments: [beta] }, CHAINS);
    const budget = () => (evaluator as unknown as { chainBudget: RuleChainBudget }).chainBudget.remaining;
    expect(evaluator.evaluate('f', { key: 'u', plan: 'pro' }).value).toBe(true);
    // The flag's chain (one rule, one clause) and the segment's (the same): 2 each.
    expect(budget()).toBe(CHAIN_CLAUSE_BUDGET - 4);
    evaluator.upsertSegment({ ...beta, version: 2, rules: [{ clauses: [{ attribute: 'plan', op: 'in', values: ['team'] }] }] });
    expect(budget()).toBe(CHAIN_CLAUSE_BUDGET);
    expect(evaluator.evaluate('f', { key: 'u', plan: 'pro' }).value).toBe(false);
    expect(evaluator.evaluate('f', { key: 'u', plan: 'team' }).value).toBe(true);
    expect(budget()).toBe(CHAIN_CLAUSE_BUDGET - 4);
    evaluator.deleteSegment('beta');
    expect(budget()).toBe(CHAIN_CLAUSE_BUDGET);
    expect(evaluator.evaluate('f', { key: 'u', plan: 'team' })).toMatchObject({ reason: 'ERROR', errorCode: 'GENERAL' });
  });

  it('read attribute names literally, whatever characters they hold', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a planted template-literal injection, on purpose
    const names = ['a"b', "a'b", 'a\\b', 'line\nbreak', 'sep\u2028arator', '"]; throw new Error("injected"); //', '`${process.exit(1)}`', '*/ return 0; /*', 'constructor', ''];
    for (const name of names) {
      expect(matches([{ attribute: name, op: 'in', values: ['NL'] }], { [name]: 'NL' })).toBe(true);
      expect(matches([{ attribute: name, op: 'in', values: ['NL'] }], { [name]: 'DE', other: 'NL' })).toBe(false);
    }
    expect(matches([{ attribute: '__proto__', op: 'in', values: ['NL'] }], { country: 'NL' })).toBe(false);
  });

  it('read only own properties, as the closures do: an inherited name is missing, negated or not', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']) {
      expect(matches([{ attribute: name, op: 'notIn', values: ['x'] }], { key: 'u1' }), name).toBe(false);
      expect(matches([{ attribute: name, op: 'startsWith', values: ['f'], negate: true }], { key: 'u1' }), name).toBe(false);
      expect(matches([{ attribute: name, op: 'notIn', values: ['x'] }], JSON.parse(`{"${name}":"y"}`)), name).toBe(true);
    }
    const child = Object.create({ country: 'NL', key: 'u1' }) as Record<string, unknown>;
    expect(matches([{ attribute: 'country', op: 'in', values: ['NL'] }], child)).toBe(false);
    expect(matches([{ attribute: 'key', op: 'in', values: ['u1'] }], child)).toBe(false);
  });

  it('read what throws as missing, as the closures do', () => {
    const throwing = { get country(): string { throw new Error('getter'); }, plan: 'pro' };
    expect(matches([{ attribute: 'country', op: 'in', values: ['NL'], negate: true }], throwing)).toBe(false);
    expect(matches([{ attribute: 'plan', op: 'in', values: ['pro'] }], throwing)).toBe(true);
    const trap = new Proxy({}, { get() { throw new Error('trap'); } });
    expect(matches([{ attribute: 'key', op: 'in', values: ['u1'], negate: true }], trap)).toBe(false);
    const revoked = Proxy.revocable([], {});
    revoked.revoke();
    expect(matches([{ attribute: 'groups', op: 'in', values: ['a'], negate: true }], { groups: revoked.proxy })).toBe(true);
    const badArray = new Proxy(['a'], { get(target, p) { if (p === 'length') throw new Error('length'); return Reflect.get(target, p); } });
    expect(matches([{ attribute: 'groups', op: 'in', values: ['a'] }], { groups: badArray })).toBe(false);
    const keyGetter = { get key(): string { throw new Error('key'); }, targetingKey: 'u1' };
    expect(matches([{ attribute: 'key', op: 'in', values: ['u1'] }], keyGetter)).toBe(true);
  });

  it(`are not made past ${MAX_CHAIN_CLAUSES} clauses, and the closures still serve`, () => {
    const clauses = (n: number): Clause[] => Array.from({ length: n }, (_, i) => ({ attribute: `a${i}`, op: 'in', values: ['x'] }));
    const ctx = Object.fromEntries(Array.from({ length: MAX_CHAIN_CLAUSES + 1 }, (_, i) => [`a${i}`, 'x']));
    const atMost = createEvaluator({ flags: [ruleFlag(clauses(MAX_CHAIN_CLAUSES))], segments: [] }, CHAINS);
    expect(atMost.evaluate('f', ctx).value).toBe(true);
    expect(chainOf(atMost, 'f')).not.toBeNull();
    const over = createEvaluator({ flags: [ruleFlag(clauses(MAX_CHAIN_CLAUSES + 1))], segments: [] }, CHAINS);
    expect(over.evaluate('f', ctx).value).toBe(true);
    expect(over.evaluate('f', { ...ctx, a7: 'y' }).value).toBe(false);
    expect(chainOf(over, 'f')).toBeNull();
  });

  it(`take at most ${CHAIN_CLAUSE_BUDGET} clauses per evaluator, and get them back when a flag is replaced or deleted`, () => {
    // 63 clauses in one rule: a cost of 64 each, so the budget holds exactly this many chains.
    const clauses: Clause[] = Array.from({ length: 63 }, (_, i) => ({ attribute: `a${i}`, op: 'in', values: ['x'] }));
    const fits = CHAIN_CLAUSE_BUDGET / 64;
    const flag = (i: number, version = 1) => booleanFlag(`f${i}`, { rules: [{ clauses, serve: { variation: 1 } }], version });
    const ctx = Object.fromEntries(clauses.map((c) => [c.attribute, 'x']));
    const keys = Array.from({ length: fits + 2 }, (_, i) => `f${i}`);
    const evaluator = createEvaluator({ flags: keys.map((_, i) => flag(i)), segments: [] }, CHAINS);
    for (const key of keys) expect(evaluator.evaluate(key, ctx).value).toBe(true);
    const chained = () => evaluator.keys().filter((key) => chainOf(evaluator, key) !== null);
    expect(chained()).toEqual(keys.slice(0, fits));
    // Past the budget, the flag keeps its closures, and answers the same.
    expect(evaluator.evaluate(`f${fits}`, { ...ctx, a5: 'y' }).value).toBe(false);
    // Replacing f0 and deleting f1 give back two chains' worth: the new f0 and a new flag take them.
    evaluator.upsertFlag(flag(0, 2));
    evaluator.deleteFlag('f1');
    evaluator.upsertFlag(flag(99));
    for (const key of ['f0', 'f99', `f${fits}`]) expect(evaluator.evaluate(key, ctx).value).toBe(true);
    expect(chainOf(evaluator, 'f0')).not.toBeNull();
    expect(chainOf(evaluator, 'f99')).not.toBeNull();
    // A flag that turned hot while the budget was spent keeps its closures until it changes.
    expect(chainOf(evaluator, `f${fits}`)).toBeNull();
    const f100 = booleanFlag('f100', { rules: [{ clauses: [clauses[0]!], serve: { variation: 1 } }] });
    evaluator.upsertFlag(f100);
    evaluator.evaluate('f100', ctx);
    expect(chainOf(evaluator, 'f100')).toBeNull();
    evaluator.replaceAll({ flags: keys.map((_, i) => flag(i)), segments: [] });
    for (const key of keys) evaluator.evaluate(key, ctx);
    expect(chained()).toHaveLength(fits);
  });

  it('give the closures\' result for random flags, segments and contexts', () => {
    fc.assert(
      fc.property(ruleSet, fc.array(context, { minLength: 1, maxLength: 4 }), (rules, contexts) => {
        const closures = createEvaluator(rules, CLOSURES);
        const chained = createEvaluator(rules, CHAINS);
        for (const ctx of contexts)
          for (const key of FLAG_KEYS) expect(chained.evaluate(key, ctx as EvaluationContext)).toEqual(closures.evaluate(key, ctx as EvaluationContext));
      }),
      { numRuns: 300 },
    );
  });

  it('are skipped where code generation is disallowed, and the closures serve', () => {
    const probe = fileURLToPath(new URL('./no-codegen-probe.ts', import.meta.url));
    const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', probe], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ nl: true, de: false, chain: false, codegenOff: true, evalForbidden: true });
  });

  it('are never made with codegen: false, however hot the rules, and the results are the same', () => {
    const flags = [ruleFlag([{ attribute: 'country', op: 'in', values: ['NL'] }])];
    const off = createEvaluator({ flags, segments: [] }, { codegen: false, codegenAfter: 0 });
    const on = createEvaluator({ flags, segments: [] }, CHAINS);
    for (let i = 0; i < 50; i++) {
      const ctx = { country: i % 2 === 0 ? 'NL' : 'DE' };
      expect(off.evaluate('f', ctx)).toEqual(on.evaluate('f', ctx));
    }
    expect(chainOf(off, 'f')).toBeNull();
    expect(chainOf(on, 'f')).not.toBeNull();
    // A standalone compiled flag takes the same option.
    const compiled = compileFlag(flags[0]!, new Map(), { codegen: false, codegenAfter: 0 }) as CompiledFlagImpl;
    for (let i = 0; i < 3; i++) compiled.evaluate({ country: 'NL' });
    expect(compiled.ruleChain).toBeNull();
  });

  it('are made after 10,000 evaluations by default, and an option that is not a count takes the default', () => {
    for (const options of [{}, { codegenAfter: -1 }, { codegenAfter: 1.5 }, { codegenAfter: Number.NaN }]) {
      const evaluator = createEvaluator({ flags: [ruleFlag([{ attribute: 'country', op: 'in', values: ['NL'] }])], segments: [] }, options);
      for (let i = 0; i < 10_000; i++) evaluator.evaluate('f', { country: 'NL' });
      expect(chainOf(evaluator, 'f'), JSON.stringify(options)).toBeNull();
      evaluator.evaluate('f', { country: 'NL' });
      expect(chainOf(evaluator, 'f'), JSON.stringify(options)).not.toBeNull();
    }
  });
});
