import type { AppDeps, AppInstance } from '../../http/app-types.js';
import { requireTenantPrincipal } from '../../auth/principal.js';
import { PostfachChannelParams, PostfachSettingsBodySchema, PostfachSettingsListSchema, PostfachSettingsSchema } from './schemas.js';
import { channelParam, listPostfachSettings, putPostfachSettings } from './settings.js';

const tags = ['Nachrichten'];
const security: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];

/** Tenant admin: the Postfach adapters (BundID/ZBP, OSI, BayernID, MUK) of the own municipality. */
export async function postfachSettingsRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.get('/mailbox/postfach', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Postfachdienste der Kommune (BundID/ZBP, OSI, BayernID, Mein Unternehmenskonto)', response: { 200: PostfachSettingsListSchema } },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    return listPostfachSettings(deps.db, principal.tenantId);
  });

  app.put('/mailbox/postfach/:channel', {
    config: { permission: 'tenant.admin' },
    schema: {
      tags, security, summary: 'Einen Postfachdienst einrichten (Geheimnisse werden nie zurückgegeben)',
      params: PostfachChannelParams, body: PostfachSettingsBodySchema, response: { 200: PostfachSettingsSchema },
    },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    return putPostfachSettings(deps.db, principal.tenantId, channelParam(request.params.channel), request.body, deps.config);
  });
}
