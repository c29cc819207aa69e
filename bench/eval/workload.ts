import { seededRandom } from '../support/stats';

/**
 * The four flag shapes of issue 7, described once; each product's flags are written from this in
 * its own format (bench/eval/*-flags.ts, bench/eval/peers/*.ts), and the users below are turned
 * into each product's context format before timing.
 *
 * F1  boolean, on, no rules                                   → true
 * F2  boolean, one rule `country in [DE, FR, NL]`             → true when it matches, else false
 * F3  string, 33/33/34 rollout of a/b/c on the user key       → a, b or c (each product hashes its own way)
 * F4  string, ten rules of mixed operators, first match wins  → v0..v9, or `control`
 */
export type Shape = 'F1' | 'F2' | 'F3' | 'F4';
export const SHAPES: readonly Shape[] = ['F1', 'F2', 'F3', 'F4'];
export const FLAG_KEYS: Record<Shape, string> = { F1: 'f1', F2: 'f2', F3: 'f3', F4: 'f4' };

export const F2_COUNTRIES = ['DE', 'FR', 'NL'];
export const F3_VARIANTS = ['a', 'b', 'c'] as const;
export const F3_WEIGHTS = [33, 33, 34];

/** F4's rules, in order. Every attribute is always present, so that no product's missing-value rules come into play. */
export const F4_RULES = [
  { attribute: 'plan', op: 'in', value: ['enterprise', 'partner'] },
  { attribute: 'email', op: 'endsWith', value: '@switchyard.dev' },
  { attribute: 'email', op: 'startsWith', value: 'admin-' },
  { attribute: 'version', op: 'semverLt', value: '1.0.0' },
  { attribute: 'age', op: 'gte', value: 65 },
  { attribute: 'country', op: 'in', value: ['BR', 'AR', 'CL', 'CO', 'PE'] },
  { attribute: 'name', op: 'contains', value: 'test' },
  { attribute: 'version', op: 'semverGt', value: '3.5.0' },
  { attribute: 'seats', op: 'lt', value: 3 },
  { attribute: 'region', op: 'in', value: ['apac', 'mea'] },
] as const;
export const F4_VARIANTS = [...F4_RULES.map((_, i) => `v${i}`), 'control'];

/** One user, in no product's format. */
export interface User {
  key: string;
  country: string;
  plan: string;
  email: string;
  name: string;
  version: string;
  age: number;
  seats: number;
  region: string;
  /** Expected results of F1, F2, F4 (F3 is a distribution, checked separately). */
  expected: { F1: boolean; F2: boolean; F4: string };
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

/**
 * `count` distinct users. Each aims at one F4 outcome (one of the ten rules, or none), chosen
 * uniformly, so that the first match is spread over every rule: every other attribute is given a
 * value that matches no rule.
 */
export function buildUsers(count: number, seed = 7): User[] {
  const rnd = seededRandom(seed);
  const users: User[] = [];
  for (let i = 0; i < count; i++) {
    const target = Math.floor(rnd() * 11);
    const u = {
      key: `user-${i}-${Math.floor(rnd() * 1e9).toString(36)}`,
      country: pick(rnd, ['DE', 'FR', 'NL', 'US', 'GB', 'JP', 'IN', 'ES']),
      plan: pick(rnd, ['free', 'team', 'pro']),
      email: `user${i}@example.com`,
      name: `user ${i}`,
      version: pick(rnd, ['1.0.0', '1.4.2', '2.0.0', '2.7.1', '3.0.0', '3.5.0']),
      age: 18 + Math.floor(rnd() * 47),
      seats: 3 + Math.floor(rnd() * 498),
      region: pick(rnd, ['emea', 'amer']),
    };
    switch (target) {
      case 0: u.plan = pick(rnd, ['enterprise', 'partner']); break;
      case 1: u.email = `someone${i}@switchyard.dev`; break;
      case 2: u.email = `admin-${i}@example.com`; break;
      case 3: u.version = pick(rnd, ['0.9.3', '0.1.0', '0.12.7']); break;
      case 4: u.age = 65 + Math.floor(rnd() * 30); break;
      case 5: u.country = pick(rnd, ['BR', 'AR', 'CL', 'CO', 'PE']); break;
      case 6: u.name = `test user ${i}`; break;
      case 7: u.version = pick(rnd, ['3.6.0', '4.1.2', '10.0.1']); break;
      case 8: u.seats = 1 + Math.floor(rnd() * 2); break;
      case 9: u.region = pick(rnd, ['apac', 'mea']); break;
    }
    users.push({ ...u, expected: { F1: true, F2: F2_COUNTRIES.includes(u.country), F4: F4_VARIANTS[target]! } });
  }
  return users;
}
