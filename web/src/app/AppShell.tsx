import { useEffect, useRef, type ReactNode } from 'react';
import { may, useMe, useSession } from '../auth/session';
import { t } from '../i18n/de';
import { Link, navigate, useLocation } from './router';
import { NotificationBell } from '../notifications/NotificationBell';
import { UserMenu } from './UserMenu';

const NAV = [
  { href: '/', label: t.nav.inbox, match: (p: string) => p === '/' || p.startsWith('/vorgaenge/') },
  { href: '/dashboard', label: t.nav.dashboard, match: (p: string) => p === '/dashboard' },
  { href: '/wiedervorlagen', label: t.nav.myFollowUps, match: (p: string) => p === '/wiedervorlagen' },
  { href: '/aufgaben', label: t.nav.myTasks, match: (p: string) => p === '/aufgaben' },
];

/** Skip link, header (tenant, navigation, user menu) and the main landmark. */
export function AppShell({ children }: { children: ReactNode }) {
  const me = useMe();
  const { signOut } = useSession();
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After an in-app navigation, move focus to the new page's heading (as a full page load would).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    } else mainRef.current?.focus();
  }, [pathname]);

  const items = [
    ...NAV,
    ...(may(me, 'absence.manage_own', 'absence.manage_others') ? [{ href: '/abwesenheiten', label: t.absences.nav, match: (p: string) => p === '/abwesenheiten' }] : []),
    ...(may(me, 'records.destroy') ? [{ href: '/aussonderung', label: t.nav.destruction, match: (p: string) => p.startsWith('/aussonderung') }] : []),
    ...(may(me, 'accesslog.read') ? [{ href: '/zugriffsprotokoll', label: t.nav.accessLog, match: (p: string) => p === '/zugriffsprotokoll' }] : []),
    ...(may(me, 'privacy.manage') ? [{ href: '/betroffenenrechte', label: t.nav.subjectRights, match: (p: string) => p === '/betroffenenrechte' }] : []),
    ...(may(me, 'tenant.admin') ? [{ href: '/verwaltung', label: t.nav.admin, match: (p: string) => p.startsWith('/verwaltung') }] : []),
  ];

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t.app.skipLink}
      </a>
      <header className="shell__header">
        <div className="shell__bar">
          <Link href="/" className="brand">
            <span className="brand__mark" aria-hidden="true">A</span>
            <span className="brand__name">{t.app.name}</span>
          </Link>
          <span className="shell__tenant">{me.tenant.name}</span>
          <NotificationBell />
          <UserMenu
            me={me}
            onSignOut={() => {
              void signOut().then(() => navigate('/anmelden', { replace: true }));
            }}
          />
        </div>
        <nav className="shell__nav" aria-label={t.nav.label}>
          <ul>
            {items.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={item.match(pathname) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="shell__main">
        {children}
      </main>
    </div>
  );
}
