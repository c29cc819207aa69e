import { UsageError } from '../errors';
import { seg, type ApiClient } from '../http/api-client';
import type { Change, Plan } from './plan';

export interface Applied {
  op: Change['op'];
  key: string;
}

/** What the server answers for a plan: every change, in order, and the one version each environment got. */
export interface AppliedPlan {
  applied: Applied[];
  versions: Record<string, number>;
}

/**
 * A plan as `POST /api/v1/environments/:env/apply` takes it: each change with the version it was
 * based on, the one the dry-run read (a change to something the plan itself creates names none).
 */
export function planRequest(plan: Plan, reason: string): { changes: Record<string, unknown>[]; reason: string } {
  const created = new Set<string>();
  const fieldsOf = (c: { fields: { field: string; after: unknown }[] }) => Object.fromEntries(c.fields.map((f) => [f.field, f.after]));
  const base = (kind: 'flag' | 'config' | 'segment', key: string, c: Change): { baseVersion?: number } => {
    if (created.has(`${kind === 'segment' ? 'segment' : 'flag'}:${key}`)) return {};
    const version = kind === 'flag' ? plan.observed.flags[key] : kind === 'config' ? plan.observed.configs[key]?.version : plan.observed.segments[key];
    if (version === undefined) throw new UsageError(`the plan has no base version for ${c.op} ${key}: it was saved by an older switchyard; make it again with --dry-run --plan-out`);
    return { baseVersion: version };
  };
  const changes = plan.changes.map((c): Record<string, unknown> => {
    switch (c.op) {
      case 'segment.create':
        created.add(`segment:${c.key}`);
        return { op: c.op, ...c.body, key: c.key };
      case 'flag.create':
        created.add(`flag:${c.key}`);
        return { op: c.op, ...c.body, key: c.key };
      case 'segment.update':
        return { op: c.op, key: c.key, ...base('segment', c.key, c), ...fieldsOf(c) };
      case 'segment.delete':
        return { op: c.op, key: c.key, ...base('segment', c.key, c) };
      case 'flag.update':
        return { op: c.op, key: c.key, ...base('flag', c.key, c), ...fieldsOf(c) };
      case 'flag.unarchive':
        return { op: c.op, key: c.key, ...base('flag', c.key, c) };
      case 'flag.archive':
        return { op: c.op, key: c.key, ...base('flag', c.key, c), ...(c.force ? { force: true } : {}) };
      case 'flag.config.update':
        return { op: c.op, key: c.key, ...base('config', c.key, c), ...fieldsOf(c) };
      case 'flag.enable':
      case 'flag.disable':
        return { op: c.op, key: c.key, ...base('config', c.key, c) };
    }
  });
  return { changes, reason };
}

/**
 * Applies a plan's changes in one request: the server checks every base version first and applies
 * all of them in one transaction, or none (a change by anyone else since the dry-run: 409
 * VERSION_CONFLICT, nothing written). Each environment gets one new version, which SDKs receive
 * as one unit; each change is one audit entry.
 */
export async function executePlan(api: ApiClient, plan: Plan, reason: string): Promise<AppliedPlan> {
  const answer = await api.post<{ applied: Applied[]; versions: Record<string, number> }>(`/api/v1/environments/${seg(plan.environment)}/apply`, planRequest(plan, reason));
  return { applied: answer.applied.map(({ op, key }) => ({ op, key })), versions: answer.versions };
}
