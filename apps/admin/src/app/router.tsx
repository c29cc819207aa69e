import { useEffect, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';
import { parseHash, type Location } from './route-match';

/**
 * A hash router: the route lives after `#`, so the static build works at any path with no server
 * fallback for deep links, and relative asset URLs stay correct.
 */
function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const currentHash = () => window.location.hash;

export function useLocation(): Location {
  const hash = useSyncExternalStore(subscribe, currentHash, () => '');
  return parseHash(hash);
}

/**
 * Pages holding unsaved edits (see {@link useNavigationGuard}): leaving them for another page asks
 * first, whether by a link, `navigate`, or the browser's back and forward buttons.
 */
const guards = new Set<string>();
/** The hash last shown, to go back to when leaving is cancelled from the browser's buttons. */
let shownHash = typeof window === 'undefined' ? '' : window.location.hash;
let restoring = false;

/** Whether the user may leave for `hash`: always within the same page (tabs, filters), else when nothing is unsaved or they confirm. */
function mayLeaveFor(hash: string): boolean {
  if (guards.size === 0 || parseHash(hash).path === parseHash(shownHash).path) return true;
  return window.confirm([...guards][0] as string);
}

if (typeof window !== 'undefined') {
  // Registered before any component subscribes, so a cancelled move is undone before anything renders it.
  window.addEventListener('hashchange', () => {
    const hash = window.location.hash;
    if (restoring) {
      restoring = false;
      return;
    }
    if (!mayLeaveFor(hash)) {
      restoring = true;
      window.location.replace(shownHash);
      return;
    }
    shownHash = hash;
  });
}

/**
 * While `active`, asks before leaving the page for another one (`message` says what would be lost).
 * The `beforeunload` warning covers reloads and closing the tab; this covers moves inside the app.
 */
export function useNavigationGuard(active: boolean, message: string): void {
  useEffect(() => {
    if (!active) return;
    const entry = message;
    guards.add(entry);
    return () => {
      guards.delete(entry);
    };
  }, [active, message]);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const hash = `#${to}`;
  if (!mayLeaveFor(hash)) return;
  // Asked already: the hashchange that follows must not ask again.
  shownHash = hash;
  if (options.replace) window.location.replace(hash);
  else window.location.hash = to;
}

export function hrefOf(to: string): string {
  return `#${to}`;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; children: ReactNode };

export function Link({ to, onClick, ...rest }: LinkProps) {
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (!mayLeaveFor(hrefOf(to))) e.preventDefault();
    else shownHash = hrefOf(to);
  };
  return <a href={hrefOf(to)} onClick={click} {...rest} />;
}
