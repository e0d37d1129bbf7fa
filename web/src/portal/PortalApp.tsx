import { useEffect, useState } from 'react';
import { matchPath, navigate, useLocation } from '../app/router';
import { t } from '../i18n/de';
import { portalApi, type PortalMe } from './api';
import { ApplicationPage } from './ApplicationPage';
import { ApplicationsPage } from './ApplicationsPage';
import { PortalShell } from './PortalShell';
import { ParticipationPage } from '../participants/ParticipationPage';
import { LinkSignIn, SignInPage } from './SignInPage';
import './portal.css';

const p = t.portal;

/** The citizen portal under /portal: its own sign-in (one-time links), its own session, mobile first. */
export default function PortalApp() {
  const { pathname } = useLocation();
  const [me, setMe] = useState<PortalMe | null | undefined>(undefined);
  useEffect(() => {
    // A sign-in link opens its own session; asking for the old one meanwhile would race with it.
    if (window.location.pathname === '/portal/anmelden') return;
    portalApi.me().then(setMe, () => setMe(null));
  }, []);
  const signOut = () => {
    void portalApi.signOut().finally(() => {
      setMe(null);
      navigate('/portal');
    });
  };
  let page;
  if (pathname === '/portal/anmelden') page = <LinkSignIn onSignedIn={(m) => { setMe(m); navigate('/portal', { replace: true }); }} />;
  else if (me === undefined) page = <p role="status">{t.app.loading}</p>;
  else if (!me) page = <SignInPage />;
  else if (pathname === '/portal' || pathname === '/portal/') page = <ApplicationsPage />;
  else {
    const match = matchPath('/portal/antraege/:id', pathname);
    const shared = matchPath('/portal/beteiligungen/:id', pathname);
    page = match?.id ? <ApplicationPage key={match.id} id={match.id} authority={me.authority} />
      : shared?.id ? <ParticipationPage key={shared.id} caseId={shared.id} authority={me.authority} /> : (
      <section><h1 className="kern-heading-large">{p.notFoundTitle}</h1></section>
    );
  }
  return <PortalShell me={me ?? null} onSignOut={signOut}>{page}</PortalShell>;
}
