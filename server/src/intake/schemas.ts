import { Type, type Static } from '@sinclair/typebox';

export const MailboxSchema = Type.Object(
  {
    identifier: Type.String({ minLength: 1, maxLength: 500, description: 'Postfach-Kennung im Servicekonto (z. B. Postkorb-Handle)' }),
    type: Type.String({ minLength: 1, maxLength: 100, description: 'Art der Postfachadresse (z. B. OSI, BAYERN_ID, BUND_ID)' }),
    accountType: Type.Optional(Type.String({ maxLength: 100, description: 'Art des Servicekontos' })),
    trustLevel: Type.Optional(Type.String({ maxLength: 100, description: 'Vertrauensniveau, z. B. STORK-QAA-Level-3' })),
  },
  { additionalProperties: false },
);

export const ApplicantSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('person'), Type.Literal('organisation')]),
    firstName: Type.Optional(Type.String({ maxLength: 200 })),
    lastName: Type.Optional(Type.String({ maxLength: 200 })),
    organisationName: Type.Optional(Type.String({ maxLength: 300 })),
    address: Type.Optional(
      Type.Object(
        {
          street: Type.Optional(Type.String({ maxLength: 200 })),
          houseNumber: Type.Optional(Type.String({ maxLength: 20 })),
          postalCode: Type.Optional(Type.String({ maxLength: 20 })),
          city: Type.Optional(Type.String({ maxLength: 200 })),
          country: Type.Optional(Type.String({ maxLength: 100 })),
        },
        { additionalProperties: false },
      ),
    ),
    email: Type.Optional(Type.String({ maxLength: 320 })),
    phone: Type.Optional(Type.String({ maxLength: 50 })),
    mailbox: Type.Optional(MailboxSchema),
  },
  { additionalProperties: false },
);

export const FormItemsSchema = Type.Array(
  Type.Object(
    {
      name: Type.String({ minLength: 1 }),
      label: Type.Optional(Type.String()),
      stringValue: Type.Optional(Type.String()),
      numberValue: Type.Optional(Type.Number()),
      dateValue: Type.Optional(Type.String({ description: 'JJJJ-MM-TT' })),
      booleanValue: Type.Optional(Type.Boolean()),
      formItems: Type.Optional(Type.Array(Type.Unknown(), { description: 'Untergeordnete Formularfelder (Gruppe), gleiche Struktur' })),
    },
    { additionalProperties: false },
  ),
  { description: 'Formulardaten als beschrifteter Baum: {name, label, stringValue|numberValue|dateValue|booleanValue, formItems[]}' },
);

export const NativeApplicationSchema = Type.Object(
  {
    transactionId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Kennung der Einreichung beim Absender; Wiederholungen mit derselben Kennung ergeben denselben Vorgang' })),
    serviceKey: Type.Optional(Type.String({ pattern: '^[0-9]{14}$', description: 'LeiKa-Schlüssel der Leistung (14 Ziffern)' })),
    serviceId: Type.Optional(Type.String({ format: 'uuid', description: 'Id der Leistung in der Kommune (statt serviceKey)' })),
    authority: Type.Optional(Type.String({ maxLength: 100, description: 'Zuständige Stelle: Kürzel oder AGS der Kommune (nur bei plattformweiten Zugängen)' })),
    orgUnitId: Type.Optional(Type.String({ maxLength: 100, description: 'Organisationseinheit (Id oder Kurzzeichen); sonst die der Leistung' })),
    title: Type.Optional(Type.String({ maxLength: 300 })),
    priority: Type.Optional(Type.Union([Type.Literal('low'), Type.Literal('normal'), Type.Literal('high')])),
    receivedAt: Type.Optional(Type.String({ format: 'date-time' })),
    applicant: ApplicantSchema,
    formData: FormItemsSchema,
  },
  { additionalProperties: false },
);
export type NativeApplication = Static<typeof NativeApplicationSchema>;

export const IntakeReceiptSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('created'), Type.Literal('existing'), Type.Literal('unrouted')], {
      description: 'created: neuer Vorgang; existing: dieselbe Einreichung lag schon vor; unrouted: keine Kommune gefunden, in der Klärungsliste der Plattform',
    }),
    transactionId: Type.Union([Type.String(), Type.Null()]),
    caseId: Type.Union([Type.String(), Type.Null()]),
    caseNumber: Type.Union([Type.String(), Type.Null()]),
    caseStatus: Type.Union([Type.String(), Type.Null()]),
    tenant: Type.Union([Type.String(), Type.Null()], { description: 'Kürzel der Kommune' }),
    submissionId: Type.Union([Type.String(), Type.Null()], { description: 'Id in der Klärungsliste (nur bei unrouted)' }),
  },
  { additionalProperties: false },
);

export const ProblemSchema = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), code: Type.String(), detail: Type.String(), field: Type.Optional(Type.String()) },
  { additionalProperties: true },
);
