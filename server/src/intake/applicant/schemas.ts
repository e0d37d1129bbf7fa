import { Type, type Static } from '@sinclair/typebox';
import { UUID_PATTERN } from '../../shared/ids.js';
import type { ApplicantField } from './fields.js';

const Path = Type.String({ maxLength: 500, description: 'Pfad des Formularfelds: technische Namen mit „/“ verbunden, z. B. „kontakt/email“' });

export const MappingSchema = Type.Object(
  {
    useDefaults: Type.Boolean({ description: 'Nicht zugeordnete Angaben über die üblichen Feldnamen des Eingangswegs suchen' }),
    kind: Type.Optional(Type.Union([
      Type.Object(
        {
          path: Type.String({ minLength: 1, maxLength: 500, description: 'Feld, das Person oder Organisation angibt (z. B. person_oder_firma)' }),
          organisationValues: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 20, description: 'Werte dieses Felds, die eine Organisation bedeuten (z. B. „firma“, „2“)' }),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ])),
    fields: Type.Object(
      {
        firstName: Type.Optional(Path), lastName: Type.Optional(Path), organisationName: Type.Optional(Path), email: Type.Optional(Path),
        phone: Type.Optional(Path), street: Type.Optional(Path), houseNumber: Type.Optional(Path), postalCode: Type.Optional(Path),
        city: Type.Optional(Path), dateOfBirth: Type.Optional(Path),
      } satisfies Record<ApplicantField, unknown>,
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type MappingBody = Static<typeof MappingSchema>;

export const ServiceParams = Type.Object({ serviceId: Type.String({ pattern: UUID_PATTERN }) });

export const MappingView = Type.Object({
  serviceId: Type.String({ format: 'uuid' }),
  serviceName: Type.String(),
  saved: Type.Boolean({ description: 'false: es gilt nur die Voreinstellung des Eingangswegs' }),
  mapping: MappingSchema,
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  cases: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), caseNumber: Type.String(), channel: Type.String(), receivedAt: Type.String({ format: 'date-time' }) }), { description: 'Die jüngsten eingegangenen Vorgänge der Leistung, für die Vorschau' }),
});

export const PreviewBody = Type.Object(
  { caseId: Type.String({ pattern: UUID_PATTERN }), mapping: MappingSchema },
  { additionalProperties: false },
);

const ApplicantView = Type.Object({
  kind: Type.Union([Type.Literal('person'), Type.Literal('organisation')]),
  firstName: Type.Optional(Type.String()), lastName: Type.Optional(Type.String()), organisationName: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()), phone: Type.Optional(Type.String()), dateOfBirth: Type.Optional(Type.String()),
  address: Type.Optional(Type.Record(Type.String(), Type.String())),
  mailbox: Type.Optional(Type.Object({
    identifier: Type.String(), type: Type.String(), rawType: Type.Optional(Type.String()), accountType: Type.Optional(Type.String()),
    trustLevel: Type.Optional(Type.String()), level: Type.Optional(Type.String()), accountKind: Type.Optional(Type.String()),
  })),
});

export const PreviewView = Type.Object({
  caseId: Type.String({ format: 'uuid' }),
  caseNumber: Type.String(),
  applicant: ApplicantView,
  current: ApplicantView,
  warnings: Type.Array(Type.Object({ field: Type.String(), path: Type.String(), message: Type.String() })),
  fields: Type.Array(Type.Object({ path: Type.String(), label: Type.String(), value: Type.Optional(Type.String()) }), { description: 'Die Felder dieses Vorgangs (zur Auswahl)' }),
});

export const ReapplyBody = Type.Object(
  { after: Type.Optional(Type.String({ pattern: UUID_PATTERN, description: 'Fortsetzen nach diesem Vorgang (nextAfter der vorigen Antwort)' })) },
  { additionalProperties: false },
);

export const ReapplyView = Type.Object({
  examined: Type.Integer(),
  changed: Type.Integer(),
  nextAfter: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'null: alle offenen Vorgänge der Leistung sind geprüft' }),
});
