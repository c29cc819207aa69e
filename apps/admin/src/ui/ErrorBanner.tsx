import { ApiError, describeError } from '../api/api-error';

interface ErrorBannerProps {
  error: unknown;
  /** Field issues already shown next to their fields (left out of the list here). */
  placed?: (path: string) => boolean;
  title?: string;
}

/**
 * An error in an assertive live region, so it is announced the moment it appears. Per-field issues
 * that no field on screen shows are listed here, so none is lost.
 */
export function ErrorBanner({ error, placed, title }: ErrorBannerProps) {
  if (!error) return null;
  const issues = error instanceof ApiError ? error.fieldIssues.filter((i) => !placed?.(i.path)) : [];
  return (
    <div className="banner banner--error" role="alert">
      <p className="banner__title">{title ?? describeError(error)}</p>
      {title && <p>{describeError(error)}</p>}
      {issues.length > 0 && (
        <ul className="banner__list">
          {issues.map((i, n) => (
            <li key={n}>
              <code>{i.path}</code> {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
