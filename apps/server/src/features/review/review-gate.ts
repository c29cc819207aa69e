import type { ReviewPolicyRecord } from '../../db/records';
import type { Stores } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import type { PlanChange } from '@switchyard/api';

/** An environment's policy, when it requires review. */
export async function reviewRequiredIn(s: Pick<Stores, 'changeRequests'>, envKey: string): Promise<ReviewPolicyRecord | undefined> {
  const policy = await s.changeRequests.getPolicy(envKey);
  return policy?.requireReview ? policy : undefined;
}

function refusal(envKey: string, what: string): AppError {
  return new AppError(
    'REVIEW_REQUIRED',
    `"${envKey}" requires review: ${what} goes through a change request (POST /api/v1/environments/${envKey}/change-requests). Admins may break glass with a reason (POST /api/v1/environments/${envKey}/break-glass). Kills are never held back.`,
    { environment: envKey, changeRequests: `/api/v1/environments/${envKey}/change-requests` },
  );
}

/**
 * Refuses a direct write to an environment that requires review, whoever makes it: no role skips
 * review silently (an admin breaks glass, with a reason, audited as such). Kills never come here.
 */
export async function assertDirectWrite(s: Pick<Stores, 'changeRequests'>, envKey: string, what = 'a change'): Promise<void> {
  if (await reviewRequiredIn(s, envKey)) throw refusal(envKey, what);
}

/**
 * A flag's definition (variations, off variation, archiving) reaches every environment: edited
 * directly only when no environment requires review; else through a change request in one that does.
 */
export async function assertDirectDefinitionWrite(s: Pick<Stores, 'changeRequests'>, flagKey: string): Promise<void> {
  const guarded = (await s.changeRequests.listPolicies()).find((p) => p.requireReview);
  if (guarded) throw refusal(guarded.envKey, `a change to flag "${flagKey}"'s definition, which reaches every environment,`);
}

/** Ops that change a flag's definition, shared by every environment. */
const DEFINITION_OPS: ReadonlySet<PlanChange['op']> = new Set(['flag.update', 'flag.archive', 'flag.unarchive']);

/**
 * Changes applied to `envKey` that edit a flag's definition reach every environment: allowed when
 * `envKey` itself requires review (they were reviewed there) or no environment does.
 */
export async function assertDefinitionChanges(s: Pick<Stores, 'changeRequests'>, envKey: string, changes: readonly PlanChange[]): Promise<void> {
  const definition = changes.find((c) => DEFINITION_OPS.has(c.op));
  if (!definition || (await reviewRequiredIn(s, envKey))) return;
  await assertDirectDefinitionWrite(s, definition.key);
}
