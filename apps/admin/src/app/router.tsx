import { useSyncExternalStore, type AnchorHTMLAttributes, type ReactNode } from 'react';
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

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const hash = `#${to}`;
  if (options.replace) window.location.replace(hash);
  else window.location.hash = to;
}

export function hrefOf(to: string): string {
  return `#${to}`;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string; children: ReactNode };

export function Link({ to, ...rest }: LinkProps) {
  return <a href={hrefOf(to)} {...rest} />;
}
