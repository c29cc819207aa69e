/**
 * An error answered by the server as `{code, message, details}` (docs/errors.md), or one of the
 * client-side codes below when no such answer arrived.
 */
export type ClientErrorCode = 'NETWORK' | 'UNEXPECTED_RESPONSE';

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The per-field issues of a VALIDATION_FAILED answer (empty for other errors). */
  get fieldIssues(): FieldIssue[] {
    return Array.isArray(this.details) ? this.details.filter(isFieldIssue) : [];
  }
}

function isFieldIssue(d: unknown): d is FieldIssue {
  return typeof d === 'object' && d !== null && typeof (d as FieldIssue).path === 'string' && typeof (d as FieldIssue).message === 'string';
}

/** `details` of a VERSION_CONFLICT: the version now stored and the whole current object. */
export interface VersionConflict<T> {
  currentVersion: number;
  current: T;
}

export function versionConflictOf<T>(err: unknown): VersionConflict<T> | null {
  if (!(err instanceof ApiError) || err.code !== 'VERSION_CONFLICT') return null;
  const d = err.details as Partial<VersionConflict<T>> | null;
  if (!d || typeof d.currentVersion !== 'number' || d.current === undefined) return null;
  return { currentVersion: d.currentVersion, current: d.current as T };
}

/** A message fit to show a person, whatever was thrown. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
