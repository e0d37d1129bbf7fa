import { Type, type Static } from '@sinclair/typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Url = Type.Optional(Nullable(Type.String({ maxLength: 500 })));
const Pem = (description: string) => Type.Optional(Nullable(Type.String({ maxLength: 20_000, description })));

export const PostfachSettingsBodySchema = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  mode: Type.Optional(Nullable(Type.String({ maxLength: 20, description: 'bundid: rest | fit_connect; osi, bayernid, muk: gateway' }))),
  baseUrl: Url,
  tokenUrl: Url,
  destinationUrl: Url,
  destinationId: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  clientId: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  clientSecret: Type.Optional(Nullable(Type.String({ maxLength: 2000, description: 'wird nie zurückgegeben' }))),
  signingKey: Pem('privater Schlüssel (PEM); wird nie zurückgegeben'),
  certificate: Pem('Zertifikat zum Schlüssel (PEM)'),
  tlsCa: Pem('CA-Zertifikat des Dienstes (PEM), falls nicht öffentlich vertraut'),
  senderName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  replyAddress: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
  statusMonitor: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type PostfachSettingsBody = Static<typeof PostfachSettingsBodySchema>;

const NullableString = Type.Union([Type.String(), Type.Null()]);
export const PostfachSettingsSchema = Type.Object({
  channel: Type.String(), label: Type.String(), enabled: Type.Boolean(), mode: NullableString,
  baseUrl: NullableString, tokenUrl: NullableString, destinationUrl: NullableString, destinationId: NullableString, clientId: NullableString,
  hasClientSecret: Type.Boolean(), hasSigningKey: Type.Boolean(), certificateSubject: NullableString, hasTlsCa: Type.Boolean(),
  senderName: NullableString, replyAddress: NullableString, statusMonitor: Type.Boolean(),
  missing: Type.Array(Type.String(), { description: 'Was noch fehlt, bevor der Dienst zustellen kann' }),
});
export const PostfachSettingsListSchema = Type.Object({ items: Type.Array(PostfachSettingsSchema) });
export const PostfachChannelParams = Type.Object({ channel: Type.String({ maxLength: 20, description: 'bundid, osi, bayernid oder muk' }) });
