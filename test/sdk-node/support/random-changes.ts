import type { ServerProcess } from '../../support/server-process';
import { configPath } from './admin';
import type { EvaluationContext, JsonValue } from './sdk';

/** A small seeded PRNG (mulberry32), so that a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COUNTRIES = ['NL', 'DE', 'US', 'FR'];
const PLANS = ['free', 'pro', 'enterprise'];

/** A handful of contexts that exercise targets, rules, segments and rollouts. */
export function sampleContexts(): EvaluationContext[] {
  const contexts: EvaluationContext[] = [];
  for (let i = 0; i < 8; i++) contexts.push({ key: `user-${i}`, country: COUNTRIES[i % 4]!, plan: PLANS[i % 3]!, age: 15 + i * 7 });
  contexts.push({ targetingKey: 'tk-1', country: 'NL' }, {});
  return contexts;
}

interface Model {
  flags: Map<string, { type: 'boolean' | 'string' | 'number'; archived: boolean; variations: number }>;
  segments: Set<string>;
  next: number;
}

type Op = (server: ServerProcess, model: Model, pick: Picker) => Promise<{ status: number; body: any } | undefined>;

class Picker {
  constructor(readonly random: () => number) {}
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  one<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
}

const variationsFor = (type: 'boolean' | 'string' | 'number'): { name: string; value: JsonValue }[] | undefined =>
  type === 'string'
    ? [{ name: 'a', value: 'alpha' }, { name: 'b', value: 'beta' }, { name: 'c', value: 'gamma' }]
    : type === 'number'
      ? [{ name: 'low', value: 1 }, { name: 'mid', value: 10 }, { name: 'high', value: 100 }]
      : undefined;

function liveFlags(model: Model): string[] {
  return [...model.flags].filter(([, f]) => !f.archived).map(([k]) => k);
}

function randomServe(pick: Picker, variations: number): Record<string, unknown> {
  if (pick.chance(0.6)) return { variation: pick.int(variations) };
  const first = pick.int(100_001);
  const second = variations > 2 ? pick.int(100_001 - first) : 100_000 - first;
  const weights = [first, second, 100_000 - first - second].slice(0, variations);
  weights[weights.length - 1]! += 100_000 - weights.reduce((a, b) => a + b, 0);
  return { rollout: { variations: weights.map((weight, variation) => ({ variation, weight })), ...(pick.chance(0.3) ? { salt: `s${pick.int(9)}` } : {}) } };
}

function randomClause(pick: Picker, model: Model): Record<string, unknown> {
  const kind = pick.int(model.segments.size > 0 ? 4 : 3);
  if (kind === 0) return { attribute: 'country', op: 'in', values: [pick.one(COUNTRIES), pick.one(COUNTRIES)], ...(pick.chance(0.2) ? { negate: true } : {}) };
  if (kind === 1) return { attribute: 'plan', op: pick.chance(0.5) ? 'in' : 'startsWith', values: [pick.one(PLANS).slice(0, 3)] };
  if (kind === 2) return { attribute: 'age', op: pick.one(['lt', 'gte']), values: [18 + pick.int(40)] };
  return { attribute: 'key', op: 'segmentMatch', values: [pick.one([...model.segments])] };
}

async function configOf(server: ServerProcess, flag: string): Promise<any> {
  return (await server.api('GET', configPath(flag))).body;
}

const OPS: [weight: number, op: Op][] = [
  [8, async (server, model, pick) => {
    const key = `flag-${model.next++}`;
    const type = pick.one(['boolean', 'boolean', 'string', 'number'] as const);
    const variations = variationsFor(type);
    const res = await server.api('POST', '/api/v1/flags', { key, type: 'release', owner: 'team-sdk', variationType: type, ...(variations ? { variations } : {}) });
    if (res.status === 201) model.flags.set(key, { type, archived: false, variations: variations?.length ?? 2 });
    return res;
  }],
  [20, async (server, model, pick) => {
    const flag = pick.one(liveFlags(model));
    const config = await configOf(server, flag);
    return server.api('POST', `${configPath(flag)}/toggle`, { enabled: !config.enabled, baseVersion: config.version });
  }],
  [20, async (server, model, pick) => {
    const flag = pick.one(liveFlags(model));
    const n = model.flags.get(flag)!.variations;
    const rules = Array.from({ length: pick.int(3) }, (_, i) => ({
      id: `r${i}`,
      clauses: Array.from({ length: 1 + pick.int(2) }, () => randomClause(pick, model)),
      serve: randomServe(pick, n),
    }));
    const config = await configOf(server, flag);
    return server.api('PATCH', configPath(flag), { baseVersion: config.version, rules, fallthrough: randomServe(pick, n) });
  }],
  [6, async (server, model, pick) => {
    const flag = pick.one(liveFlags(model));
    const n = model.flags.get(flag)!.variations;
    const config = await configOf(server, flag);
    const targets = pick.chance(0.3) ? [] : [{ variation: pick.int(n), values: [`user-${pick.int(8)}`] }];
    return server.api('PATCH', configPath(flag), { baseVersion: config.version, targets });
  }],
  [14, async (server, model, pick) => {
    const flag = pick.one(liveFlags(model));
    const config = await configOf(server, flag);
    return server.api('POST', `${configPath(flag)}/${config.killed ? 'restore' : 'kill'}`, { reason: 'random drill' });
  }],
  [4, async (server, model, pick) => {
    const flag = pick.one(liveFlags(model));
    const others = liveFlags(model).filter((k) => k !== flag);
    if (others.length === 0) return undefined;
    const required = pick.one(others);
    const config = await configOf(server, flag);
    const prerequisites = pick.chance(0.3) ? [] : [{ flag: required, variation: pick.int(model.flags.get(required)!.variations) }];
    return server.api('PATCH', configPath(flag), { baseVersion: config.version, prerequisites });
  }],
  [5, async (server, model) => {
    const key = `seg-${model.next++}`;
    const res = await server.api('POST', '/api/v1/environments/production/segments', { key, included: ['user-1'] });
    if (res.status === 201) model.segments.add(key);
    return res;
  }],
  [10, async (server, model, pick) => {
    if (model.segments.size === 0) return undefined;
    const key = pick.one([...model.segments]);
    const current = (await server.api('GET', `/api/v1/environments/production/segments/${key}`)).body;
    const included = Array.from({ length: pick.int(3) }, () => `user-${pick.int(8)}`).filter((v, i, a) => a.indexOf(v) === i);
    const excluded = pick.chance(0.3) ? [`user-${pick.int(8)}`].filter((k) => !included.includes(k)) : [];
    const rules = pick.chance(0.5) ? [{ clauses: [{ attribute: 'country', op: 'in', values: [pick.one(COUNTRIES)] }] }] : [];
    return server.api('PATCH', `/api/v1/environments/production/segments/${key}`, { baseVersion: current.version, included, excluded, rules });
  }],
  [3, async (server, model, pick) => {
    if (model.segments.size === 0) return undefined;
    const key = pick.one([...model.segments]);
    const res = await server.api('DELETE', `/api/v1/environments/production/segments/${key}`);
    if (res.status === 204) model.segments.delete(key);
    return res;
  }],
  [5, async (server, model, pick) => {
    const flag = pick.one(liveFlags(model));
    const res = await server.api('POST', `/api/v1/flags/${flag}/archive`, { reason: 'random cleanup' });
    if (res.status === 200) model.flags.get(flag)!.archived = true;
    return res;
  }],
  [2, async (server, model, pick) => {
    const archived = [...model.flags].filter(([, f]) => f.archived).map(([k]) => k);
    if (archived.length === 0) return undefined;
    const flag = pick.one(archived);
    const res = await server.api('POST', `/api/v1/flags/${flag}/unarchive`, {});
    if (res.status === 200) model.flags.get(flag)!.archived = false;
    return res;
  }],
  [3, async (server, model, pick) => {
    const flag = pick.one(liveFlags(model));
    const def = (await server.api('GET', `/api/v1/flags/${flag}`)).body;
    return server.api('PATCH', `/api/v1/flags/${flag}`, { baseVersion: def.version, description: `edited ${pick.int(1_000_000)}` });
  }],
];

/**
 * Makes `count` successful random changes through the admin API (toggles, rule and target edits,
 * kills and restores, prerequisites, new flags, segment creates/edits/deletes, archive/unarchive,
 * definition edits). Changes the server refuses (a prerequisite cycle, a segment in use...) do not
 * count; anything else failing throws. `onChange` runs after each success.
 */
export async function makeRandomChanges(server: ServerProcess, count: number, seed: number, onChange?: (n: number) => void | Promise<void>): Promise<number> {
  const pick = new Picker(seededRandom(seed));
  const flags = (await server.api('GET', '/api/v1/flags')).body.items as { key: string; variationType: 'boolean' | 'string' | 'number'; variations: unknown[] }[];
  const segments = (await server.api('GET', '/api/v1/environments/production/segments')).body.items as { key: string }[];
  const model: Model = {
    flags: new Map(flags.map((f) => [f.key, { type: f.variationType, archived: false, variations: f.variations.length }])),
    segments: new Set(segments.map((s) => s.key)),
    next: 1_000,
  };
  const total = OPS.reduce((sum, [w]) => sum + w, 0);
  let made = 0;
  let attempts = 0;
  while (made < count) {
    if (++attempts > count * 10) throw new Error(`only ${made} of ${count} random changes succeeded (seed ${seed})`);
    let roll = pick.int(total);
    // With no live flag left (all archived), only "create a flag" can proceed.
    const op = liveFlags(model).length === 0 ? OPS[0]![1] : OPS.find(([w]) => (roll -= w) < 0)![1];
    const res = await op(server, model, pick);
    if (res === undefined) continue;
    if (res.status >= 500) throw new Error(`server error during random changes (seed ${seed}): ${JSON.stringify(res.body)}`);
    if (res.status >= 300) continue;
    made++;
    await onChange?.(made);
  }
  return made;
}
