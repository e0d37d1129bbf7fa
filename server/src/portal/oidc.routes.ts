import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { callbackUrlOf } from '../auth/oidc-code-flow.js';
import { OidcCallbackQuery, OidcStartQuery } from '../auth/schemas.js';
import { AppError } from '../shared/errors.js';
import { completePortalOidc, startPortalOidc } from './oidc.service.js';
import { setPortalCookie } from './sessions.js';

const tags = ['Bürgerportal'];
// The portal authenticates itself; staff cookies and staff CSRF play no part.
const open = { permission: 'public', public: true, csrf: false } as const;
/** Binds the started sign-in to this browser: the callback must come back with the same state. */
export const PORTAL_OIDC_STATE_COOKIE = 'amtsdesk_portal_oidc';
const COOKIE_PATH = '/api/portal/oidc';
/** Every failure ends on the sign-in page with the same neutral message: nothing about why, or about cases. */
export const PORTAL_OIDC_FAILED = '/portal?fehler=servicekonto';
const Redirect = Type.Null({ description: 'Weiterleitung (Location-Kopfzeile)' });

/** Applicants' sign-in with a user-account service (BundID, BayernID, Servicekonto) over OpenID Connect. */
export async function portalOidcRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db, config } = deps;
  const requireOidc = () => {
    if (!config.portalOidc) throw new AppError('not_found', { detail: 'Die Anmeldung mit einem Servicekonto ist nicht eingerichtet.' });
    return config.portalOidc;
  };

  app.get('/portal/auth/config', {
    config: open,
    schema: { tags, security: [], summary: 'Verfügbare Anmeldeverfahren des Bürgerportals', response: { 200: Type.Object({ oidcEnabled: Type.Boolean() }) } },
  }, async () => ({ oidcEnabled: Boolean(config.portalOidc) }));

  app.get('/portal/oidc/start', {
    config: open,
    schema: { tags, security: [], summary: 'Anmeldung mit dem Servicekonto beginnen (Kommune per Kürzel)', querystring: OidcStartQuery, response: { 302: Redirect } },
  }, async (request, reply) => {
    const started = await startPortalOidc(db, requireOidc(), request.query.tenant);
    if (!started) return reply.redirect(PORTAL_OIDC_FAILED, 302);
    reply.setCookie(PORTAL_OIDC_STATE_COOKIE, started.state, { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: COOKIE_PATH, maxAge: 600 });
    return reply.redirect(started.url, 302);
  });

  app.get('/portal/oidc/callback', {
    config: open,
    schema: { tags, security: [], summary: 'Rückkehr vom Servicekonto', querystring: OidcCallbackQuery, response: { 302: Redirect } },
  }, async (request, reply) => {
    const oidc = requireOidc();
    const outcome = await completePortalOidc(db, oidc, callbackUrlOf(oidc.redirectUri, request.url), request.cookies[PORTAL_OIDC_STATE_COOKIE]);
    reply.clearCookie(PORTAL_OIDC_STATE_COOKIE, { path: COOKIE_PATH });
    if (!outcome.ok) {
      request.log.info({ internal: outcome.internal }, 'portal oidc sign-in refused');
      return reply.redirect(PORTAL_OIDC_FAILED, 302);
    }
    setPortalCookie(reply, config, outcome.token, outcome.expiresAt);
    return reply.redirect('/portal', 302);
  });
}
