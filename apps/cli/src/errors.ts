/**
 * Exit codes, one per kind of outcome, so scripts can tell a refusal from a typo from an outage.
 * - 0: done
 * - 1: the server refused (an error answer, a failed audit verification, a drift check that failed)
 * - 2: usage error (unknown command or option, missing argument, invalid flag file) — nothing was sent
 * - 3: the server could not be reached
 */
export const EXIT = { ok: 0, refused: 1, usage: 2, unreachable: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A `{path, message}` pair naming a field, as the server and the file validator report them. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The command line or a file given on it is wrong. Nothing was sent to the server. */
export class UsageError extends Error {
  readonly exitCode = EXIT.usage;
  constructor(
    message: string,
    /** Field-level problems (an invalid flag file), each with its path and, where known, its line. */
    readonly issues: readonly FieldIssue[] = [],
    /** The usage text of the command concerned, printed after the message. */
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** The server answered with an error: its `{code, message, details}` and the HTTP status. */
export class ApiError extends Error {
  readonly exitCode = EXIT.refused;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    /** What the CLI was doing, e.g. `PATCH /api/v1/flags/a`. */
    readonly request: string,
  ) {
    super(message);
  }
}

/** The server could not be reached (refused connection, unknown host, timeout). */
export class UnreachableError extends Error {
  readonly exitCode = EXIT.unreachable;
  constructor(
    readonly url: string,
    readonly why: string,
  ) {
    super(`Cannot reach the Switchyard server at ${url}: ${why}`);
  }
}

/** A check the CLI ran came out negative (audit chain broken): reported, exit 1. */
export class CheckFailed extends Error {
  readonly exitCode = EXIT.refused;
}

export type CliError = UsageError | ApiError | UnreachableError | CheckFailed;

export function isCliError(e: unknown): e is CliError {
  return e instanceof UsageError || e instanceof ApiError || e instanceof UnreachableError || e instanceof CheckFailed;
}
