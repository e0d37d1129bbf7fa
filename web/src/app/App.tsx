import { Suspense, lazy, useEffect } from 'react';
import { RouterProvider } from 'react-aria-components';
import { SignInPage } from '../auth/SignInPage';
import { InvitePage } from '../auth/InvitePage';
import { useSession } from '../auth/session';
import { t } from '../i18n/de';
import { InboxPage } from '../inbox/InboxPage';
import { AppShell } from './AppShell';
import { NotFoundPage } from './NotFoundPage';
import { matchPath, navigate, useLocation } from './router';

const DashboardPage = lazy(() => import('../dashboard/DashboardPage'));
const MyFollowUpsPage = lazy(() => import('../followups/MyFollowUpsPage'));
const MyTasksPage = lazy(() => import('../tasks/MyTasksPage'));
const CaseDetailPage = lazy(() => import('../case/CaseDetailPage'));
const AdminPage = lazy(() => import('../admin/AdminPage'));
const AccessLogPage = lazy(() => import('../records/AccessLogPage'));
const SubjectRightsPage = lazy(() => import('../records/SubjectRightsPage'));
const DestructionListsPage = lazy(() => import('../records/DestructionListsPage'));
const DestructionListPage = lazy(() => import('../records/DestructionListPage'));
const DestructionProtocolPage = lazy(() => import('../records/DestructionProtocolPage'));
const AbsencesPage = lazy(() => import('../absences/AbsencesPage'));
const XdomeaProcessesPage = lazy(() => import('../xdomea/XdomeaProcessesPage'));
const XdomeaProcessPage = lazy(() => import('../xdomea/XdomeaProcessPage'));

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Loading() {
  return (
    <p className="page-loading" role="status">
      {t.app.loading}
    </p>
  );
}

function Routes({ pathname }: { pathname: string }) {
  if (pathname === '/') return <InboxPage />;
  const caseMatch = matchPath('/vorgaenge/:id', pathname);
  if (caseMatch?.id) return <CaseDetailPage key={caseMatch.id} id={caseMatch.id} />;
  if (pathname === '/dashboard') return <DashboardPage />;
  if (pathname === '/wiedervorlagen') return <MyFollowUpsPage />;
  if (pathname === '/aufgaben') return <MyTasksPage />;
  if (pathname.startsWith('/verwaltung')) return <AdminPage />;
  if (pathname === '/abwesenheiten') return <AbsencesPage />;
  if (pathname === '/zugriffsprotokoll') return <AccessLogPage />;
  if (pathname === '/betroffenenrechte') return <SubjectRightsPage />;
  if (pathname === '/aussonderung') return <DestructionListsPage />;
  if (pathname === '/aussonderung/protokoll') return <DestructionProtocolPage />;
  const listMatch = matchPath('/aussonderung/listen/:id', pathname);
  if (listMatch?.id) return <DestructionListPage key={listMatch.id} id={listMatch.id} />;
  if (pathname === '/aussonderung/xdomea') return <XdomeaProcessesPage />;
  const processMatch = matchPath('/aussonderung/xdomea/:id', pathname);
  if (processMatch?.id) return <XdomeaProcessPage key={processMatch.id} id={processMatch.id} />;
  return <NotFoundPage />;
}

export function App() {
  const { me } = useSession();
  const { pathname, search } = useLocation();
  if (me === undefined) return <Loading />;
  if (pathname === '/anmelden') return me ? <Redirect to="/" /> : <SignInPage />;
  if (pathname === '/einladung') return <InvitePage />;
  if (!me) return <Redirect to={`/anmelden?weiter=${encodeURIComponent(pathname + search)}`} />;
  return (
    <RouterProvider navigate={(href) => navigate(href)}>
      <AppShell>
        <Suspense fallback={<Loading />}>
          <Routes pathname={pathname} />
        </Suspense>
      </AppShell>
    </RouterProvider>
  );
}
