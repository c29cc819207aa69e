import type { CommandContext } from '../command';
import { ApiError, CheckFailed, UnreachableError } from '../errors';
import { seg, type ApiClient } from '../http/api-client';
import { readEvents } from '../http/sse';
import type { Plan } from './plan';
import { planRequest } from './execute-plan';

/** A change request as the CLI reads it (the server's view; only what the CLI uses). */
export interface ChangeRequest {
  id: string;
  environment: string;
  state: string;
  revision: number;
  link: string;
  approvals: { count: number; required: number; approvers: string[] };
  outcome: unknown;
}

/** States a request never leaves; `applied` is the only good one. */
const FINAL = new Set(['applied', 'rejected', 'cancelled', 'conflicted', 'apply-failed']);

/** Whether the environment requires review: then `apply` opens a change request instead of writing. */
export async function reviewRequired(api: ApiClient, env: string): Promise<boolean> {
  const policy = await api.get<{ requireReview: boolean }>(`/api/v1/environments/${seg(env)}/review-policy`);
  return policy.requireReview;
}

/** Opens a change request holding the plan's changes, each with the version the diff read. */
export async function openChangeRequest(api: ApiClient, plan: Plan, title: string): Promise<ChangeRequest> {
  const { changes } = planRequest(plan, title);
  return api.post<ChangeRequest>(`/api/v1/environments/${seg(plan.environment)}/change-requests`, { title, changes });
}

/** The request's page in the admin UI. */
export const linkOf = (api: ApiClient, r: ChangeRequest): string => `${api.baseUrl.replace(/\/+$/, '')}${r.link}`;

/**
 * Waits until the request is applied, following the admin event stream: once approved, applies it
 * (as this token, which opened it); a scheduled one is applied by the server at its time. Answers the
 * request when applied; a request that ends otherwise (rejected, cancelled, conflicted, apply-failed)
 * fails the command (exit 1). Each state it passes through is noted on stderr.
 */
export async function waitUntilApplied(ctx: CommandContext, api: ApiClient, id: string, signal: AbortSignal | undefined): Promise<ChangeRequest> {
  const stop = new AbortController();
  const abort = () => stop.abort();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    // Subscribed before the first read: no move between the two is missed.
    const stream = await api.stream('/api/v1/events', undefined, stop.signal);
    const events = readEvents(stream.body!, stop.signal);
    let seen = '';
    for (;;) {
      let r = await api.get<ChangeRequest>(`/api/v1/change-requests/${seg(id)}`);
      if (r.state !== seen) ctx.note(`change request ${id}: ${r.state} (${r.approvals.count} of ${r.approvals.required} approvals)`);
      seen = r.state;
      if (r.state === 'approved') {
        try {
          r = await api.post<ChangeRequest>(`/api/v1/change-requests/${seg(id)}/apply`, {});
        } catch (e) {
          // Applied, scheduled or edited by someone else meanwhile: read it again.
          if (!(e instanceof ApiError && (e.code === 'CHANGE_REQUEST_STATE' || e.code === 'NOT_ENOUGH_APPROVALS'))) throw e;
          continue;
        }
        seen = r.state;
      }
      if (r.state === 'applied') return r;
      if (FINAL.has(r.state)) throw new CheckFailed(`change request ${id} ended ${r.state}: nothing of it was applied${outcomeText(r)}`);
      // Until the request moves.
      for (;;) {
        const next = await events.next();
        if (next.done) {
          if (signal?.aborted) throw new CheckFailed(`stopped waiting: change request ${id} is ${seen}`);
          throw new UnreachableError(api.baseUrl, 'the event stream ended while waiting for the change request');
        }
        if (next.value.event !== 'change-request') continue;
        if ((JSON.parse(next.value.data) as { id?: string }).id === id) break;
      }
    }
  } finally {
    signal?.removeEventListener('abort', abort);
    stop.abort();
  }
}

function outcomeText(r: ChangeRequest): string {
  const error = (r.outcome as { error?: { code?: string; message?: string } } | null)?.error;
  return error ? ` (${error.code}: ${error.message})` : '';
}
