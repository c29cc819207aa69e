import { Logo } from '../features/auth/SignInPage';
import { Link, useLocation } from './router';
import { useCan } from './session';

const ITEMS = [
  { to: '/flags', label: 'Flags', icon: 'M4 3v18M4 4h11l-2 4 2 4H4' },
  { to: '/incident', label: 'Incident', icon: 'M12 3 2 20h20L12 3Zm0 6v5m0 3v.5' },
  { to: '/segments', label: 'Segments', icon: 'M4 6h16M4 12h10M4 18h6' },
  { to: '/reports/stale', label: 'Cleanup', icon: 'M4 7h16M9 7V4h6v3m-8 0 1 13h8l1-13M10 11v5m4-5v5' },
  { to: '/change-requests', label: 'Reviews', icon: 'M5 12l4 4 10-10M4 4h8' },
  { to: '/audit', label: 'Audit log', icon: 'M6 3h9l4 4v14H6V3Zm3 7h7m-7 4h7m-7 4h4' },
  { to: '/integrations', label: 'Integrations', icon: 'M8 12h8M5 8a4 4 0 0 0 0 8h2M19 8a4 4 0 0 1 0 8h-2', admin: true },
  { to: '/keys', label: 'Keys', icon: 'M14 10a4 4 0 1 0-3.5 4L9 15.5V18H6.5v2.5H4V18l6-6M15.5 8.5h.01', admin: true },
] as const;

/** The left navigation. The current page is marked with aria-current. */
export function SideNav() {
  const { path } = useLocation();
  const can = useCan();
  return (
    <nav className="sidenav" aria-label="Main">
      <div className="brand">
        <Logo />
        <span className="brand__name">Switchyard</span>
      </div>
      <ul className="sidenav__list">
        {ITEMS.filter((item) => !('admin' in item) || can('manageIntegrations')).map((item) => {
          const active = path === item.to || path.startsWith(`${item.to}/`);
          return (
            <li key={item.to}>
              <Link to={item.to} className={`sidenav__link ${active ? 'sidenav__link--active' : ''}`} aria-current={active ? 'page' : undefined}>
                <NavIcon d={item.icon} />
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function NavIcon({ d }: { d: string }) {
  return (
    <svg className="sidenav__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={d} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
