import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import '@kern-ux/native/dist/kern.min.css';
import '@kern-ux/native/dist/fonts/fira-sans.css';
import './styles/app.css';
import './styles/print.css';
import { App } from './app/App';
import { SessionProvider } from './auth/session';

// The citizen portal (/portal) is a separate app with its own sign-in; staff sessions play no part.
const PortalApp = lazy(() => import('./portal/PortalApp'));
const isPortal = window.location.pathname === '/portal' || window.location.pathname.startsWith('/portal/');
// The operator console (/betrieb) is the data centre's area: its own sign-in, no tenant session.
const ConsoleApp = lazy(() => import('./console/ConsoleApp'));
const isConsole = window.location.pathname === '/betrieb' || window.location.pathname.startsWith('/betrieb/');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {isPortal ? (
      <Suspense fallback={null}>
        <PortalApp />
      </Suspense>
    ) : isConsole ? (
      <Suspense fallback={null}>
        <ConsoleApp />
      </Suspense>
    ) : (
      <SessionProvider>
        <App />
      </SessionProvider>
    )}
  </StrictMode>,
);
