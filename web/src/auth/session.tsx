import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { setCsrfToken, setReauthenticateHandler } from '../api/client';
import { authApi } from '../api/endpoints';
import type { Me, Permission } from '../api/types';
import { SessionExpiredDialog } from './SessionExpiredDialog';

interface SessionValue {
  /** undefined while the first /me call runs; null when signed out. */
  me: Me | null | undefined;
  signedIn: (me: Me) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; only call below the signed-in part of the app. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a session');
  return me;
}

/**
 * Whether the signed-in person holds one of these permissions, as the server reports them in /me
 * (server/src/auth/permissions/catalog.ts). The web app decides nothing from role names; per case,
 * the case detail's `permissions` say what may be done with that case.
 */
export function may(me: Me, ...permissions: Permission[]): boolean {
  return me.permissions.some((p) => permissions.includes(p));
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);
  const pending = useRef<{ promise: Promise<void>; resolve: () => void } | null>(null);
  const meRef = useRef<Me | null | undefined>(undefined);

  const signedIn = useCallback((next: Me) => {
    setCsrfToken(next.csrfToken);
    meRef.current = next;
    setMe(next);
  }, []);

  useEffect(() => {
    authApi
      .me()
      .then(signedIn)
      .catch(() => setMe(null));
  }, [signedIn]);

  useEffect(() => {
    setReauthenticateHandler(() => {
      if (!meRef.current) return Promise.reject(new Error('not signed in'));
      if (!pending.current) {
        let resolve = () => {};
        const promise = new Promise<void>((r) => (resolve = r));
        pending.current = { promise, resolve };
        setExpired(true);
      }
      return pending.current.promise;
    });
    return () => setReauthenticateHandler(null);
  }, []);

  const resumed = useCallback(
    (next: Me) => {
      const previous = meRef.current;
      if (previous && (previous.user.id !== next.user.id || previous.tenant.id !== next.tenant.id)) {
        // Someone else signed in: the unsaved work belongs to the previous user, start fresh.
        window.location.assign('/');
        return;
      }
      signedIn(next);
      setExpired(false);
      pending.current?.resolve();
      pending.current = null;
    },
    [signedIn],
  );

  const signOut = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {}
    setCsrfToken(null);
    meRef.current = null;
    setMe(null);
  }, []);

  const value = useMemo(() => ({ me, signedIn, signOut }), [me, signedIn, signOut]);
  return (
    <SessionContext.Provider value={value}>
      {children}
      {expired && me ? <SessionExpiredDialog me={me} onSignedIn={resumed} /> : null}
    </SessionContext.Provider>
  );
}
