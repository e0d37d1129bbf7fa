import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { createUserSession } from './sessions.js';
import { setSessionCookie } from './cookies.js';
import { callbackUrlOf } from './oidc-code-flow.js';
import { completeOidcLogin, startOidcLogin } from './oidc.service.js';
import { OidcCallbackQuery, OidcStartQuery } from './schemas.js';
import { signInOptions, staffRedirectUri } from './staff-oidc/provider.js';
import { SignInOptions } from './staff-oidc/schemas.js';

const TAGS = ['Anmeldung'];
/** Binds the started sign-in to this browser: the callback must come back with the same state. */
export const OIDC_STATE_COOKIE = 'amtsdesk_oidc';
const COOKIE_PATH = '/api/auth/oidc';
const Redirect = Type.Null({ description: 'Weiterleitung (Location-Kopfzeile)' });

export async function oidcRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db, config } = deps;

  app.get(
    '/auth/oidc/options',
    {
      config: { permission: 'public', public: true },
      schema: {
        tags: TAGS, summary: 'Anmeldeverfahren einer Kommune (Anbieter für „Mit … anmelden“, Passwort erlaubt?)', security: [],
        querystring: OidcStartQuery, response: { 200: SignInOptions },
      },
    },
    async (request) => signInOptions(db, config, request.query.tenant),
  );

  app.get(
    '/auth/oidc/start',
    {
      config: { permission: 'public', public: true },
      schema: { tags: TAGS, summary: 'Anmeldung über den Identitätsanbieter beginnen', security: [], querystring: OidcStartQuery, response: { 302: Redirect } },
    },
    async (request, reply) => {
      const started = await startOidcLogin(db, config, request.query.tenant);
      // An unknown tenant, or one without a provider (neither its own nor the installation's).
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
      const outcome = await completeOidcLogin(db, config, callbackUrlOf(staffRedirectUri(config), request.url), request.cookies[OIDC_STATE_COOKIE]);
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
