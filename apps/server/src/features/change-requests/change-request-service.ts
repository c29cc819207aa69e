import type { ChangeRequestAction } from '@switchyard/api';
import type { ChangeRequestRecord, ChangeRequestState } from '../../db/records';
import type { ChangeRequestFilter, Database, Stores, Tx } from '../../db/stores';
import { AppError, invalid } from '../../errors/catalogue';
import type { AuditService } from '../audit/audit-service';
import { comparableName, type Actor } from '../auth/actor';
import type { Signal } from '../../infra/signal';
import { checkBaseVersions } from '../plans/plan-base-versions';
import type { PlanService } from '../plans/plan-service';
import { contentOf } from './change-request-content';
import type { CreateRequestBody, EditRequestBody, ReviewBody } from '@switchyard/api';
import { assertMove } from './change-request-states';
import { countingApprovals, newRequestId, requestView, requirementOf, type ChangeRequestView, type Requirement } from './change-request-views';
import { createRequestApplier } from './change-request-apply';

/** What the admin event stream says when a request moves (`event: change-request`). */
export interface ChangeRequestEvent {
  id: string;
  environment: string;
  state: ChangeRequestState;
  revision: number;
  at: string;
}

export interface ChangeRequestDeps {
  db: Database;
  audit: AuditService;
  plans: PlanService;
  now: () => Date;
  changed: Signal<ChangeRequestEvent>;
}

/**
 * Change requests (docs/change-requests.md): changes to one environment reviewed before they apply.
 * Every move is one transaction with its audit entry; approvals are bound to a revision and its
 * content hash, so any edit voids them; applying goes through the plan's all-or-nothing apply.
 */
export function createChangeRequestService(deps: ChangeRequestDeps) {
  const { db, audit, now, changed } = deps;

  async function load(s: Pick<Stores, 'changeRequests'>, id: string): Promise<ChangeRequestRecord> {
    const r = await s.changeRequests.get(id);
    if (!r) throw new AppError('CHANGE_REQUEST_NOT_FOUND', `No change request ${id}.`);
    return r;
  }

  async function requirement(s: Pick<Stores, 'changeRequests'>, envKey: string): Promise<Requirement> {
    return requirementOf(await s.changeRequests.getPolicy(envKey));
  }

  async function viewIn(s: Pick<Stores, 'changeRequests'>, r: ChangeRequestRecord): Promise<ChangeRequestView> {
    return requestView(r, await s.changeRequests.reviews(r.id), await requirement(s, r.envKey));
  }

  /** Writes the request's new row and the transition's audit entry; the event goes out once committed. */
  async function move(tx: Tx, actor: Actor, next: ChangeRequestRecord, action: ChangeRequestAction, extra: { before?: unknown; after?: Record<string, unknown>; reason?: string | null } = {}): Promise<ChangeRequestView> {
    await tx.changeRequests.update(next);
    await record(tx, actor, next, action, extra);
    return viewIn(tx, next);
  }

  async function record(tx: Tx, actor: Actor, r: ChangeRequestRecord, action: ChangeRequestAction, extra: { before?: unknown; after?: Record<string, unknown>; reason?: string | null }): Promise<void> {
    await audit.record(tx, actor, {
      action,
      resource: 'change-request',
      envKey: r.envKey,
      targetKey: r.id,
      before: extra.before,
      after: { id: r.id, state: r.state, revision: r.revision, contentHash: r.contentHash, ...extra.after },
      reason: extra.reason ?? null,
    });
    const event: ChangeRequestEvent = { id: r.id, environment: r.envKey, state: r.state, revision: r.revision, at: r.updatedAt };
    tx.afterCommit(() => changed.publish(event));
  }

  const isAuthor = (actor: Actor, r: ChangeRequestRecord) => comparableName(actor.name) === comparableName(r.author);

  function requireAuthor(actor: Actor, r: ChangeRequestRecord, what: string): void {
    if (!isAuthor(actor, r)) throw new AppError('FORBIDDEN', `Only the author of change request ${r.id} (${r.author}) may ${what} it.`, { author: r.author });
  }

  function requireChange(r: ChangeRequestRecord, what: string): void {
    if (r.kind !== 'change') throw new AppError('CHANGE_REQUEST_STATE', `Change request ${r.id} is a follow-up review: there is nothing to ${what}.`, { state: r.state, kind: r.kind });
  }

  const applier = createRequestApplier({ ...deps, load, requirement, move });

  return {
    async list(filter: ChangeRequestFilter): Promise<ChangeRequestView[]> {
      return db.read(async (s) => Promise.all((await s.changeRequests.list(filter)).map((r) => viewIn(s, r))));
    },

    async get(id: string): Promise<ChangeRequestView> {
      return db.read(async (s) => viewIn(s, await load(s, id)));
    },

    /** Opens a request (for review at once, unless a draft). Every base version is checked now too: a stale one is refused. */
    async create(actor: Actor, envKey: string, input: CreateRequestBody): Promise<ChangeRequestView> {
      return db.transaction(async (tx) => {
        if (!(await tx.environments.get(envKey))) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${envKey}".`);
        await checkBaseVersions(tx, envKey, input.changes);
        const at = now().toISOString();
        const r: ChangeRequestRecord = {
          id: newRequestId(),
          envKey,
          kind: 'change',
          state: input.draft ? 'draft' : 'in-review',
          title: input.title,
          author: actor.name,
          authorKeyId: actor.keyId,
          ...contentOf({ environment: envKey, changes: input.changes }),
          revision: 1,
          scheduledAt: null,
          createdAt: at,
          updatedAt: at,
          outcome: null,
        };
        await tx.changeRequests.insert(r);
        await record(tx, actor, r, 'change-request.create', { after: { title: r.title, changes: input.changes.length } });
        return viewIn(tx, r);
      });
    },

    /** The author edits it: a new revision, every approval voided, back to review (a schedule is dropped). */
    async edit(actor: Actor, id: string, input: EditRequestBody): Promise<ChangeRequestView> {
      return db.transaction(async (tx) => {
        const r = await load(tx, id);
        requireChange(r, 'edit');
        requireAuthor(actor, r, 'edit');
        assertMove(id, r.state, 'edit');
        const content = input.changes ? contentOf({ environment: r.envKey, changes: input.changes }) : { content: r.content, contentHash: r.contentHash };
        const title = input.title ?? r.title;
        if (content.contentHash === r.contentHash && title === r.title) throw new AppError('NO_CHANGE', `Change request ${id} already holds that.`);
        if (input.changes) await checkBaseVersions(tx, r.envKey, input.changes);
        const reviews = await tx.changeRequests.reviews(id);
        const voided = countingApprovals(r, reviews, { requireReview: true, minApprovals: 0, approverRoles: ['viewer', 'editor', 'responder', 'admin'] }).length;
        const next: ChangeRequestRecord = { ...r, ...content, title, revision: r.revision + 1, state: r.state === 'draft' ? 'draft' : 'in-review', scheduledAt: null, outcome: null, updatedAt: now().toISOString() };
        return move(tx, actor, next, 'change-request.edit', { before: { state: r.state, revision: r.revision, contentHash: r.contentHash, title: r.title }, after: { title, voidedApprovals: voided } });
      });
    },

    async submit(actor: Actor, id: string): Promise<ChangeRequestView> {
      return db.transaction(async (tx) => {
        const r = await load(tx, id);
        requireAuthor(actor, r, 'submit');
        assertMove(id, r.state, 'submit');
        return move(tx, actor, { ...r, state: 'in-review', updatedAt: now().toISOString() }, 'change-request.submit');
      });
    },

    /**
     * Approves or rejects the request as it is: `contentHash` must be its current one (what the
     * reviewer saw). Never by its author; only in an approver role; once per person and revision.
     */
    async review(actor: Actor, id: string, decision: 'approve' | 'reject', input: ReviewBody): Promise<ChangeRequestView> {
      return db.transaction(async (tx) => {
        const r = await load(tx, id);
        assertMove(id, r.state, 'review');
        if (isAuthor(actor, r)) throw new AppError('SELF_APPROVAL', `${actor.name} wrote change request ${id}: someone else reviews it.`);
        const req = await requirement(tx, r.envKey);
        if (!req.approverRoles.includes(actor.role))
          throw new AppError('NOT_AN_APPROVER', `The ${actor.role} role does not review changes in "${r.envKey}" (approver roles: ${req.approverRoles.join(', ')}).`, { approverRoles: req.approverRoles });
        if (input.contentHash !== r.contentHash)
          throw new AppError('VERSION_CONFLICT', `Change request ${id} changed since you read it (revision ${r.revision}): review it again.`, { currentVersion: r.revision, contentHash: r.contentHash });
        const reviews = await tx.changeRequests.reviews(id);
        const me = comparableName(actor.name);
        if (reviews.some((v) => v.revision === r.revision && comparableName(v.reviewer) === me)) throw new AppError('ALREADY_REVIEWED', `You already reviewed revision ${r.revision} of change request ${id}.`);
        const at = now().toISOString();
        const review = { requestId: id, n: reviews.length + 1, reviewer: actor.name, reviewerKeyId: actor.keyId, reviewerRole: actor.role, decision, revision: r.revision, contentHash: r.contentHash, comment: input.comment ?? null, at };
        await tx.changeRequests.addReview(review);
        const approvers = countingApprovals(r, [...reviews, review], req);
        const needed = Math.max(1, req.minApprovals);
        const state: ChangeRequestState = decision === 'reject' ? 'rejected' : approvers.length >= needed ? (r.state === 'in-review' ? 'approved' : r.state) : r.state;
        return move(tx, actor, { ...r, state, updatedAt: at }, `change-request.${decision}`, { after: { approvers, required: needed }, reason: input.comment ?? null });
      });
    },

    /** Ends the request without applying it: its author, or an admin. */
    async cancel(actor: Actor, id: string, reason: string | undefined): Promise<ChangeRequestView> {
      return db.transaction(async (tx) => {
        const r = await load(tx, id);
        if (actor.role !== 'admin') requireAuthor(actor, r, 'cancel');
        assertMove(id, r.state, 'cancel');
        return move(tx, actor, { ...r, state: 'cancelled', scheduledAt: null, updatedAt: now().toISOString() }, 'change-request.cancel', { reason: reason ?? null });
      });
    },

    /**
     * Schedules the request for `at`: an approved one where review is required, any open one where
     * it is not (a plain change, scheduled). At that time everything is checked again (see runDue).
     */
    async schedule(actor: Actor, id: string, at: string): Promise<ChangeRequestView> {
      return db.transaction(async (tx) => {
        const r = await load(tx, id);
        requireChange(r, 'schedule');
        assertMove(id, r.state, 'schedule');
        const when = new Date(at);
        if (when.getTime() <= now().getTime()) throw invalid('body.at', 'must be in the future (apply it now instead)');
        const req = await requirement(tx, r.envKey);
        if (req.requireReview) await applier.assertApprovable(tx, r, req);
        return move(tx, actor, { ...r, state: 'scheduled', scheduledAt: when.toISOString(), updatedAt: now().toISOString() }, 'change-request.schedule', { after: { scheduledAt: when.toISOString() } });
      });
    },

    async unschedule(actor: Actor, id: string): Promise<ChangeRequestView> {
      return db.transaction(async (tx) => {
        const r = await load(tx, id);
        assertMove(id, r.state, 'unschedule');
        const req = await requirement(tx, r.envKey);
        const approved = countingApprovals(r, await tx.changeRequests.reviews(id), req).length >= Math.max(1, req.minApprovals);
        return move(tx, actor, { ...r, state: approved ? 'approved' : 'in-review', scheduledAt: null, updatedAt: now().toISOString() }, 'change-request.unschedule');
      });
    },

    apply: applier.apply,
    runDue: applier.runDue,
    startScheduler: applier.startScheduler,
  };
}

export type ChangeRequestService = ReturnType<typeof createChangeRequestService>;
