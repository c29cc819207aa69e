import type { ChangeRequestState } from '../../db/records';
import { AppError } from '../../errors/catalogue';

/** What may be done to a request, by state (the review policy adds its own conditions; see the service). */
export type ChangeRequestMove = 'edit' | 'submit' | 'review' | 'apply' | 'schedule' | 'unschedule' | 'cancel';

const ALLOWED: Record<ChangeRequestMove, readonly ChangeRequestState[]> = {
  edit: ['draft', 'in-review', 'approved', 'scheduled', 'conflicted', 'apply-failed'],
  submit: ['draft'],
  review: ['in-review', 'approved'],
  // draft and in-review only where the environment does not require review (checked by the service).
  apply: ['draft', 'in-review', 'approved'],
  schedule: ['draft', 'in-review', 'approved'],
  unschedule: ['scheduled'],
  cancel: ['draft', 'in-review', 'approved', 'scheduled', 'conflicted', 'apply-failed'],
};

/** States no move leaves. */
export const FINAL_STATES: readonly ChangeRequestState[] = ['applied', 'rejected', 'cancelled'];

/** 409 CHANGE_REQUEST_STATE unless `move` is legal from `state`. */
export function assertMove(id: string, state: ChangeRequestState, move: ChangeRequestMove): void {
  const allowed = ALLOWED[move];
  if (!allowed.includes(state))
    throw new AppError('CHANGE_REQUEST_STATE', `Change request ${id} is ${state}: it cannot be ${PAST[move]} (only when ${allowed.join(', ')}).`, { state, move, allowed });
}

const PAST: Record<ChangeRequestMove, string> = {
  edit: 'edited',
  submit: 'submitted',
  review: 'reviewed',
  apply: 'applied',
  schedule: 'scheduled',
  unschedule: 'unscheduled',
  cancel: 'cancelled',
};
