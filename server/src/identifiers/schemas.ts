import { Type, type Static } from '@sinclair/typebox';
import { UUID_PATTERN } from '../shared/ids.js';
import { SCHEMES, type Scheme } from './schemes.js';

const UuidInput = Type.String({ pattern: UUID_PATTERN });
const SchemeSchema = Type.Unsafe<Scheme>({ type: 'string', enum: [...SCHEMES], description: 'Kennungsart' });

export const IdentifierParams = Type.Object({ id: UuidInput });
export const TenantParams = Type.Object({ tenantId: UuidInput });
export const TenantIdentifierParams = Type.Object({ tenantId: UuidInput, id: UuidInput });

export const RoutingIdentifier = Type.Object({
  id: Type.String({ format: 'uuid' }),
  scheme: SchemeSchema,
  value: Type.String(),
  orgUnitId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'null: die Kennung bezeichnet die ganze Kommune' }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const IdentifierList = Type.Object({
  items: Type.Array(RoutingIdentifier),
  orgUnits: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), shortCode: Type.String() })),
});

export const NewIdentifierBody = Type.Object(
  {
    scheme: SchemeSchema,
    value: Type.String({ minLength: 1, maxLength: 200, description: 'Kennung, z. B. „197008“' }),
    orgUnitId: Type.Optional(Type.Union([UuidInput, Type.Null()])),
  },
  { additionalProperties: false },
);
export type NewIdentifierBody = Static<typeof NewIdentifierBody>;

export const ImportBody = Type.Object(
  {
    csv: Type.String({ minLength: 1, maxLength: 500_000, description: 'CSV: Kennungsart;Kennung;Kürzel der Organisationseinheit (UTF-8, Kopfzeile optional)' }),
    dryRun: Type.Optional(Type.Boolean({ description: 'true: nur prüfen (Vorschau), nichts speichern' })),
  },
  { additionalProperties: false },
);

const ImportLine = Type.Object({
  line: Type.Integer(),
  scheme: Type.String(),
  value: Type.String(),
  orgUnit: Type.String(),
  ok: Type.Boolean(),
  code: Type.Optional(Type.String()),
  field: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
});
export const ImportResultSchema = Type.Object({ lines: Type.Array(ImportLine), valid: Type.Boolean(), imported: Type.Integer() });
