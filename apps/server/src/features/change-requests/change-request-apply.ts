import type { ChangeRequestAction } from '@switchyard/api';
import type { ChangeRequestRecord } from '../../db/records';
import type { Stores, Tx } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import type { Actor } from '../auth/actor';
import { assertDefinitionChanges } from '../review/review-gate';
import { sha256, type ChangeContent } from './change-request-content';
import type { ChangeRequestDeps } from './change-request-service';
import { assertMove } from './change-request-states';
import { countingApprovals, type ChangeRequestView, type Requirement } from './change-request-views';

/** Due requests one scheduler pass applies at most (the next pass takes the rest). */
const DUE_BATCH = 100;

interface Helpers {
  load(s: Pick<Stores, 'changeRequests'>, id: string): Promise<ChangeRequestRecord>;
  requirement(s: Pick<Stores, 'changeRequests'>, envKey: string): Promise<Requirement>;
  move(tx: Tx, actor: Actor, next: ChangeRequestRecord, action: ChangeRequestAction, extra?: { before?: unknown; after?: Record<string, unknown>; reason?: string | null }): Promise<ChangeRequestView>;
}

/** Who applies a scheduled request: the server's scheduler, named after the request. */
export const scheduleActor = (id: string): Actor => ({ name: `system:schedule/${id}`, keyId: null, role: 'admin' });

/** What a scheduler pass did. */
export interface DueRun {
  applied: string[];
  failed: string[];
}

/**
 * Applying a change request, by a person or at its scheduled time: in one transaction under the
 * write lock, the request is read again, its content checked against its hash, its approvals
 * counted against the environment's policy as it is now, and its changes applied all or nothing
 * through the plan's apply, which checks every base version first. A refusal rolls all of that
 * back; the request is then marked `conflicted` (a stale base, applied by a person) or
 * `apply-failed` (anything else, and anything at its scheduled time), in a second transaction with
 * its audit entry, unless it moved meanwhile. Nothing is ever rebased.
 *
 * Several replicas may run the same due request: the transaction's write lock serialises them and
 * the first commits `applied`; the others then find it no longer scheduled and do nothing.
 */
export function createRequestApplier(deps: ChangeRequestDeps & Helpers) {
  const { db, plans, now, load, requirement, move } = deps;

  /** NOT_ENOUGH_APPROVALS unless the request's current content has the approvals its environment requires. */
  async function assertApprovable(tx: Tx, r: ChangeRequestRecord, req: Requirement): Promise<string[]> {
    const approvers = countingApprovals(r, await tx.changeRequests.reviews(r.id), req);
    if (approvers.length < req.minApprovals)
      throw new AppError(
        'NOT_ENOUGH_APPROVALS',
        `Change request ${r.id} has ${approvers.length} approval${approvers.length === 1 ? '' : 's'} of revision ${r.revision} by people other than its author; "${r.envKey}" requires ${req.minApprovals}.`,
        { approvals: approvers.length, required: req.minApprovals, approvers },
      );
    return approvers;
  }

  async function applyIn(tx: Tx, actor: Actor, r: ChangeRequestRecord, reason: string | undefined): Promise<ChangeRequestView> {
    const req = await requirement(tx, r.envKey);
    if (req.requireReview && r.state !== 'approved' && r.state !== 'scheduled')
      throw new AppError('CHANGE_REQUEST_STATE', `Change request ${r.id} is ${r.state}: "${r.envKey}" requires it approved first.`, { state: r.state, allowed: ['approved'] });
    const approvers = req.requireReview ? await assertApprovable(tx, r, req) : countingApprovals(r, await tx.changeRequests.reviews(r.id), req);
    // What was approved is exactly what is applied: the stored text, checked against its hash.
    if (sha256(r.content) !== r.contentHash) throw new AppError('CHANGE_REQUEST_STATE', `Change request ${r.id}'s content does not match its hash: it is not applied.`, { state: r.state });
    const content = JSON.parse(r.content) as ChangeContent;
    await assertDefinitionChanges(tx, r.envKey, content.changes);
    const by = approvers.length > 0 ? `approved by ${approvers.join(', ')}` : 'no review required';
    const result = await plans.applyIn(tx, actor, r.envKey, { changes: content.changes, reason: `change request ${r.id} (${by})${reason ? `: ${reason}` : ''}` });
    const at = now().toISOString();
    const outcome = { appliedAt: at, versions: result.versions, changes: result.applied.length };
    return move(tx, actor, { ...r, state: 'applied', scheduledAt: null, outcome: JSON.stringify(outcome), updatedAt: at }, 'change-request.apply', {
      after: { approvers, author: r.author, versions: result.versions, changes: result.applied.length },
      reason: reason ?? null,
    });
  }

  /**
   * Records a failed apply (second transaction): `conflicted` or `apply-failed`, with the refusal,
   * unless the request moved since the attempt read it. Answers whether it was recorded.
   */
  async function recordFailure(actor: Actor, id: string, seen: ChangeRequestRecord, state: 'conflicted' | 'apply-failed', err: AppError): Promise<boolean> {
    return db.transaction(async (tx) => {
      const r = await load(tx, id);
      if (r.revision !== seen.revision || r.state !== seen.state) return false;
      const error = { code: err.code, message: err.message, details: err.details };
      await move(tx, actor, { ...r, state, scheduledAt: null, outcome: JSON.stringify({ failedAt: now().toISOString(), error }), updatedAt: now().toISOString() }, `change-request.${state}`, {
        after: { error: { code: err.code, message: err.message } },
      });
      return true;
    });
  }

  async function applyScheduled(id: string): Promise<'applied' | 'failed' | 'skipped'> {
    const actor = scheduleActor(id);
    let seen: ChangeRequestRecord | undefined;
    try {
      const done = await db.transaction(async (tx) => {
        const r = await load(tx, id);
        // Already applied or moved by another replica, or rescheduled later: nothing to do.
        if (r.state !== 'scheduled' || r.scheduledAt === null || r.scheduledAt > now().toISOString()) return false;
        seen = r;
        await applyIn(tx, actor, r, 'scheduled');
        return true;
      });
      return done ? 'applied' : 'skipped';
    } catch (err) {
      if (!(err instanceof AppError) || seen === undefined) throw err;
      // Fail closed: whatever no longer holds (approvals, base versions, validation), nothing is applied.
      return (await recordFailure(actor, id, seen, 'apply-failed', err)) ? 'failed' : 'skipped';
    }
  }

  async function runDue(): Promise<DueRun> {
    const run: DueRun = { applied: [], failed: [] };
    const due = await db.read((s) => s.changeRequests.due(now().toISOString(), DUE_BATCH));
    for (const r of due) {
      const outcome = await applyScheduled(r.id);
      if (outcome === 'applied') run.applied.push(r.id);
      if (outcome === 'failed') run.failed.push(r.id);
    }
    return run;
  }

  return {
    assertApprovable,

    /** Applies the request now (a person, with `edit`). 409 CHANGE_REQUEST_CONFLICTED / _APPLY_FAILED when it could not be. */
    async apply(actor: Actor, id: string, reason?: string): Promise<ChangeRequestView> {
      let seen: ChangeRequestRecord | undefined;
      try {
        return await db.transaction(async (tx) => {
          const r = await load(tx, id);
          if (r.kind !== 'change') throw new AppError('CHANGE_REQUEST_STATE', `Change request ${id} is a follow-up review: there is nothing to apply.`, { state: r.state, kind: r.kind });
          assertMove(id, r.state, 'apply');
          const req = await requirement(tx, r.envKey);
          if (req.requireReview) await assertApprovable(tx, r, req);
          seen = r; // from here on, a refusal is the apply's own: recorded on the request
          return applyIn(tx, actor, r, reason);
        });
      } catch (err) {
        if (!(err instanceof AppError) || seen === undefined) throw err;
        const state = err.code === 'VERSION_CONFLICT' ? 'conflicted' : 'apply-failed';
        if (!(await recordFailure(actor, id, seen, state, err))) throw err;
        const error = { code: err.code, message: err.message, details: err.details };
        throw state === 'conflicted'
          ? new AppError('CHANGE_REQUEST_CONFLICTED', `Change request ${id} is now conflicted, nothing was applied: ${err.message}`, { state, error })
          : new AppError('CHANGE_REQUEST_APPLY_FAILED', `Change request ${id} could not be applied and is now apply-failed: ${err.message}`, { state, error });
      }
    },

    /** Applies (or fails closed) every scheduled request that is due now. */
    runDue,

    /**
     * Runs {@link runDue} every `intervalMs` (and once at once: schedules survive restarts) until the
     * returned function is called. A pass that cannot reach the database is retried on the next.
     */
    startScheduler(intervalMs: number, onError: (err: unknown) => void): () => Promise<void> {
      let running: Promise<unknown> | undefined;
      const pass = () => {
        running ??= runDue()
          .catch(onError)
          .finally(() => (running = undefined));
      };
      pass();
      const timer = setInterval(pass, intervalMs);
      timer.unref();
      return async () => {
        clearInterval(timer);
        await running;
      };
    },
  };
}
