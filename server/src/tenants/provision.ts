import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { withPlatform, withTenant } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { randomToken, sha256Hex, uuidv7 } from '../shared/ids.js';
import { appendEvent, genesisHash } from '../events/chain.js';
import type { Actor } from '../auth/principal.js';

export const TENANT_KINDS = ['municipality', 'city', 'district', 'office', 'ministry'] as const;
export type TenantKind = (typeof TENANT_KINDS)[number];

export interface ProvisionInput {
  name: string;
  kind: TenantKind;
  /** Amtlicher Gemeindeschlüssel: 8 digits. */
  ags: string;
  slug?: string;
  adminEmail: string;
  adminName: string;
}

export interface ProvisionResult {
  tenantId: string;
  slug: string;
  adminUserId: string;
  /** One-time token for the admin's first login (sets the password); valid 7 days. */
  inviteToken: string;
}

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
}

export function validateProvisionInput(input: ProvisionInput): void {
  if (!input.name?.trim()) throw new AppError('validation_failed', { field: 'name', detail: 'Der Name der Kommune fehlt.' });
  if (!(TENANT_KINDS as readonly string[]).includes(input.kind)) {
    throw new AppError('validation_failed', { field: 'kind', detail: `Die Art der Körperschaft ist unbekannt (erlaubt: ${TENANT_KINDS.join(', ')}).` });
  }
  if (!/^\d{8}$/.test(input.ags)) throw new AppError('validation_failed', { field: 'ags', detail: 'Der Gemeindeschlüssel (AGS) muss aus 8 Ziffern bestehen.' });
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.adminEmail)) {
    throw new AppError('validation_failed', { field: 'adminEmail', detail: 'Die E-Mail-Adresse der Administration ist ungültig.' });
  }
  if (!input.adminName?.trim()) throw new AppError('validation_failed', { field: 'adminName', detail: 'Der Name der Administration fehlt.' });
  if (input.slug !== undefined && !/^[a-z0-9][a-z0-9-]{1,47}$/.test(input.slug)) {
    throw new AppError('validation_failed', { field: 'slug', detail: 'Das Kürzel darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten.' });
  }
}

/**
 * Creates a tenant with its admin in one transaction: either all of it exists afterwards or nothing.
 * `at` back-dates the history's first event (only the demo, whose history starts months ago).
 */
export async function provisionTenant(db: Database, input: ProvisionInput, actor: Actor, options: { at?: Date } = {}): Promise<ProvisionResult> {
  validateProvisionInput(input);
  const slug = input.slug ?? slugify(input.name);
  if (!slug) throw new AppError('validation_failed', { field: 'slug', detail: 'Aus dem Namen lässt sich kein Kürzel bilden.' });
  const tenantId = uuidv7();
  const adminUserId = uuidv7();
  const inviteToken = randomToken();
  return withPlatform(db, async (trx) => {
    const taken = await trx.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst();
    if (taken) throw new AppError('duplicate', { field: 'slug', detail: `Das Kürzel „${slug}“ ist bereits vergeben.` });
    await trx.insertInto('tenants').values({ id: tenantId, slug, name: input.name.trim(), kind: input.kind, ags: input.ags }).execute();
    await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
    await trx.insertInto('event_chain_heads').values({ tenant_id: tenantId, last_seq: 0, last_hash: genesisHash(tenantId) }).execute();
    await trx
      .insertInto('users')
      .values({
        id: adminUserId,
        tenant_id: tenantId,
        email: input.adminEmail.trim().toLowerCase(),
        display_name: input.adminName.trim(),
        password_hash: null,
        oidc_subject: null,
        roles: ['admin'],
        invite_token_hash: sha256Hex(inviteToken),
        invite_expires_at: new Date(Date.now() + 7 * 24 * 3600 * 1000),
      })
      .execute();
    await appendEvent(trx, tenantId, { caseId: null, type: 'tenant.provisioned', actor, occurredAt: options.at, data: { name: input.name, kind: input.kind, ags: input.ags, slug } });
    return { tenantId, slug, adminUserId, inviteToken };
  });
}

export async function findTenantBySlug(db: Database, slug: string) {
  return withPlatform(db, (trx) => trx.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst());
}

export async function listTenants(db: Database) {
  return withPlatform(db, (trx) => trx.selectFrom('tenants').selectAll().orderBy('name').execute());
}

export { withTenant };
