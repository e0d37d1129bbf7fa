import type { AppDeps, AppInstance } from '../http/app-types.js';
import { AppError } from '../shared/errors.js';
import { CSRF_HEADER, SESSION_COOKIE, resolveSession } from './sessions.js';
import { PLATFORM_TOKEN_PREFIX, resolveApiToken } from './api-tokens.js';
import { CLIENT_ACCESS_TOKEN_PREFIX, resolveClientAccessToken } from './client-tokens.js';
import { loginRoutes } from './login.routes.js';
import { operatorRoutes } from './operator.routes.js';
import { oidcRoutes } from './oidc.routes.js';
import { apiTokenRoutes } from './api-token.routes.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without signing in; a stale session cookie is then ignored instead of refused. */
    public?: boolean;
    /** false: no CSRF header needed (sign-in forms, whose credentials are the proof themselves). */
    csrf?: boolean;
    /** The route checks its own bearer token (not an API token), e.g. /metrics with AMTSDESK_METRICS_TOKEN. */
    ownBearer?: boolean;
    /** An intake submission route: its sender hook resolves platform intake tokens (intake/sender-hook.ts). */
    intakeSender?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const PLATFORM_TOKEN_ELSEWHERE = 'Ein plattformweiter Eingangs-Zugang gilt nur für das Einreichen von Anträgen (/antrag, /api/intake/…). Für diese Schnittstelle brauchen Sie einen API-Schlüssel der Kommune.';

export const SESSION_EXPIRED_DETAIL = 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an – Ihre Eingaben bleiben erhalten.';

/**
 * Resolves the request's principal from a bearer API token or the session cookie. Cookie-borne
 * requests that change state must echo the session's CSRF token in a header (a cross-site form
 * cannot read it); bearer tokens are not sent automatically by browsers and need no such check.
 * A session cookie that no longer resolves (expired, signed out, account deactivated) is answered
 * with 401 and a message the web app shows while it keeps the user's input.
 */
export async function installAuthentication(app: AppInstance, deps: AppDeps): Promise<void> {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    // A route that checks its own bearer token (e.g. /metrics with the operators' metrics token).
    if (request.routeOptions.config?.ownBearer) return;
    if (header?.startsWith('Bearer ')) {
      const token = header.slice(7).trim();
      // A platform intake token is no principal: the intake routes' sender hook resolves it there.
      if (token.startsWith(PLATFORM_TOKEN_PREFIX)) {
        if (request.routeOptions.config?.intakeSender) return;
        throw new AppError('unauthenticated', { detail: PLATFORM_TOKEN_ELSEWHERE });
      }
      if (token.startsWith(CLIENT_ACCESS_TOKEN_PREFIX)) {
        const client = await resolveClientAccessToken(deps.db, token);
        if (!client) throw new AppError('unauthenticated', { detail: 'Das Zugriffstoken ist ungültig oder abgelaufen. Bitte holen Sie ein neues (POST /api/oauth/token).' });
        request.principal = client;
        return;
      }
      const principal = await resolveApiToken(deps.db, token);
      if (!principal) throw new AppError('unauthenticated', { detail: 'Der API-Schlüssel ist ungültig oder widerrufen.' });
      request.principal = principal;
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const routeConfig = request.routeOptions.config ?? {};
    const principal = await resolveSession(deps.db, token);
    if (!principal) {
      if (request.url.startsWith('/api/') && !routeConfig.public) {
        throw new AppError('unauthenticated', { detail: SESSION_EXPIRED_DETAIL, extra: { reason: 'session_expired' } });
      }
      return;
    }
    if (!SAFE_METHODS.has(request.method) && routeConfig.csrf !== false && request.headers[CSRF_HEADER] !== principal.csrfToken) {
      throw new AppError('csrf_failed');
    }
    request.principal = principal;
  });
}

export async function authRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  await loginRoutes(app, deps);
  await operatorRoutes(app, deps);
  await oidcRoutes(app, deps);
  await apiTokenRoutes(app, deps);
}
