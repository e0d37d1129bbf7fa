import { useEffect, useState } from 'react';
import { authApi } from '../api/endpoints';
import type { Me } from '../api/types';
import { navigate, useLocation } from '../app/router';
import { useTitle } from '../app/useTitle';
import { t } from '../i18n/de';
import { useSession } from './session';
import { SignInForm, rememberedTenant } from './SignInForm';

/** /anmelden — the only page reachable without a session. */
export function SignInPage() {
  const { signedIn } = useSession();
  const { params } = useLocation();
  const [oidcEnabled, setOidcEnabled] = useState(false);
  useTitle(t.signIn.title);

  useEffect(() => {
    authApi
      .config()
      .then((c) => setOidcEnabled(c.oidcEnabled))
      .catch(() => setOidcEnabled(false));
  }, []);

  const done = (me: Me) => {
    signedIn(me);
    const next = params.get('weiter');
    navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
  };

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
              <h1 className="kern-heading-large">{t.signIn.title}</h1>
              <p className="kern-body">{t.signIn.intro}</p>
            </div>
            <div className="kern-card__body">
              <SignInForm idPrefix="signin" initialTenant={rememberedTenant()} oidcEnabled={oidcEnabled} onSignedIn={done} />
            </div>
          </div>
        </div>
      </main>
    </div>
  );
}
