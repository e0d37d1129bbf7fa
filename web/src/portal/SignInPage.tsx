import { useEffect, useRef, useState, type FormEvent } from 'react';
import { isApiError } from '../api/client';
import { useTitle } from '../app/useTitle';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { portalApi, type PortalMe } from './api';
import { ServicekontoSignIn } from './ServicekontoSignIn';

const p = t.portal;

/** Asks for a sign-in link. The answer is the same whether or not applications exist for the address. */
export function RequestLinkForm() {
  const [email, setEmail] = useState('');
  const [answer, setAnswer] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setAnswer((await portalApi.requestLink(email.trim())).message);
    } catch (err) {
      setError(isApiError(err) ? err.detail : t.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };
  if (answer) return <Alert tone="success" title={answer} />;
  return (
    <form className="portal-form" onSubmit={(e) => void submit(e)}>
      {error ? <Alert tone="danger" title={error} /> : null}
      <div className="kern-form-input">
        <label className="kern-label" htmlFor="portal-email">{p.email}</label>
        <input id="portal-email" className="kern-form-input__input" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <button type="submit" className="kern-btn kern-btn--primary portal-form__submit" disabled={busy}>
        <span className="kern-label">{p.requestLink}</span>
      </button>
    </form>
  );
}

/** Once per page load: the neutral failure notice of a Servicekonto sign-in (?fehler=servicekonto), then a clean URL. */
function takeFailure(): boolean {
  const failed = new URLSearchParams(window.location.search).get('fehler') === 'servicekonto';
  if (failed) window.history.replaceState(null, '', window.location.pathname);
  return failed;
}

export function SignInPage() {
  useTitle(p.signInTitle);
  const [oidcEnabled, setOidcEnabled] = useState(false);
  const [failed] = useState(takeFailure);
  useEffect(() => {
    portalApi.config().then((c) => setOidcEnabled(c.oidcEnabled), () => setOidcEnabled(false));
  }, []);
  return (
    <section className="portal-card">
      <h1 className="kern-heading-large">{p.signInTitle}</h1>
      {failed ? <Alert tone="danger" title={p.oidcFailed} /> : null}
      <p className="kern-body">{p.signInIntro}</p>
      <RequestLinkForm />
      {oidcEnabled ? <ServicekontoSignIn /> : null}
    </section>
  );
}

/** /portal/anmelden#token=…: the token stays in the fragment (never in logs) and is used once. */
export function LinkSignIn({ onSignedIn }: { onSignedIn: (me: PortalMe) => void }) {
  const [failure, setFailure] = useState<string>();
  const started = useRef(false);
  useTitle(failure ? p.invalidLinkTitle : p.signInTitle);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '';
    window.history.replaceState(null, '', '/portal/anmelden');
    if (!token) {
      setFailure(t.app.unexpectedError);
      return;
    }
    portalApi.signIn(token).then(onSignedIn, (e: unknown) => setFailure(isApiError(e) ? e.detail : t.app.unexpectedError));
  }, [onSignedIn]);
  if (!failure) return <p role="status">{p.checking}</p>;
  return (
    <section className="portal-card">
      <h1 className="kern-heading-large">{p.invalidLinkTitle}</h1>
      <p className="kern-body">{failure}</p>
      <RequestLinkForm />
    </section>
  );
}
