import { Type, type Static, type TLiteral, type TUnion } from '@sinclair/typebox';
import { PERMISSIONS, ROLES, SCOPES } from './permissions/catalog.js';

/** A union of string literals that keeps its literal types (a plain Array.map would widen them). */
export function literalUnion<const T extends readonly string[]>(values: T): TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }> {
  return Type.Union(values.map((v) => Type.Literal(v))) as never;
}
export const RoleSchema = literalUnion(ROLES);
export const ScopeSchema = literalUnion(SCOPES);
export const PermissionSchema = literalUnion(PERMISSIONS);
export type SecurityRequirements = { [scheme: string]: string[] }[];
export const SIGNED_IN: SecurityRequirements = [{ session: [] }, { bearer: [] }];
export const PUBLIC: SecurityRequirements = [];

export const LoginBody = Type.Object(
  {
    tenant: Type.String({ minLength: 1, maxLength: 100, description: 'URL-Kürzel der Kommune' }),
    email: Type.String({ minLength: 1, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const Me = Type.Object({
  user: Type.Object({
    id: Type.String({ format: 'uuid' }),
    displayName: Type.String(),
    email: Type.String(),
    roles: Type.Array(RoleSchema),
    orgUnitIds: Type.Array(Type.String({ format: 'uuid' }), { description: 'Leer bedeutet: alle Organisationseinheiten' }),
  }),
  tenant: Type.Object({ id: Type.String({ format: 'uuid' }), slug: Type.String(), name: Type.String() }),
  permissions: Type.Array(PermissionSchema, { description: 'Was die angemeldete Person in dieser Kommune darf (aus ihren Rollen)' }),
  csrfToken: Type.String({ description: 'Bei schreibenden Anfragen als Kopfzeile x-csrf-token mitsenden' }),
});
export type Me = Static<typeof Me>;

export const AuthConfig = Type.Object({ oidcEnabled: Type.Boolean() });

export const TenantSearchQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 100 })) },
  { additionalProperties: false },
);
export const TenantDirectory = Type.Object({
  items: Type.Array(Type.Object({ slug: Type.String(), name: Type.String() })),
});

export const InviteAcceptBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type InviteAcceptBody = Static<typeof InviteAcceptBody>;

export const OperatorLoginBody = Type.Object(
  { email: Type.String({ minLength: 1, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
export type OperatorLoginBody = Static<typeof OperatorLoginBody>;

export const OperatorMe = Type.Object({
  operator: Type.Object({ id: Type.String({ format: 'uuid' }), displayName: Type.String(), email: Type.String() }),
  csrfToken: Type.String(),
});
export type OperatorMe = Static<typeof OperatorMe>;

export const OidcStartQuery = Type.Object({ tenant: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export const OidcCallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.String()),
    state: Type.Optional(Type.String()),
    error: Type.Optional(Type.String()),
    error_description: Type.Optional(Type.String()),
    iss: Type.Optional(Type.String()),
    session_state: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

export const PasswordChangeBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 1024, description: 'Das bisherige Passwort' }),
    newPassword: Type.String({ minLength: 1, maxLength: 1024, description: 'Mindestens 12 Zeichen, nicht auf der Liste häufiger Passwörter' }),
  },
  { additionalProperties: false },
);
export type PasswordChangeBody = Static<typeof PasswordChangeBody>;
