import { z } from 'zod';

/**
 * Every error code a client can see, in `{code, message, details}` (the server's errors/catalogue.ts
 * gives each its HTTP status and default message; docs/errors.md documents each).
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'ROUTE_NOT_FOUND',
  'ENVIRONMENT_NOT_FOUND',
  'FLAG_NOT_FOUND',
  'SEGMENT_NOT_FOUND',
  'KEY_NOT_FOUND',
  'RELEASE_PLAN_NOT_FOUND',
  'TRIGGER_NOT_FOUND',
  'WEBHOOK_NOT_FOUND',
  'SIGNATURE_INVALID',
  'ALREADY_EXISTS',
  'VERSION_CONFLICT',
  'FLAG_ARCHIVED',
  'FLAG_KILLED',
  'ALREADY_REVOKED',
  'TRIGGER_DISABLED',
  'WEBHOOK_DISABLED',
  'SEGMENT_IN_USE',
  'NOT_A_MIGRATION_FLAG',
  'MIGRATION_MANAGED',
  'MIGRATION_REFUSED',
  'RELEASE_PLAN_ACTIVE',
  'RELEASE_REFUSED',
  'BACKFILL_INCOMPLETE',
  'NO_CHANGE',
  'LAST_ADMIN',
  'REVIEW_REQUIRED',
  'CHANGE_REQUEST_NOT_FOUND',
  'CHANGE_REQUEST_STATE',
  'SELF_APPROVAL',
  'NOT_AN_APPROVER',
  'ALREADY_REVIEWED',
  'NOT_ENOUGH_APPROVALS',
  'CHANGE_REQUEST_CONFLICTED',
  'CHANGE_REQUEST_APPLY_FAILED',
  'MALFORMED_HTTP',
  'REQUEST_TIMEOUT',
  'HEADERS_TOO_LARGE',
  'BODY_TOO_LARGE',
  'ENVIRONMENT_BUDGET_EXCEEDED',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'EVENT_STREAM_LIMIT',
  'NOT_READY',
  'DATABASE_UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one field: `path` names it (e.g. `body.rules[0].clauses[1].op`). */
export const errorDetailSchema = z.object({ path: z.string(), message: z.string() });
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

/** Every error answer: a stable code, a message for people, and details (per field, or what the code documents). */
export const errorBodySchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.union([z.array(errorDetailSchema), z.record(z.string(), z.unknown())]),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
