import type { ErrorCode, ErrorDetail } from '@switchyard/api';

export type { ErrorCode, ErrorDetail };

/**
 * The server's one error catalogue. Every error a client can see is here, with a stable code,
 * an HTTP status and a default message. `docs/errors.md` documents each; a test keeps them in step.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: 'The request is invalid; see details for each field and reason.' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  UNAUTHENTICATED: { status: 401, message: 'A valid admin token is required: send "Authorization: Bearer <token>".' },
  FORBIDDEN: { status: 403, message: 'Your credentials do not allow this action.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route.' },
  ENVIRONMENT_NOT_FOUND: { status: 404, message: 'No such environment.' },
  FLAG_NOT_FOUND: { status: 404, message: 'No such flag.' },
  SEGMENT_NOT_FOUND: { status: 404, message: 'No such segment.' },
  KEY_NOT_FOUND: { status: 404, message: 'No such key.' },
  RELEASE_PLAN_NOT_FOUND: { status: 404, message: 'No such release plan.' },
  TRIGGER_NOT_FOUND: { status: 404, message: 'No such trigger.' },
  WEBHOOK_NOT_FOUND: { status: 404, message: 'No such webhook.' },
  SIGNATURE_INVALID: { status: 401, message: 'The call is not signed with the trigger\'s secret: see X-Switchyard-Signature in docs/integrations.md.' },
  ALREADY_EXISTS: { status: 409, message: 'Something with this key already exists.' },
  VERSION_CONFLICT: { status: 409, message: 'Someone else changed this since the version you based your change on; reload and apply your change again.' },
  FLAG_ARCHIVED: { status: 409, message: 'The flag is archived; unarchive it before changing it.' },
  FLAG_KILLED: { status: 409, message: 'The flag is killed in an environment: archiving it would undo the kill; restore it first, or force with a reason.' },
  ALREADY_REVOKED: { status: 409, message: 'The key is already revoked.' },
  TRIGGER_DISABLED: { status: 409, message: 'The trigger is disabled; nothing was changed.' },
  WEBHOOK_DISABLED: { status: 409, message: 'The webhook is disabled.' },
  SEGMENT_IN_USE: { status: 409, message: 'The segment is used by flags; remove those references first.' },
  NOT_A_MIGRATION_FLAG: { status: 409, message: 'This is not a migration flag.' },
  MIGRATION_MANAGED: { status: 409, message: 'A migration flag is moved only by stage transitions (and kills), not by editing or toggling it.' },
  MIGRATION_REFUSED: { status: 409, message: 'The migration move is refused; see details for each rule and gate.' },
  RELEASE_PLAN_ACTIVE: { status: 409, message: 'The flag already has a live release plan in this environment; finish, abort or let it end first.' },
  RELEASE_REFUSED: { status: 409, message: 'The release plan cannot do this now; the message says why.' },
  BACKFILL_INCOMPLETE: { status: 409, message: 'The backfill job has not reported success over its whole range.' },
  NO_CHANGE: { status: 409, message: 'The request changes nothing.' },
  LAST_ADMIN: { status: 409, message: 'This is the last active admin token; create another before revoking it.' },
  REVIEW_REQUIRED: { status: 409, message: 'This environment requires review: open a change request (POST /api/v1/environments/:env/change-requests) instead of writing directly.' },
  CHANGE_REQUEST_NOT_FOUND: { status: 404, message: 'No such change request.' },
  CHANGE_REQUEST_STATE: { status: 409, message: 'The change request is not in a state that allows this.' },
  SELF_APPROVAL: { status: 403, message: 'The author of a change request cannot review it.' },
  NOT_AN_APPROVER: { status: 403, message: "Your role is not among this environment's approver roles." },
  ALREADY_REVIEWED: { status: 409, message: 'You have already reviewed this revision of the change request.' },
  NOT_ENOUGH_APPROVALS: { status: 409, message: 'The change request does not have the approvals this environment requires for its current content.' },
  CHANGE_REQUEST_CONFLICTED: { status: 409, message: 'Something the change request is based on changed since: it is now conflicted and nothing was applied. Edit it against the current versions.' },
  CHANGE_REQUEST_APPLY_FAILED: { status: 409, message: 'The change request could not be applied: it is now apply-failed and nothing was applied; see details.error.' },
  MALFORMED_HTTP: { status: 400, message: 'The request is not valid HTTP/1.1.' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request did not arrive in time: its headers or body came too slowly.' },
  HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are too large.' },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  ENVIRONMENT_BUDGET_EXCEEDED: { status: 413, message: 'The change would grow the environment past its budget, beyond what SDKs can load.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the body as application/json.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; slow down.' },
  EVENT_STREAM_LIMIT: { status: 429, message: 'Too many admin event streams are open; close one and retry.' },
  NOT_READY: { status: 503, message: 'The server is not ready.' },
  DATABASE_UNAVAILABLE: { status: 503, message: 'The database cannot be reached: nothing was changed. Retry shortly; SDKs keep serving the last rules meanwhile.' },
  INTERNAL: { status: 500, message: 'Internal error.' },
} as const satisfies Record<ErrorCode, { status: number; message: string }>;


/** An error answered to the client as `{code, message, details}` with the catalogue's status. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details: ErrorDetail[] | Record<string, unknown> = [],
  ) {
    super(message ?? ERRORS[code].message);
    this.status = ERRORS[code].status;
  }
}

/** Shorthand for a VALIDATION_FAILED error about one field. */
export function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${path} ${message}`, [{ path, message }]);
}
