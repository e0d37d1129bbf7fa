import { useEffect, useState } from 'react';
import { authApi } from '../api/endpoints';
import type { Me } from '../api/types';
import { navigate, useLocation } from '../app/router';
import { useTitle } from '../app/useTitle';
import { t } from '../i18n/de';
import { useSession } from './session';
import { Alert } from '../ui/Alert';
import { AuthLayout } from './AuthLayout';
import { SignInForm, rememberedTenant } from './SignInForm';

/** /anmelden — the only page reachable without a session. */
export function SignInPage() {
  const { signedIn } = useSession();
  const { params } = useLocation();
  const [oidcEnabled, setOidcEnabled] = useState(false);
  useTitle(t.signIn.title);
  // Back from the identity provider without a session (?fehler=…): say why, in German.
  const failure = t.staffOidc.failures[params.get('fehler') ?? ''];

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
      {failure ? <Alert tone="danger" title={t.staffOidc.failedTitle}>{failure}</Alert> : null}
      <SignInForm idPrefix="signin" initialTenant={rememberedTenant()} oidcEnabled={oidcEnabled} onSignedIn={done} />
    </AuthLayout>
  );
}
