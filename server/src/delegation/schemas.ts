import { Type } from '@sinclair/typebox';

const Uuid = (description?: string, title?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}), ...(title ? { title } : {}) });
const Day = (description: string, title?: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description, ...(title ? { title } : {}) });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

// The titles are the form's labels (web/src/delegation/ProposeAgreementForm.tsx): a refusal names the field by them.
export const AgreementBodySchema = Type.Object({
  partnerSlug: Type.String({ minLength: 1, maxLength: 100, title: 'Kurzname der anderen Kommune', description: 'Kurzname (slug) der anderen Kommune' }),
  kind: Type.Union([Type.Literal('service'), Type.Literal('assistance')], {
    title: 'Art der Zusammenarbeit',
    description: 'service: die andere Kommune bearbeitet eine Leistung für uns; assistance: sie kann zu einzelnen Vorgängen um Amtshilfe gebeten werden',
  }),
  serviceId: Type.Optional(Uuid('Nur bei service: unsere Leistung, deren Anträge die andere Kommune bearbeitet', 'Leistung')),
  validFrom: Day('Gültig ab', 'Gültig ab'),
  validUntil: Type.Optional(Day('Gültig bis (einschließlich); ohne Angabe unbefristet', 'Gültig bis')),
  note: Type.Optional(Type.String({ maxLength: 500, title: 'Hinweis an die andere Kommune', description: 'Hinweis an die andere Kommune' })),
}, { additionalProperties: false });

export const AcceptBodySchema = Type.Object({
  orgUnitId: Type.Optional(Uuid('Unsere Organisationseinheit, die die Vorgänge bearbeitet (bei service erforderlich)')),
}, { additionalProperties: false });

export const AgreementSchema = Type.Object({
  id: Uuid(),
  side: Type.Union([Type.Literal('proposer'), Type.Literal('acceptor')], { description: 'proposer: unsere Vorgänge; acceptor: wir helfen' }),
  partner: Type.Object({ id: Uuid(), name: Type.String() }),
  kind: Type.Union([Type.Literal('service'), Type.Literal('assistance')]),
  service: Type.Union([Type.Object({ id: Uuid(), name: Type.String() }), Type.Null()]),
  orgUnit: Type.Union([Type.Object({ id: Uuid(), name: Type.String() }), Type.Null()]),
  validFrom: Day('Gültig ab'),
  validUntil: Nullable(Day('Gültig bis')),
  status: Type.Union([Type.Literal('proposed'), Type.Literal('accepted'), Type.Literal('revoked')]),
  active: Type.Boolean({ description: 'Angenommen und heute gültig' }),
  note: Nullable(Type.String()),
  proposedBy: Type.String(),
  proposedAt: Type.String({ format: 'date-time' }),
  acceptedBy: Nullable(Type.String()),
  acceptedAt: Nullable(Type.String({ format: 'date-time' })),
  revokedBy: Nullable(Type.String()),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
});
export const AgreementListSchema = Type.Object({ items: Type.Array(AgreementSchema) });
export const AgreementParamsSchema = Type.Object({ id: Uuid('ID der Vereinbarung') });

export const ShareBodySchema = Type.Object({ agreementId: Uuid('Die Amtshilfe-Vereinbarung, unter der der Vorgang freigegeben wird') }, { additionalProperties: false });
export const CaseParamsSchema = Type.Object({ id: Uuid('ID des Vorgangs') });
export const GrantParamsSchema = Type.Object({ id: Uuid('ID des Vorgangs'), grantId: Uuid('ID der Freigabe') });
export const GrantSchema = Type.Object({
  id: Uuid(),
  agreementId: Uuid(),
  grantee: Type.Object({ id: Uuid(), name: Type.String() }),
  grantedBy: Type.String(),
  grantedAt: Type.String({ format: 'date-time' }),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
});
export const GrantListSchema = Type.Object({ items: Type.Array(GrantSchema) });

export const DelegatedCaseSchema = Type.Object({
  id: Uuid(),
  owner: Type.Object({ id: Uuid(), name: Type.String({ description: 'Die Kommune, der der Vorgang gehört' }) }),
  caseNumber: Type.String(),
  title: Type.String(),
  status: Type.String(),
  applicantName: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
  dueOn: Nullable(Day('Fristende')),
  kind: Type.Union([Type.Literal('service'), Type.Literal('assistance')]),
  grantedAt: Type.String({ format: 'date-time' }),
});
export const DelegatedCaseListSchema = Type.Object({ items: Type.Array(DelegatedCaseSchema) });
export const DelegatedListQuerySchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
}, { additionalProperties: false });
