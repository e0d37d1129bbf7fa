import { Type, type Static } from '@sinclair/typebox';
import { RoleSchema } from '../schemas.js';

export const SignInOptions = Type.Object({
  oidcProvider: Type.Union([Type.String(), Type.Null()], { description: 'Name des Anbieters für „Mit … anmelden“; null: keine Anmeldung über OIDC' }),
  passwordLogin: Type.Boolean({ description: 'Anmeldung mit Passwort möglich' }),
});

const RoleSource = Type.Union([Type.Literal('idp'), Type.Literal('local')], {
  description: 'idp: Rollen kommen bei jeder Anmeldung aus den Gruppen; local: Gruppen legen nur die Startrollen fest, danach pflegt die Verwaltung sie hier',
});

export const StaffOidcSettings = Type.Object({
  configured: Type.Boolean(),
  platformAvailable: Type.Boolean({ description: 'Der Betrieb stellt einen landesweiten Anbieter (Realm) bereit' }),
  displayName: Type.String(),
  usePlatform: Type.Boolean(),
  issuer: Type.Union([Type.String(), Type.Null()]),
  clientId: Type.Union([Type.String(), Type.Null()]),
  hasClientSecret: Type.Boolean(),
  scopes: Type.String(),
  groupsClaim: Type.String(),
  roleSource: RoleSource,
  passwordLogin: Type.Boolean(),
  enabled: Type.Boolean(),
  redirectUri: Type.String({ description: 'Beim Anbieter einzutragende Rückkehradresse' }),
});
export type StaffOidcSettings = Static<typeof StaffOidcSettings>;

export const StaffOidcSettingsBody = Type.Object({
  displayName: Type.String({ minLength: 1, maxLength: 60 }),
  usePlatform: Type.Boolean(),
  issuer: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  clientId: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  clientSecret: Type.Optional(Type.String({ maxLength: 500, description: 'Nur angeben, um es zu setzen oder zu ändern; leer: unverändert' })),
  scopes: Type.String({ minLength: 6, maxLength: 300 }),
  groupsClaim: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:/-]+$' }),
  roleSource: RoleSource,
  passwordLogin: Type.Boolean(),
  enabled: Type.Boolean(),
}, { additionalProperties: false });
export type StaffOidcSettingsBody = Static<typeof StaffOidcSettingsBody>;

const RoleName = RoleSchema;

export const StaffOidcMapping = Type.Object({
  id: Type.String({ format: 'uuid' }),
  groupValue: Type.String(),
  role: Type.Union([RoleName, Type.Null()]),
  orgUnitId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
});
export type StaffOidcMapping = Static<typeof StaffOidcMapping>;

export const StaffOidcMappingBody = Type.Object({
  groupValue: Type.String({ minLength: 1, maxLength: 200 }),
  role: Type.Optional(Type.Union([RoleName, Type.Null()])),
  orgUnitId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
}, { additionalProperties: false });
export type StaffOidcMappingBody = Static<typeof StaffOidcMappingBody>;
