import { useEffect, useRef, type ReactNode } from 'react';

interface PageHeaderProps {
  title: ReactNode;
  /** The document title (defaults to the title when it is a string). */
  docTitle?: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  eyebrow?: ReactNode;
}

/**
 * The page's one h1. On a route change focus moves to it, so keyboard and screen-reader users start
 * at the top of the new page instead of in the navigation they just used.
 */
export function PageHeader({ title, docTitle, subtitle, actions, eyebrow }: PageHeaderProps) {
  const ref = useRef<HTMLHeadingElement>(null);
  const text = docTitle ?? (typeof title === 'string' ? title : undefined);
  useEffect(() => {
    if (text) document.title = `${text} · Switchyard`;
  }, [text]);
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement?.closest('.sidenav')) ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <header className="page-header">
      <div className="page-header__text">
        {eyebrow && <div className="page-header__eyebrow">{eyebrow}</div>}
        <h1 ref={ref} tabIndex={-1} className="page-header__title">
          {title}
        </h1>
        {subtitle && <div className="page-header__subtitle">{subtitle}</div>}
      </div>
      {actions && <div className="page-header__actions">{actions}</div>}
    </header>
  );
}
