import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { Principal } from '../principal.js';
import { PERMISSIONS, PLATFORM_PERMISSIONS, permissionsOf, type Permission } from './catalog.js';

/*
 * Every route says who may call it (route option `config.permission`), checked here in one
 * pre-handler (after validation, before the handler, as the hand-written checks were) and listed in
 * the OpenAPI document as `x-permission`. A route without a declaration fails route-access.test.ts.
 *
 * Besides a permission (or a list of which any one suffices) a route can be open to callers who
 * authenticate in their own way; the route's module checks those:
 *   'public'     anyone (sign-in, invitations, OIDC, the API description)
 *   'applicant'  the citizen portal's own session (portal/)
 *   'sender'     form systems: platform intake token or an API key with intake.submit (intake/sender-auth.ts)
 *   'webhook'    a partner system's signed callback (HMAC over the body, checked by the route)
 *   'signed-in'  any signed-in staff member or operator, about their own account (/auth/me, password)
 */
export const OPEN_ACCESS = ['public', 'applicant', 'sender', 'webhook', 'signed-in'] as const;
export type OpenAccess = (typeof OPEN_ACCESS)[number];
export type RouteAccess = Permission | readonly Permission[] | OpenAccess;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route; see server/src/auth/permissions/route-access.ts. */
    permission?: RouteAccess;
    /**
     * A registered Fachverfahren (client principal) may call this route. Deny by default: a client
     * reaches only the documented case operations, never statistics, views or administration.
     */
    fachverfahren?: boolean;
  }
}

const isOpen = (access: RouteAccess): access is OpenAccess => typeof access === 'string' && (OPEN_ACCESS as readonly string[]).includes(access);

/** Throws unless the request's principal holds the route's permission (or one of them). */
export function enforce(access: RouteAccess, principal: Principal | null, openToClients = false): void {
  if (principal?.kind === 'client' && !openToClients) {
    throw new AppError('forbidden', { detail: 'Diese Schnittstelle steht Fachverfahren nicht zur Verfügung.' });
  }
  if (isOpen(access)) {
    if (access === 'signed-in' && !principal) throw new AppError('unauthenticated');
    return;
  }
  const wanted: readonly Permission[] = typeof access === 'string' ? [access] : access;
  if (!principal) throw new AppError('unauthenticated');
  if (principal.kind === 'operator' && !wanted.some((p) => PLATFORM_PERMISSIONS.includes(p))) {
    // Operators run the platform but do not read municipal case content (sovereignty).
    throw new AppError('forbidden', { detail: 'Betreiberkonten haben keinen Zugriff auf Daten einer Kommune.' });
  }
  const held = permissionsOf(principal);
  if (!wanted.some((p) => held.has(p))) throw new AppError('forbidden');
}

export interface RouteRecord {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

const registries = new WeakMap<object, RouteRecord[]>();

/** Every route registered on this app with its declared access (for route-access.test.ts). */
export function declaredRoutes(app: FastifyInstance): readonly RouteRecord[] {
  return registries.get(app) ?? [];
}

function checkDeclaration(access: RouteAccess, url: string): void {
  const names = typeof access === 'string' ? [access] : access;
  for (const name of names) {
    if (!(PERMISSIONS as readonly string[]).includes(name) && !(OPEN_ACCESS as readonly string[]).includes(name)) {
      throw new Error(`Route ${url} declares an unknown permission „${name}“ (auth/permissions/catalog.ts)`);
    }
  }
}

/** Install before any route is registered: records, documents and enforces each route's permission. */
export function installRoutePermissions(app: FastifyInstance): void {
  const routes: RouteRecord[] = [];
  registries.set(app, routes);
  app.addHook('onRoute', (route: RouteOptions) => {
    const access = route.config?.permission;
    for (const method of [route.method].flat()) routes.push({ method: String(method), url: route.url, access });
    if (access === undefined) return;
    checkDeclaration(access, route.url);
    if (route.schema) route.schema = { ...route.schema, 'x-permission': access } as typeof route.schema;
    const openToClients = route.config?.fachverfahren === true;
    const check = async (request: FastifyRequest) => enforce(access, request.principal, openToClients);
    route.preHandler = [check, ...[route.preHandler ?? []].flat()] as RouteOptions['preHandler'];
  });
}
