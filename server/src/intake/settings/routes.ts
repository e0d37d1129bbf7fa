import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../../http/app-types.js';
import { requireTenantPrincipal } from '../../auth/principal.js';
import { withTenant } from '../../db/database.js';

const Settings = Type.Object(
  {
    notifyEmail: Type.Boolean({ description: 'Poststelle (Rolle intake) der Organisationseinheit per E-Mail über neue Vorgänge informieren' }),
    allowExecutables: Type.Boolean({ description: 'Ausführbare Dateien als Anlagen annehmen (nicht empfohlen)' }),
  },
  { additionalProperties: false },
);

/** A tenant's intake policy: e-mail notification of new cases and the executable-attachment rule. */
export async function intakeSettingsRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.get('/admin/intake-settings', { config: { permission: 'tenant.admin' }, schema: { tags: ['Verwaltung'], summary: 'Einstellungen des Antragseingangs', response: { 200: Settings } } }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    const row = await withTenant(deps.db, { tenantId: principal.tenantId }, (trx) =>
      trx.selectFrom('intake_settings').select(['notify_email', 'allow_executables']).where('tenant_id', '=', principal.tenantId).executeTakeFirst(),
    );
    return { notifyEmail: row?.notify_email ?? false, allowExecutables: row?.allow_executables ?? false };
  });

  app.put('/admin/intake-settings', { config: { permission: 'tenant.admin' }, schema: { tags: ['Verwaltung'], summary: 'Einstellungen des Antragseingangs ändern', body: Settings, response: { 200: Settings } } }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    const values = { notify_email: request.body.notifyEmail, allow_executables: request.body.allowExecutables, updated_at: new Date() };
    await withTenant(deps.db, { tenantId: principal.tenantId }, (trx) =>
      trx.insertInto('intake_settings').values({ tenant_id: principal.tenantId, ...values }).onConflict((oc) => oc.column('tenant_id').doUpdateSet(values)).execute(),
    );
    return request.body;
  });
}
