import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { AppError } from '../shared/errors.js';
import { createUserSession } from './sessions.js';
import { setSessionCookie } from './cookies.js';
import { callbackUrlOf } from './oidc-code-flow.js';
import { completeOidcLogin, startOidcLogin } from './oidc.service.js';
import { OidcCallbackQuery, OidcStartQuery } from './schemas.js';

const TAGS = ['Anmeldung'];
/** Binds the started sign-in to this browser: the callback must come back with the same state. */
export const OIDC_STATE_COOKIE = 'amtsdesk_oidc';
const COOKIE_PATH = '/api/auth/oidc';
const Redirect = Type.Null({ description: 'Weiterleitung (Location-Kopfzeile)' });

export async function oidcRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db, config } = deps;
  const requireOidc = () => {
    if (!config.oidc) throw new AppError('not_found', { detail: 'Die Anmeldung über OpenID Connect ist nicht eingerichtet.' });
    return config.oidc;
  };

  app.get(
    '/auth/oidc/start',
    {
      config: { permission: 'public', public: true },
      schema: { tags: TAGS, summary: 'Anmeldung über den Identitätsanbieter beginnen', security: [], querystring: OidcStartQuery, response: { 302: Redirect } },
    },
    async (request, reply) => {
      const started = await startOidcLogin(db, requireOidc(), request.query.tenant);
      if (!started) return reply.redirect('/anmelden?fehler=kommune_unbekannt', 302);
      reply.setCookie(OIDC_STATE_COOKIE, started.state, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.secureCookies,
        path: COOKIE_PATH,
        maxAge: 600,
      });
      return reply.redirect(started.url, 302);
    },
  );

  app.get(
    '/auth/oidc/callback',
    {
      config: { permission: 'public', public: true },
      schema: { tags: TAGS, summary: 'Rückkehr vom Identitätsanbieter', security: [], querystring: OidcCallbackQuery, response: { 302: Redirect } },
    },
    async (request, reply) => {
      const oidc = requireOidc();
      const outcome = await completeOidcLogin(db, oidc, callbackUrlOf(oidc.redirectUri, request.url), request.cookies[OIDC_STATE_COOKIE]);
      reply.clearCookie(OIDC_STATE_COOKIE, { path: COOKIE_PATH });
      if (!outcome.ok) {
        request.log.info({ reason: outcome.reason, internal: outcome.internal }, 'oidc sign-in refused');
        return reply.redirect(`/anmelden?fehler=${outcome.reason}`, 302);
      }
      const session = await createUserSession(db, outcome.tenantId, outcome.userId, config.sessionTtlHours);
      setSessionCookie(reply, config, session);
      return reply.redirect('/', 302);
    },
  );
}
