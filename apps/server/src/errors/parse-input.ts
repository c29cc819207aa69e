import { findTextProblem } from '@switchyard/core';
import type { z } from 'zod';
import { AppError, type ErrorDetail } from './catalogue';

/** Formats a zod issue path as `body.rules[0].op`. */
export function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}

/** zod issues to error details, naming each field and why. Unknown fields are named one by one. */
export function issuesToDetails(root: string, issues: readonly z.core.$ZodIssue[]): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) details.push({ path: formatPath(root, [...issue.path, key]), message: 'is not a known field' });
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the branch that got furthest: the one with the fewest issues.
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      const nested = issuesToDetails(root, best.map((i) => ({ ...i, path: [...issue.path, ...i.path] })));
      details.push(...(nested.length > 0 ? nested : [{ path: formatPath(root, issue.path), message: issue.message }]));
    } else {
      details.push({ path: formatPath(root, issue.path), message: issue.message });
    }
  }
  return details;
}

/** Parses `value` with `schema` or throws VALIDATION_FAILED naming each bad field under `root`. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, root: 'body' | 'query' | 'params'): z.output<S> {
  // Text no store can hold as sent (NUL, unpaired surrogates) is refused before anything else sees it.
  const text = findTextProblem(value);
  if (text) {
    const path = formatPath(root, text.path);
    throw new AppError('VALIDATION_FAILED', `${path} ${text.message}`, [{ path, message: text.message }]);
  }
  const result = schema.safeParse(value === undefined && root === 'body' ? undefined : value);
  if (result.success) return result.data;
  const details = issuesToDetails(root, result.error.issues);
  const first = details[0];
  throw new AppError('VALIDATION_FAILED', first ? `${first.path} ${first.message}` : undefined, details);
}

/** Throws VALIDATION_FAILED for core checker issues (paths relative to `root`), if any. */
export function throwIfIssues(root: string, issues: readonly { path: readonly (string | number)[]; message: string }[]): void {
  if (issues.length === 0) return;
  const details = issues.map((i) => ({ path: formatPath(root, i.path), message: i.message }));
  throw new AppError('VALIDATION_FAILED', `${details[0]!.path} ${details[0]!.message}`, details);
}
