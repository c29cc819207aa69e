import { seg, type ApiClient } from '../http/api-client';
import type { ConfigView, FlagView, SegmentView } from '../http/api-types';
import { same } from './canonical';
import type { DesiredConfig } from './flag-file-schema';
import type { Change, Plan } from './plan';
import { desiredConfigOf } from './server-state';

export interface Applied {
  op: Change['op'];
  key: string;
}

/**
 * The versions each write is based on: first those the plan was computed from, then those the
 * server answered with for our own writes. A change by anyone else in between makes the server
 * refuse the next write with 409 VERSION_CONFLICT — never a silent overwrite.
 */
class Versions {
  private readonly flags = new Map<string, number>();
  private readonly configs = new Map<string, { version: number; config: DesiredConfig }>();
  private readonly segments = new Map<string, number>();

  constructor(plan: Plan) {
    for (const [k, v] of Object.entries(plan.observed.flags)) this.flags.set(k, v);
    for (const [k, v] of Object.entries(plan.observed.configs)) this.configs.set(k, v);
    for (const [k, v] of Object.entries(plan.observed.segments)) this.segments.set(k, v);
  }

  flag(key: string): number {
    return need(this.flags.get(key), `flag ${key}`);
  }
  config(key: string): number {
    return need(this.configs.get(key), `config of ${key}`).version;
  }
  segment(key: string): number {
    return need(this.segments.get(key), `segment ${key}`);
  }
  sawSegment(s: SegmentView): void {
    this.segments.set(s.key, s.version);
  }
  sawConfig(key: string, c: ConfigView): void {
    this.configs.set(key, { version: c.version, config: desiredConfigOf(c) });
  }

  /**
   * A definition change (and unarchiving) re-versions the flag's config in every environment
   * without changing it. Take the new versions only while the flag is still what we planned from:
   * otherwise keep the old ones, so that our next write on it is refused with 409 — someone else
   * changed it meanwhile, and it must not be overwritten.
   */
  sawFlag(f: FlagView, env: string, expectedVersion?: number): void {
    if (expectedVersion === undefined || f.version === expectedVersion) this.flags.set(f.key, f.version);
    const c = f.environments[env];
    if (!c) return;
    const known = this.configs.get(f.key);
    if (!known || same(known.config, desiredConfigOf(c))) this.sawConfig(f.key, c);
  }
}

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`apply: no known version for ${what} (a bug in the plan)`);
  return v;
}

/**
 * Applies a plan's changes in order, one request each, every write carrying its `baseVersion`.
 * Stops at the first refusal: the changes before it are applied (and audited); running the
 * dry-run again shows what is left. `onApplied` reports progress.
 */
export async function executePlan(api: ApiClient, plan: Plan, reason: string, onApplied: (a: Applied) => void): Promise<Applied[]> {
  const env = plan.environment;
  const versions = new Versions(plan);
  const done: Applied[] = [];
  const flagPath = (key: string) => `/api/v1/flags/${seg(key)}`;
  const configPath = (key: string) => `${flagPath(key)}/environments/${seg(env)}`;
  const segmentPath = (key?: string) => `/api/v1/environments/${seg(env)}/segments${key === undefined ? '' : `/${seg(key)}`}`;
  const fieldsOf = (c: { fields: { field: string; after: unknown }[] }) => Object.fromEntries(c.fields.map((f) => [f.field, f.after]));

  for (const c of plan.changes) {
    switch (c.op) {
      case 'segment.create':
        versions.sawSegment(await api.post<SegmentView>(segmentPath(), { ...c.body, reason }));
        break;
      case 'segment.update':
        versions.sawSegment(await api.patch<SegmentView>(segmentPath(c.key), { ...fieldsOf(c), baseVersion: versions.segment(c.key), reason }));
        break;
      case 'segment.delete':
        await api.delete(segmentPath(c.key), { reason });
        break;
      case 'flag.create': {
        versions.sawFlag(await api.post<FlagView>('/api/v1/flags', { ...c.body, reason }), env);
        break;
      }
      case 'flag.unarchive': {
        // Unarchiving takes no base version: it must have moved the definition by exactly one.
        const planned = versions.flag(c.key);
        versions.sawFlag(await api.post<FlagView>(`${flagPath(c.key)}/unarchive`, { reason }), env, planned + 1);
        break;
      }
      case 'flag.update':
        versions.sawFlag(await api.patch<FlagView>(flagPath(c.key), { ...fieldsOf(c), baseVersion: versions.flag(c.key), reason }), env);
        break;
      case 'flag.config.update':
        versions.sawConfig(c.key, await api.patch<ConfigView>(configPath(c.key), { ...fieldsOf(c), baseVersion: versions.config(c.key), reason }));
        break;
      case 'flag.enable':
      case 'flag.disable':
        versions.sawConfig(c.key, await api.post<ConfigView>(`${configPath(c.key)}/toggle`, { enabled: c.op === 'flag.enable', baseVersion: versions.config(c.key), reason }));
        break;
      case 'flag.archive':
        await api.post<FlagView>(`${flagPath(c.key)}/archive`, { reason });
        break;
    }
    const applied = { op: c.op, key: c.key };
    done.push(applied);
    onApplied(applied);
  }
  return done;
}
