import { Type } from '@sinclair/typebox';
import { UUID_PATTERN } from '../shared/ids.js';
import { RegisterQuerySchema, RegisterRecordSchema } from './adapter.js';

const Id = Type.String({ pattern: UUID_PATTERN });
const Register = Type.Union([Type.Literal('residents'), Type.Literal('companies')], { description: 'residents = Melderegister, companies = Unternehmens-/Gewerberegister' });

export const CaseParams = Type.Object({ id: Id });
export const QueryBody = Type.Object({
  register: Register,
  legalBasis: Type.String({ minLength: 1, maxLength: 300, description: 'Rechtsgrundlage, z. B. „§ 34 Abs. 1 BMG“ (Pflicht)' }),
  purpose: Type.String({ minLength: 1, maxLength: 500, description: 'Zweck der Abfrage (Pflicht)' }),
  query: RegisterQuerySchema,
}, { additionalProperties: false });

export const DifferenceSchema = Type.Object({
  field: Type.String(), label: Type.String(),
  application: Type.Union([Type.String(), Type.Null()]), register: Type.Union([Type.String(), Type.Null()]),
  differs: Type.Boolean({ description: 'Beide angegeben und verschieden (z. B. Maier/Meier)' }),
});
export const QueryResult = Type.Object({
  id: Id, at: Type.String({ format: 'date-time' }), register: Register, legalBasis: Type.String(), purpose: Type.String(),
  results: Type.Array(Type.Object({ record: RegisterRecordSchema, differences: Type.Array(DifferenceSchema) })),
});
export const QueryLog = Type.Object({
  items: Type.Array(Type.Object({
    id: Id, at: Type.String({ format: 'date-time' }), actorName: Type.String(), register: Register,
    queryKind: Type.String(), legalBasis: Type.String(), purpose: Type.String(), hits: Type.Integer(),
  })),
  configured: Type.Boolean({ description: 'false: kein Registerzugang eingerichtet' }),
});
