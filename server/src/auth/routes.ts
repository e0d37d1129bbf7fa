import type { AppDeps, AppInstance } from '../http/app-types.js';

/** Resolves the request's principal from session cookie or bearer token. */
export async function installAuthentication(app: AppInstance, _deps: AppDeps): Promise<void> {
  app.decorateRequest('principal', null);
}

export async function authRoutes(_app: AppInstance, _deps: AppDeps): Promise<void> {}
