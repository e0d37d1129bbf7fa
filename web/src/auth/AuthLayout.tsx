import type { ReactNode } from 'react';
import { t } from '../i18n/de';

/** The frame of the pages reachable without a session: brand, one card with heading and intro. */
export function AuthLayout({ title, intro, children }: { title: string; intro: string; children: ReactNode }) {
  return (
    <div className="signin-page">
      <header className="signin-page__brand">
        <span className="brand__mark" aria-hidden="true">A</span>
        <span className="brand__name">{t.app.name}</span>
        <span className="brand__tagline">{t.app.tagline}</span>
      </header>
      <main id="main" className="signin-page__main" tabIndex={-1}>
        <div className="kern-card signin-card">
          <div className="kern-card__container">
            <div className="kern-card__header">
              <h1 className="kern-heading-large">{title}</h1>
              <p className="kern-body">{intro}</p>
            </div>
            <div className="kern-card__body">{children}</div>
          </div>
        </div>
      </main>
    </div>
  );
}
