import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { actorOf, requireTenantPrincipal } from '../auth/principal.js';
import { SIGNED_IN } from '../auth/schemas.js';
import { AdminUser, IdParams, InvitedUser, InviteUserBody, UpdateUserBody } from './schemas.js';
import { inviteUser, listUsers, updateUser } from './users.service.js';
import { inviteLink, presentUser } from './presenter.js';

const TAGS = ['Verwaltung'];

export async function userAdminRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db, config } = deps;

  app.get(
    '/admin/users',
    { config: { permission: 'tenant.admin' }, schema: { tags: TAGS, summary: 'Personen der Kommune auflisten', security: SIGNED_IN, response: { 200: Type.Object({ items: Type.Array(AdminUser) }) } } },
    async (request) => {
      const admin = requireTenantPrincipal(request.principal);
      return { items: (await listUsers(db, admin.tenantId)).map(presentUser) };
    },
  );

  app.post(
    '/admin/users',
    { config: { permission: 'tenant.admin' },
      schema: {
        tags: TAGS,
        summary: 'Person einladen (liefert einen einmaligen Einladungslink)',
        security: SIGNED_IN,
        body: InviteUserBody,
        response: { 201: InvitedUser },
      },
    },
    async (request, reply) => {
      const admin = requireTenantPrincipal(request.principal);
      const { user, inviteToken } = await inviteUser(db, admin.tenantId, request.body, actorOf(admin));
      return reply.status(201).send({ user: presentUser(user), inviteLink: inviteLink(config.publicUrl, inviteToken) });
    },
  );

  app.patch(
    '/admin/users/:id',
    { config: { permission: 'tenant.admin' },
      schema: {
        tags: TAGS,
        summary: 'Rollen, Organisationseinheiten, Namen oder Aktivierung einer Person ändern',
        security: SIGNED_IN,
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: AdminUser },
      },
    },
    async (request) => {
      const admin = requireTenantPrincipal(request.principal);
      return presentUser(await updateUser(db, admin.tenantId, request.params.id, request.body, actorOf(admin)));
    },
  );
}
