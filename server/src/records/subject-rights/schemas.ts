import { Type } from '@sinclair/typebox';
import { UUID_PATTERN } from '../../shared/ids.js';
import { APPLICANT_FIELDS } from '../../intake/applicant/fields.js';

const Uuid = (description: string) => Type.String({ pattern: UUID_PATTERN, description });
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const SubjectQuery = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200, description: 'Vor- und Nachname (oder Name der Organisation), ganz und genau' })),
    email: Type.Optional(Type.String({ maxLength: 254, description: 'E-Mail-Adresse der Person' })),
    mailboxId: Type.Optional(Type.String({ maxLength: 500, description: 'Kennung des Postfachs (BundID, OSI, BayernID, Mein Unternehmenskonto)' })),
    caseNumbers: Type.Optional(Type.String({ maxLength: 2000, description: 'Vorgangsnummern, durch Komma, Leerzeichen oder Zeilenumbruch getrennt' })),
  },
  { additionalProperties: false },
);

const MatchedBy = Type.Union([Type.Literal('name'), Type.Literal('email'), Type.Literal('mailbox'), Type.Literal('caseNumber')]);

export const SubjectCases = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.String({ format: 'uuid' }), caseNumber: Type.String(), serviceName: Type.String(), status: Type.String(), receivedAt: Timestamp,
    applicantName: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    dateOfBirth: Type.Union([Type.String(), Type.Null()]),
    address: Type.Union([Type.String(), Type.Null()]),
    mailboxId: Type.Union([Type.String(), Type.Null()]),
    applicant: Type.Record(Type.String(), Type.String(), { description: 'Die Angaben zur Person, je Feld (zum Berichtigen)' }),
    matchedBy: Type.Array(MatchedBy),
  })),
  truncated: Type.Boolean({ description: 'true: es gibt mehr Treffer als angezeigt; bitte genauer suchen' }),
});

export const ReportQuery = Type.Object(
  { caseIds: Type.Array(Uuid('ID eines Vorgangs der Person'), { minItems: 1, maxItems: 100 }) },
  { additionalProperties: false },
);

export const CaseParams = Type.Object({ id: Uuid('ID des Vorgangs') });
export const RequestParams = Type.Object({ requestId: Uuid('ID des Löschantrags') });

export const CorrectionBody = Type.Object(
  {
    field: Type.Union(APPLICANT_FIELDS.map((f) => Type.Literal(f)), { description: 'Feld der Angaben zur Person' }),
    value: Type.String({ maxLength: 1000, description: 'Der richtige Wert; leer: der Wert wird entfernt' }),
    reason: Type.String({ maxLength: 2000, description: 'Grund der Berichtigung' }),
  },
  { additionalProperties: false },
);

export const ReasonBody = Type.Object({ reason: Type.String({ maxLength: 2000 }) }, { additionalProperties: false });

export const Corrected = Type.Object({ version: Type.Integer() });

export const ErasureRequest = Type.Object({
  id: Type.String({ format: 'uuid' }), caseId: Type.String({ format: 'uuid' }), caseNumber: Type.String(), reason: Type.String(),
  state: Type.Union([Type.Literal('requested'), Type.Literal('confirmed'), Type.Literal('withdrawn')]),
  requestedBy: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }), requestedAt: Timestamp,
  decidedByName: Type.Union([Type.String(), Type.Null()]), decidedAt: NullableTimestamp,
  purgeOrderId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  mine: Type.Boolean({ description: 'true: selbst beantragt (bestätigen muss eine andere Person)' }),
});

export const ErasureRequests = Type.Object({ items: Type.Array(ErasureRequest) });
