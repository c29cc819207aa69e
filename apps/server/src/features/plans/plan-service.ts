import type { Database, Tx } from '../../db/stores';
import { unitOfWorkCache } from '../../db/unit-of-work-cache';
import { AppError, type ErrorDetail } from '../../errors/catalogue';
import type { Actor } from '../auth/actor';
import type { ChangeLog } from '../changes/change-log';
import type { FlagConfigService } from '../flags/flag-config-service';
import type { FlagService } from '../flags/flag-service';
import type { SegmentService } from '../segments/segment-service';
import { assertDefinitionChanges, assertDirectWrite } from '../review/review-gate';
import { checkBaseVersions } from './plan-base-versions';
import type { PlanBody, PlanChange } from '@switchyard/api';

/** What applying a plan did: every change, in order, and the one version each environment it touched got. */
export interface PlanResult {
  environment: string;
  applied: { index: number; op: PlanChange['op']; key: string }[];
  versions: Record<string, number>;
}

/**
 * Applies a plan in one transaction: every base version is checked first, then each change runs
 * through the same service code as its own route (same validation, one audit entry each), and each
 * environment the plan touched gets one version, which SDKs receive as one unit. Any refusal rolls
 * everything back and names the change. A later "change request" (a plan reviewed, then applied)
 * applies through {@link PlanService.applyIn} inside its own transaction.
 */
export function createPlanService(deps: { db: Database; changes: ChangeLog; flags: FlagService; configs: FlagConfigService; segments: SegmentService }) {
  const { db, changes, flags, configs, segments } = deps;

  /** One change, through its service, its base version already checked (so none is passed on). */
  function applyOne(tx: Tx, actor: Actor, envKey: string, change: PlanChange, reason: string | undefined): Promise<unknown> {
    switch (change.op) {
      case 'flag.create': {
        const { op: _op, ...input } = change;
        return flags.inTx.create(tx, actor, { ...input, reason });
      }
      case 'flag.update': {
        const { op: _op, key, baseVersion: _b, ...input } = change;
        return flags.inTx.update(tx, actor, key, { ...input, reason });
      }
      case 'flag.archive':
      case 'flag.unarchive':
        return flags.inTx.setArchived(tx, actor, change.key, change.op === 'flag.archive', { reason, force: change.op === 'flag.archive' ? change.force : undefined });
      case 'flag.config.update': {
        const { op: _op, key, baseVersion: _b, ...input } = change;
        return configs.inTx.update(tx, actor, key, envKey, { ...input, reason });
      }
      case 'flag.enable':
      case 'flag.disable':
        return configs.inTx.toggle(tx, actor, change.key, envKey, { enabled: change.op === 'flag.enable', reason });
      case 'segment.create': {
        const { op: _op, ...input } = change;
        return segments.inTx.create(tx, actor, envKey, { ...input, reason });
      }
      case 'segment.update': {
        const { op: _op, key, baseVersion: _b, ...input } = change;
        return segments.inTx.update(tx, actor, envKey, key, { ...input, reason });
      }
      case 'segment.delete':
        return segments.inTx.delete(tx, actor, envKey, change.key, { reason: reason ?? null });
    }
  }

  async function applyIn(outer: Tx, actor: Actor, envKey: string, plan: PlanBody): Promise<PlanResult> {
    if (!(await outer.environments.get(envKey))) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${envKey}".`);
    // Thousands of changes in one transaction: what each one reads again (its flag, its config, the
    // audit head) comes from memory, and the audit entries go in together (db/unit-of-work-cache.ts).
    const cache = unitOfWorkCache(outer);
    const tx = cache.tx;
    const { result, versions } = await changes.asOneVersion(tx, async () => {
      const read = await checkBaseVersions(tx, envKey, plan.changes);
      cache.prefill(envKey, read.flags, read.configs);
      const applied: PlanResult['applied'] = [];
      for (const [index, change] of plan.changes.entries()) {
        try {
          await applyOne(tx, actor, envKey, change, plan.reason);
        } catch (err) {
          throw err instanceof AppError ? atChange(err, index, change) : err;
        }
        applied.push({ index, op: change.op, key: change.key });
      }
      await cache.flush();
      return applied;
    });
    return { environment: envKey, applied: result, versions };
  }

  return {
    applyIn,
    /** A plan applied directly: refused (REVIEW_REQUIRED) where the environment requires review. */
    apply(actor: Actor, envKey: string, plan: PlanBody): Promise<PlanResult> {
      return db.transaction(async (tx) => {
        await assertDirectWrite(tx, envKey, 'a plan');
        await assertDefinitionChanges(tx, envKey, plan.changes);
        return applyIn(tx, actor, envKey, plan);
      });
    },
  };
}

export type PlanService = ReturnType<typeof createPlanService>;

/** A change's refusal, naming the change: its index in the message and details, its fields under `body.changes[i]`. */
function atChange(err: AppError, index: number, change: PlanChange): AppError {
  const message = `changes[${index}] (${change.op} ${change.key}): ${err.message}`;
  if (!Array.isArray(err.details)) return new AppError(err.code, message, { ...err.details, change: index });
  const details = (err.details as ErrorDetail[]).map((d) => ({ ...d, path: d.path.replace(/^body(?=$|[.[])/, `body.changes[${index}]`) }));
  // A field's problem reads as the route's own (`body.changes[3].rules[0].serve …`), naming the change by its path.
  return new AppError(err.code, err.code === 'VALIDATION_FAILED' && details[0] ? `${details[0].path} ${details[0].message}` : message, details);
}
