import type { AppDeps, AppInstance } from '../http/app-types.js';
import { AppError } from '../shared/errors.js';
import { CSRF_HEADER, SESSION_COOKIE, resolveSession } from './sessions.js';
import { resolveApiToken } from './api-tokens.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the request's principal from a bearer API token or the session cookie. Cookie-borne
 * requests that change state must echo the session's CSRF token in a header (a cross-site form
 * cannot read it); bearer tokens are not sent automatically by browsers and need no such check.
 */
export async function installAuthentication(app: AppInstance, deps: AppDeps): Promise<void> {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      const principal = await resolveApiToken(deps.db, header.slice(7).trim());
      if (!principal) throw new AppError('unauthenticated', { detail: 'Der API-Schlüssel ist ungültig oder widerrufen.' });
      request.principal = principal;
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const principal = await resolveSession(deps.db, token);
    if (!principal) return;
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== principal.csrfToken) {
      throw new AppError('csrf_failed');
    }
    request.principal = principal;
  });
}

export async function authRoutes(_app: AppInstance, _deps: AppDeps): Promise<void> {}
