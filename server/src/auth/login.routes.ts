import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import type { AppConfig } from '../config.js';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { AppError } from '../shared/errors.js';
import { requireTenantPrincipal, type Principal, type UserPrincipal } from './principal.js';
import { SESSION_COOKIE, deleteSession } from './sessions.js';
import { clearSessionCookie, setSessionCookie } from './cookies.js';
import { guardClient, guardSignIn } from './rate-limit.js';
import { acceptInvite, loadMe, loginWithPassword, searchTenants } from './login.service.js';
import { AuthConfig, InviteAcceptBody, LoginBody, Me, PasswordChangeBody, PUBLIC, SIGNED_IN, TenantDirectory, TenantSearchQuery } from './schemas.js';
import { changePassword } from './password-change.js';

const TAGS = ['Anmeldung'];

export const signInLimits = (config: AppConfig) => ({ perAccount: config.rateLimits.loginPerAccount, perClient: config.rateLimits.loginPerClient });

export function requireUser(principal: Principal | null | undefined): UserPrincipal {
  const p = requireTenantPrincipal(principal);
  if (p.kind !== 'user') throw new AppError('forbidden', { detail: 'Diese Funktion steht nur angemeldeten Personen zur Verfügung.' });
  return p;
}

/** Signing in again replaces the browser's current session instead of leaving it behind. */
export async function endCurrentSession(request: FastifyRequest, db: Database): Promise<void> {
  const token = request.cookies[SESSION_COOKIE];
  const principal = request.principal;
  if (token && principal && principal.kind !== 'token') {
    await deleteSession(db, token, principal.kind === 'user' ? principal.tenantId : null);
  }
}

export async function loginRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db, config } = deps;

  app.post(
    '/auth/login',
    {
      config: { permission: 'public', public: true, csrf: false },
      schema: { tags: TAGS, summary: 'Anmelden mit E-Mail-Adresse und Passwort', security: PUBLIC, body: LoginBody, response: { 200: Me } },
    },
    async (request, reply) => {
      const { tenant, email } = request.body;
      const result = await guardSignIn(db, signInLimits(config), { scope: 'staff-login', account: `${tenant}|${email}`, client: request.ip }, () =>
        loginWithPassword(db, request.body, config.sessionTtlHours, config));
      await endCurrentSession(request, db);
      setSessionCookie(reply, config, result.session);
      return { ...(await loadMe(db, result.tenantId, result.userId)), csrfToken: result.session.csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { permission: 'public', public: true },
      schema: { tags: TAGS, summary: 'Abmelden (beendet die Sitzung)', security: SIGNED_IN, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await endCurrentSession(request, db);
      clearSessionCookie(reply, config);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    { config: { permission: 'signed-in' }, schema: { tags: TAGS, summary: 'Die angemeldete Person', security: SIGNED_IN, response: { 200: Me } } },
    async (request) => {
      const user = requireUser(request.principal);
      return { ...(await loadMe(db, user.tenantId, user.userId)), csrfToken: user.csrfToken };
    },
  );

  app.get(
    '/auth/config',
    { config: { permission: 'public', public: true }, schema: { tags: TAGS, summary: 'Verfügbare Anmeldeverfahren', security: PUBLIC, response: { 200: AuthConfig } } },
    async () => ({ oidcEnabled: Boolean(config.oidc) }),
  );

  app.get(
    '/auth/tenants',
    {
      config: { permission: 'public', public: true },
      schema: {
        tags: TAGS,
        summary: 'Kommunen für die Anmeldeseite suchen (Name oder Kürzel, höchstens 20)',
        security: PUBLIC,
        querystring: TenantSearchQuery,
        response: { 200: TenantDirectory },
      },
    },
    async (request) => ({ items: await searchTenants(db, request.query.q) }),
  );

  app.post(
    '/auth/invite/accept',
    {
      config: { permission: 'public', public: true, csrf: false },
      schema: {
        tags: TAGS,
        summary: 'Einladung annehmen: Passwort setzen und anmelden (Link nur einmal gültig)',
        security: PUBLIC,
        body: InviteAcceptBody,
        response: { 200: Me },
      },
    },
    async (request, reply) => {
      // Invitation tokens cannot be guessed, but each attempt hashes a password: bounded per client.
      await guardClient(db, 'invite-client', request.ip, config.rateLimits.loginPerClient);
      const result = await acceptInvite(db, request.body, config.sessionTtlHours);
      await endCurrentSession(request, db);
      setSessionCookie(reply, config, result.session);
      return { ...(await loadMe(db, result.tenantId, result.userId)), csrfToken: result.session.csrfToken };
    },
  );

  app.post(
    '/auth/password',
    {
      config: { permission: 'signed-in' },
      schema: {
        tags: TAGS,
        summary: 'Eigenes Passwort ändern (beendet alle anderen Sitzungen)',
        security: [{ session: [] }],
        body: PasswordChangeBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const user = requireUser(request.principal);
      // Asking for the current password is a password check: limited like a sign-in.
      await guardSignIn(db, signInLimits(config), { scope: 'password-change', account: user.userId, client: request.ip }, () =>
        changePassword(db, user, request.body, request.cookies[SESSION_COOKIE]));
      return reply.status(204).send(null);
    },
  );
}
