import { Type, type Static } from '@sinclair/typebox';

/**
 * The register-adapter interface (issue #17, item 5): a query by name, date of birth and address,
 * or by an identifier, answered with structured person or company records. The HTTP adapter
 * (http-adapter.ts) talks to a register gateway; a real XMeld/OSCI gateway sits behind that
 * (decision 0032).
 */
export const REGISTERS = ['residents', 'companies'] as const;
export type RegisterName = (typeof REGISTERS)[number];

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
export const AddressSchema = Type.Object({
  street: Type.Optional(Text(200)), houseNumber: Type.Optional(Text(20)), postalCode: Type.Optional(Type.String({ pattern: '^[0-9]{5}$' })), city: Type.Optional(Text(200)),
}, { additionalProperties: false });

export const RegisterQuerySchema = Type.Union([
  Type.Object({
    kind: Type.Literal('search'),
    lastName: Type.Optional(Text(200)), firstName: Type.Optional(Text(200)), birthDate: Type.Optional(Type.String({ format: 'date' })),
    name: Type.Optional(Text(300)),
    address: Type.Optional(AddressSchema),
  }, { additionalProperties: false, description: 'Suche: Einwohner nach Nachname (+ Vorname, Geburtsdatum, Anschrift), Unternehmen nach Name (+ Anschrift)' }),
  Type.Object({ kind: Type.Literal('identifier'), identifier: Type.String({ pattern: '^[A-Za-z0-9._/-]{1,100}$' }) }, { additionalProperties: false }),
]);
export type RegisterQuery = Static<typeof RegisterQuerySchema>;

const Optional = (max: number) => Type.Optional(Type.String({ maxLength: max }));
export const RegisterAddressSchema = Type.Object({ street: Optional(200), houseNumber: Optional(20), postalCode: Optional(10), city: Optional(200) });
export const PersonRecordSchema = Type.Object({
  kind: Type.Literal('person'), identifier: Type.String({ maxLength: 100 }),
  firstName: Type.String({ maxLength: 200 }), lastName: Type.String({ maxLength: 200 }), birthName: Optional(200),
  birthDate: Optional(10), address: Type.Optional(RegisterAddressSchema), nationality: Optional(100),
});
export const CompanyRecordSchema = Type.Object({
  kind: Type.Literal('company'), identifier: Type.String({ maxLength: 100 }),
  name: Type.String({ maxLength: 300 }), legalForm: Optional(100), registerCourt: Optional(200), address: Type.Optional(RegisterAddressSchema),
});
export const RegisterRecordSchema = Type.Union([PersonRecordSchema, CompanyRecordSchema]);
export type RegisterRecord = Static<typeof RegisterRecordSchema>;

/** Who asks, and why: a real gateway must pass both on (XMeld requests name the authority and the purpose). */
export interface QueryContext {
  tenantAgs: string;
  caseNumber: string;
  legalBasis: string;
  purpose: string;
}

export interface RegisterAdapter {
  query(register: RegisterName, query: RegisterQuery, context: QueryContext): Promise<RegisterRecord[]>;
}

/** The gateway did not answer usefully; the caseworker gets a clear message and nothing is recorded. */
export class RegisterUnavailable extends Error {
  constructor(internal: string) {
    super(internal);
    this.name = 'RegisterUnavailable';
  }
}
