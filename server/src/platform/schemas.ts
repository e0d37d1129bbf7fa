import { Type, type Static } from '@sinclair/typebox';
import { TENANT_KINDS } from '../tenants/provision.js';

export const NewTenantBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'Name der Kommune, z. B. „Stadt Musterstadt“' }),
    kind: Type.Union(TENANT_KINDS.map((k) => Type.Literal(k)), { description: 'Art der Körperschaft' }),
    ags: Type.String({ pattern: '^[0-9]{8}$', description: 'Amtlicher Gemeindeschlüssel (8 Ziffern)' }),
    adminEmail: Type.String({ minLength: 3, maxLength: 320, description: 'E-Mail-Adresse der ersten Administration' }),
    adminName: Type.String({ minLength: 1, maxLength: 200, description: 'Name der ersten Administration' }),
    slug: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,47}$', description: 'URL-Kürzel; ohne Angabe aus dem Namen gebildet' })),
  },
  { additionalProperties: false },
);
export type NewTenantBody = Static<typeof NewTenantBody>;

export const ProvisionedTenant = Type.Object({
  tenantId: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  inviteLink: Type.String({ description: 'Einmaliger Link für die erste Anmeldung der Administration (7 Tage gültig)' }),
});

export const TenantSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  ags: Type.String(),
  status: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type TenantSummary = Static<typeof TenantSummary>;

export const TenantList = Type.Object({ items: Type.Array(TenantSummary) });
