import { withTenant, type Database } from '../db/database.js';
import type { AppConfig } from '../config.js';
import { assertOutboundUrl } from '../shared/outbound/index.js';
import type { MailboxSettingsBody } from './schemas.js';

async function present(db: Database, tenantId: string, publicUrl: string) {
  return withTenant(db, { tenantId }, async (trx) => {
    const row = await trx.selectFrom('mailbox_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
    const tenant = await trx.selectFrom('tenants').select('slug').where('id', '=', tenantId).executeTakeFirstOrThrow();
    return {
      externalBaseUrl: row?.external_base_url ?? null,
      hasToken: !!row?.external_token,
      hasWebhookSecret: !!row?.webhook_secret,
      webhookUrl: `${publicUrl.replace(/\/+$/, '')}/api/mailbox/external/replies?tenant=${encodeURIComponent(tenant.slug)}`,
    };
  });
}

export const getMailboxSettings = present;

/** Sets (or with externalBaseUrl null removes) the tenant's external mailbox service. Secrets are never read back. */
export async function putMailboxSettings(db: Database, tenantId: string, body: MailboxSettingsBody, config: Pick<AppConfig, 'publicUrl' | 'outbound'>) {
  const publicUrl = config.publicUrl;
  if (body.externalBaseUrl !== null) {
    assertOutboundUrl(body.externalBaseUrl, config.outbound, { field: 'externalBaseUrl', label: 'Die Adresse des Postfachdienstes' });
  }
  await withTenant(db, { tenantId }, async (trx) => {
    const values = {
      external_base_url: body.externalBaseUrl,
      ...(body.token !== undefined ? { external_token: body.token } : {}),
      ...(body.webhookSecret !== undefined ? { webhook_secret: body.webhookSecret } : {}),
      updated_at: new Date(),
    };
    await trx
      .insertInto('mailbox_settings')
      .values({ tenant_id: tenantId, external_token: null, webhook_secret: null, poll_cursor: null, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
  });
  return present(db, tenantId, publicUrl);
}
