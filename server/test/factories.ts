import type { Database } from '../src/db/database.js';
import { withTenant } from '../src/db/database.js';
import { provisionTenant, type TenantKind } from '../src/tenants/provision.js';
import { randomToken, uuidv7 } from '../src/shared/ids.js';
import type { Role, UserPrincipal } from '../src/auth/principal.js';

/** Factories create their parents automatically: a user without a tenant gets a fresh tenant. */

let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export interface TestTenant {
  id: string;
  slug: string;
  adminUserId: string;
  inviteToken: string;
}

export async function createTenant(db: Database, overrides: Partial<{ name: string; kind: TenantKind; ags: string; slug: string }> = {}): Promise<TestTenant> {
  const n = next();
  const result = await provisionTenant(
    db,
    {
      name: overrides.name ?? `Teststadt ${n}`,
      kind: overrides.kind ?? 'municipality',
      ags: overrides.ags ?? '01001000',
      slug: overrides.slug ?? `t-${n}`,
      adminEmail: `admin-${n}@example.org`,
      adminName: 'Erika Mustermann',
    },
    { kind: 'system', id: null, name: 'Test' },
  );
  return { id: result.tenantId, slug: result.slug, adminUserId: result.adminUserId, inviteToken: result.inviteToken };
}

export async function createOrgUnit(db: Database, options: { tenant?: TestTenant; name?: string; shortCode?: string } = {}) {
  const tenant = options.tenant ?? (await createTenant(db));
  const id = uuidv7();
  const shortCode = options.shortCode ?? `OU${next().toUpperCase().slice(-4)}`;
  await withTenant(db, { tenantId: tenant.id }, (trx) =>
    trx.insertInto('org_units').values({ id, tenant_id: tenant.id, name: options.name ?? 'Ordnungsamt', short_code: shortCode }).execute(),
  );
  return { id, tenant, shortCode };
}

export async function createService(db: Database, options: { tenant?: TestTenant; orgUnitId?: string; leikaKey?: string; name?: string } = {}) {
  const tenant = options.tenant ?? (await createTenant(db));
  const orgUnitId = options.orgUnitId ?? (await createOrgUnit(db, { tenant })).id;
  const id = uuidv7();
  const leikaKey = options.leikaKey ?? `99${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`;
  await withTenant(db, { tenantId: tenant.id }, (trx) =>
    trx
      .insertInto('services')
      .values({ id, tenant_id: tenant.id, leika_key: leikaKey, name: options.name ?? 'Hundesteuer Anmeldung', org_unit_id: orgUnitId })
      .execute(),
  );
  return { id, tenant, orgUnitId, leikaKey };
}

export async function createUser(
  db: Database,
  options: { tenant?: TestTenant; roles?: Role[]; email?: string; displayName?: string; passwordHash?: string | null; orgUnitIds?: string[] } = {},
) {
  const tenant = options.tenant ?? (await createTenant(db));
  const id = uuidv7();
  const email = options.email ?? `user-${next()}@example.org`;
  const displayName = options.displayName ?? 'Max Sachbearbeiter';
  const roles = options.roles ?? ['caseworker'];
  await withTenant(db, { tenantId: tenant.id }, (trx) =>
    trx
      .insertInto('users')
      .values({
        id,
        tenant_id: tenant.id,
        email,
        display_name: displayName,
        password_hash: options.passwordHash ?? null,
        oidc_subject: null,
        roles,
        org_unit_ids: options.orgUnitIds ?? [],
        invite_token_hash: null,
        invite_expires_at: null,
      })
      .execute(),
  );
  const principal: UserPrincipal = {
    kind: 'user',
    tenantId: tenant.id,
    userId: id,
    displayName,
    roles,
    orgUnitIds: options.orgUnitIds ?? [],
    csrfToken: randomToken(),
  };
  return { id, tenant, email, principal };
}

// Cases --------------------------------------------------------------------------------------------
import { createCase as createCaseInService, type NewCaseInput } from '../src/cases/service.js';

/** A case through the real createCase service; tenant, org unit and service are created when not given. */
export async function createCase(
  db: Database,
  options: Partial<NewCaseInput> & { tenant?: TestTenant } = {},
) {
  const tenant = options.tenant ?? (await createTenant(db));
  const serviceId = options.serviceId ?? (await createService(db, { tenant, orgUnitId: options.orgUnitId })).id;
  const { tenant: _t, ...rest } = options;
  const input: NewCaseInput = {
    applicant: { kind: 'person', firstName: 'Anna', lastName: 'Schmidt', address: { street: 'Hauptstraße', houseNumber: '1', postalCode: '24103', city: 'Kiel' } },
    formData: [{ name: 'hund', label: 'Angaben zum Hund', formItems: [{ name: 'rasse', label: 'Rasse', stringValue: 'Dackel' }] }],
    channel: 'test',
    ...rest,
    serviceId,
  };
  const created = await withTenant(db, { tenantId: tenant.id }, (trx) =>
    createCaseInService(trx, tenant.id, input, { kind: 'system', id: null, name: 'Test' }),
  );
  return { ...created, tenant, serviceId };
}
