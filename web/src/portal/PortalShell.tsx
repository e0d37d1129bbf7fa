import { useEffect, useRef, type ReactNode } from 'react';
import { Link, useLocation } from '../app/router';
import { t } from '../i18n/de';
import type { PortalMe } from './api';

const p = t.portal;

export function PortalShell({ me, onSignOut, children }: { me: PortalMe | null; onSignOut: () => void; children: ReactNode }) {
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }, [pathname]);
  return (
    <div className="portal">
      <a className="skip-link" href="#portal-main">{p.skipLink}</a>
      <header className="portal__header">
        <div className="portal__bar">
          <Link href="/portal" className="portal__brand">
            <span className="brand__mark" aria-hidden="true">A</span>
            <span>{p.name}</span>
          </Link>
          {me ? (
            <div className="portal__account">
              <span className="portal__authority">{me.authority}</span>
              <button type="button" className="kern-btn kern-btn--tertiary kern-btn--small" onClick={onSignOut}>
                <span className="kern-label">{p.signOut}</span>
              </button>
            </div>
          ) : null}
        </div>
      </header>
      <main id="portal-main" ref={mainRef} tabIndex={-1} className="portal__main">
        {children}
      </main>
    </div>
  );
}
