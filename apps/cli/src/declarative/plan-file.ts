import { z } from 'zod';
import { findTextProblem } from '@switchyard/core';
import { UsageError } from '../errors';
import type { Plan } from './plan';
import { formatPath } from './read-flag-file';

/**
 * A saved plan (`apply --dry-run --plan-out FILE`), applied later with `apply --plan FILE`. Unlike a
 * flag file it records the versions the diff was computed from: applying it writes exactly the
 * reviewed changes, and if anything it touches changed since, the server refuses with 409.
 */
export const PLAN_FORMAT = 'switchyard-plan/1';

const field = z.strictObject({ field: z.string(), before: z.unknown(), after: z.unknown() });
const key = z.string().min(1);
const changeSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('segment.create'), key, body: z.record(z.string(), z.unknown()) }),
  z.strictObject({ op: z.literal('segment.update'), key, fields: z.array(field) }),
  z.strictObject({ op: z.literal('segment.delete'), key }),
  z.strictObject({ op: z.literal('flag.create'), key, body: z.record(z.string(), z.unknown()) }),
  z.strictObject({ op: z.literal('flag.unarchive'), key }),
  z.strictObject({ op: z.literal('flag.update'), key, fields: z.array(field) }),
  z.strictObject({ op: z.literal('flag.config.update'), key, fields: z.array(field) }),
  z.strictObject({ op: z.enum(['flag.enable', 'flag.disable']), key }),
  z.strictObject({ op: z.literal('flag.archive'), key, force: z.boolean().optional() }),
]);
const version = z.number().int().min(0);
const savedPlanSchema = z.strictObject({
  format: z.literal(PLAN_FORMAT),
  environment: z.string().min(1),
  source: z.string(),
  reason: z.string().nullable(),
  changes: z.array(changeSchema),
  notes: z.array(z.string()),
  observed: z.strictObject({
    flags: z.record(z.string(), version),
    configs: z.record(z.string(), z.strictObject({ version, config: z.any() })),
    segments: z.record(z.string(), version),
  }),
  variations: z.record(z.string(), z.array(z.string())).optional(),
});

export interface SavedPlan extends Plan {
  source: string;
  reason: string | null;
}

export function formatSavedPlan(plan: Plan, source: string, reason: string | null): string {
  return `${JSON.stringify({ format: PLAN_FORMAT, environment: plan.environment, source, reason, changes: plan.changes, notes: plan.notes, observed: plan.observed, ...(plan.variations ? { variations: plan.variations } : {}) }, null, 2)}\n`;
}

export function parseSavedPlan(text: string, fileName: string): SavedPlan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${fileName} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const unstorable = findTextProblem(data);
  if (unstorable) throw new UsageError(`${fileName} is not a saved plan`, [{ path: formatPath(unstorable.path), message: unstorable.message }]);
  const parsed = savedPlanSchema.safeParse(data);
  if (!parsed.success)
    throw new UsageError(
      `${fileName} is not a saved plan (write one with apply --dry-run --plan-out)`,
      parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.') || '(file)', message: i.message })),
    );
  return parsed.data as SavedPlan;
}
