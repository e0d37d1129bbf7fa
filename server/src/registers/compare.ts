import type { Applicant } from '../db/schema.js';
import type { RegisterRecord } from './adapter.js';

export interface Difference {
  field: string;
  /** German label for the desk. */
  label: string;
  application: string | null;
  register: string | null;
  /** Both given and not the same after normalising case, spaces and ß/ss. */
  differs: boolean;
}

const normal = (value: string | null | undefined) => (value ?? '').normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('de').replace(/ß/g, 'ss');

function row(field: string, label: string, application: string | undefined, register: string | undefined): Difference {
  const a = application?.trim() || null;
  const r = register?.trim() || null;
  return { field, label, application: a, register: r, differs: a !== null && r !== null && normal(a) !== normal(r) };
}

/**
 * The application's applicant beside the register record, field by field: what the desk shows
 * with the differences highlighted (the application says „Maier“, the register „Meier“).
 */
export function compareWithApplicant(applicant: Applicant, record: RegisterRecord): Difference[] {
  const address = applicant.address ?? {};
  const registered = record.address ?? {};
  const names = record.kind === 'person'
    ? [
        row('firstName', 'Vorname', applicant.firstName, record.firstName),
        row('lastName', 'Nachname', applicant.lastName, record.lastName),
        row('dateOfBirth', 'Geburtsdatum', applicant.dateOfBirth, record.birthDate),
      ]
    : [row('organisationName', 'Name', applicant.organisationName, record.name)];
  return [
    ...names,
    row('street', 'Straße', address.street, registered.street),
    row('houseNumber', 'Hausnummer', address.houseNumber, registered.houseNumber),
    row('postalCode', 'PLZ', address.postalCode, registered.postalCode),
    row('city', 'Ort', address.city, registered.city),
  ];
}
