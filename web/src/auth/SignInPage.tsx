import { useEffect, useState } from 'react';
import { authApi } from '../api/endpoints';
import type { Me } from '../api/types';
import { navigate, useLocation } from '../app/router';
import { useTitle } from '../app/useTitle';
import { t } from '../i18n/de';
import { useSession } from './session';
import { AuthLayout } from './AuthLayout';
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
    <AuthLayout title={t.signIn.title} intro={t.signIn.intro}>
      <SignInForm idPrefix="signin" initialTenant={rememberedTenant()} oidcEnabled={oidcEnabled} onSignedIn={done} />
    </AuthLayout>
  );
}
