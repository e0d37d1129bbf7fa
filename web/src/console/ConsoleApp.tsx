import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { isApiError, setCsrfToken } from '../api/client';
import { Link, navigate, useLocation } from '../app/router';
import { useTitle } from '../app/useTitle';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { TextInput } from '../ui/TextInput';
import { consoleApi, type OperatorMe } from './api';
import { AuditPage } from './AuditPage';
import { DeadLettersPage } from './DeadLettersPage';
import { InstancesPage } from './InstancesPage';
import { ParkedPage } from './ParkedPage';
import { TenantsPage } from './TenantsPage';
import './console.css';

const c = t.console;

const SECTIONS = [
  { path: '/betrieb', label: c.tenants.title, page: () => <TenantsPage /> },
  { path: '/betrieb/eingang', label: c.parked.title, page: () => <ParkedPage /> },
  { path: '/betrieb/zustellung', label: c.deadLetters.title, page: () => <DeadLettersPage /> },
  { path: '/betrieb/instanzen', label: c.instances.title, page: () => <InstancesPage /> },
  { path: '/betrieb/protokoll', label: c.audit.title, page: () => <AuditPage /> },
] as const;

/**
 * The operator console under /betrieb: the data centre's own sign-in (operator accounts, never a
 * tenant's), its own session. What it shows is platform metadata; the API refuses case content.
 */
export default function ConsoleApp() {
  const [me, setMe] = useState<OperatorMe | null | undefined>(undefined);
  useEffect(() => {
    consoleApi.me().then((m) => { setCsrfToken(m.csrfToken); setMe(m); }, () => setMe(null));
  }, []);
  const signOut = () => void consoleApi.logout().finally(() => { setCsrfToken(null); setMe(null); navigate('/betrieb'); });
  if (me === undefined) return <p role="status">{t.app.loading}</p>;
  if (!me) return <Shell><SignIn onSignedIn={(m) => { setCsrfToken(m.csrfToken); setMe(m); }} /></Shell>;
  return <Shell me={me} onSignOut={signOut}><Section /></Shell>;
}

function Section() {
  const { pathname } = useLocation();
  const current = SECTIONS.find((s) => s.path === pathname.replace(/\/+$/, '')) ?? SECTIONS[0];
  useTitle(`${current.label} – ${c.name}`);
  return current.page();
}

function Shell({ me, onSignOut, children }: { me?: OperatorMe; onSignOut?: () => void; children: ReactNode }) {
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // After an in-app navigation the new page's heading takes the focus, so it is announced.
    if (first.current) { first.current = false; return; }
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    if (heading) { heading.tabIndex = -1; heading.focus(); }
  }, [pathname]);
  return (
    <div className="console">
      <a className="skip-link" href="#console-main">{c.skipLink}</a>
      <header className="console__header">
        <span className="console__brand">{c.name}</span>
        {me ? (
          <div className="console__account">
            <span>{c.signedInAs(me.operator.displayName)}</span>
            <button type="button" className="kern-btn kern-btn--tertiary kern-btn--small" onClick={onSignOut}>
              <span className="kern-label">{c.signOut}</span>
            </button>
          </div>
        ) : null}
      </header>
      {me ? (
        <nav aria-label={c.nav} className="console__nav">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.path}>
                <Link href={s.path} aria-current={s.path === pathname.replace(/\/+$/, '') || (s.path === '/betrieb' && !SECTIONS.some((x) => x.path === pathname)) ? 'page' : undefined}>{s.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <main id="console-main" ref={mainRef} tabIndex={-1} className="console__main">{children}</main>
    </div>
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (me: OperatorMe) => void }) {
  useTitle(c.signIn.title);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await consoleApi.login({ email, password }));
    } catch (err) {
      setError(isApiError(err) ? err.detail : t.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="console__signin">
      <h1 className="kern-heading-large">{c.signIn.title}</h1>
      <p className="kern-body">{c.signIn.intro}</p>
      {error ? <Alert tone="danger" title={c.signIn.failed}><p className="kern-body">{error}</p></Alert> : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextInput label={c.signIn.email} type="email" name="email" autoComplete="username" value={email} onChange={setEmail} isRequired />
        <TextInput label={c.signIn.password} type="password" name="password" autoComplete="current-password" value={password} onChange={setPassword} isRequired />
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
          <span className="kern-label">{c.signIn.submit}</span>
        </button>
      </form>
    </section>
  );
}
