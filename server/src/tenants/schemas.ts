import { Type, type Static } from '@sinclair/typebox';
import { RoleSchema } from '../auth/schemas.js';
import { UUID_PATTERN } from '../shared/ids.js';

const Uuid = Type.String({ format: 'uuid' });
const UuidInput = Type.String({ pattern: UUID_PATTERN });
const DateTime = Type.String({ format: 'date-time' });

export const IdParams = Type.Object({ id: UuidInput });

// Users ---------------------------------------------------------------------------------------------
export const AdminUser = Type.Object({
  id: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(RoleSchema),
  orgUnitIds: Type.Array(Uuid),
  active: Type.Boolean(),
  status: Type.Union([Type.Literal('active'), Type.Literal('invited'), Type.Literal('inactive')]),
  createdAt: DateTime,
  rolesFromIdp: Type.Boolean({ description: 'Rollen und Organisationseinheiten verwaltet der Identitätsanbieter (hier nur lesbar)' }),
});
export type AdminUser = Static<typeof AdminUser>;

export const InviteUserBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 320 }),
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    roles: Type.Array(RoleSchema, { minItems: 1, maxItems: 4, description: 'admin, intake (Poststelle), caseworker, reader' }),
    orgUnitIds: Type.Optional(Type.Array(UuidInput, { maxItems: 200, description: 'Leer: alle Organisationseinheiten' })),
  },
  { additionalProperties: false },
);
export type InviteUserBody = Static<typeof InviteUserBody>;

export const InvitedUser = Type.Object({
  user: AdminUser,
  inviteLink: Type.String({ description: 'Einmaliger Link zum Setzen des Passworts (7 Tage gültig)' }),
});

export const UpdateUserBody = Type.Object(
  {
    roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, maxItems: 4 })),
    orgUnitIds: Type.Optional(Type.Array(UuidInput, { maxItems: 200 })),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UpdateUserBody = Static<typeof UpdateUserBody>;

// Org units -----------------------------------------------------------------------------------------
export const OrgUnit = Type.Object({ id: Uuid, name: Type.String(), shortCode: Type.String(), createdAt: DateTime });
export type OrgUnit = Static<typeof OrgUnit>;
const ShortCode = Type.String({ pattern: '^[A-Za-z0-9]{1,16}$', description: 'Kürzel, z. B. „OA“ (erscheint in Vorgangsnummern)' });
export const NewOrgUnitBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), shortCode: ShortCode },
  { additionalProperties: false },
);
export const UpdateOrgUnitBody = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), shortCode: Type.Optional(ShortCode) },
  { additionalProperties: false },
);

// Services ------------------------------------------------------------------------------------------
export const AdminService = Type.Object({
  id: Uuid,
  leikaKey: Type.String(),
  name: Type.String(),
  orgUnit: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  createdAt: DateTime,
});
export type AdminService = Static<typeof AdminService>;
const LeikaKey = Type.String({ minLength: 1, maxLength: 32, description: 'LeiKa-Schlüssel: 14 Ziffern, z. B. 99050012104000' });
export const NewServiceBody = Type.Object(
  { leikaKey: LeikaKey, name: Type.String({ minLength: 1, maxLength: 300 }), orgUnitId: UuidInput },
  { additionalProperties: false },
);
export const UpdateServiceBody = Type.Object(
  {
    leikaKey: Type.Optional(LeikaKey),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    orgUnitId: Type.Optional(UuidInput),
  },
  { additionalProperties: false },
);

// Directory for every signed-in user ----------------------------------------------------------------
export const Colleagues = Type.Object({ items: Type.Array(Type.Object({ id: Uuid, displayName: Type.String() })) });
export const OrgUnitDirectory = Type.Object({ items: Type.Array(Type.Object({ id: Uuid, name: Type.String(), shortCode: Type.String() })) });
export const ServiceDirectory = Type.Object({
  items: Type.Array(Type.Object({ id: Uuid, name: Type.String(), leikaKey: Type.String(), orgUnitId: Type.Union([Uuid, Type.Null()]) })),
});
