import type { IntakeChannel } from '../types.js';
import type { ApplicantField } from './fields.js';

/**
 * Field names German form systems use for the applicant (compared in lower case, without blanks,
 * underscores, dots and hyphens: „E-Mail“ = email = e_mail). Shared by every channel; the channels'
 * own spellings are added below.
 */
const COMMON: Record<string, ApplicantField> = {
  vorname: 'firstName', vornamen: 'firstName', firstname: 'firstName', givenname: 'firstName',
  nachname: 'lastName', familienname: 'lastName', lastname: 'lastName', familyname: 'lastName', name: 'lastName', zuname: 'lastName',
  firma: 'organisationName', firmenname: 'organisationName', firmierung: 'organisationName', unternehmen: 'organisationName',
  unternehmensname: 'organisationName', organisation: 'organisationName', organisationname: 'organisationName',
  organisationsname: 'organisationName', nameorganisation: 'organisationName', namederfirma: 'organisationName', betriebsname: 'organisationName',
  email: 'email', emailadresse: 'email', mail: 'email', mailadresse: 'email', elektronischepost: 'email', emailaddress: 'email',
  telefon: 'phone', telefonnummer: 'phone', tel: 'phone', telnr: 'phone', phone: 'phone', mobil: 'phone', mobilnummer: 'phone', handy: 'phone',
  strasse: 'street', straße: 'street', str: 'street', street: 'street',
  hausnummer: 'houseNumber', hausnr: 'houseNumber', housenumber: 'houseNumber',
  plz: 'postalCode', postleitzahl: 'postalCode', postalcode: 'postalCode', zip: 'postalCode',
  ort: 'city', wohnort: 'city', city: 'city',
  geburtsdatum: 'dateOfBirth', geburtstag: 'dateOfBirth', dateofbirth: 'dateOfBirth', birthdate: 'dateOfBirth', gebdatum: 'dateOfBirth',
};

/** What only some form systems call it. */
const BY_CHANNEL: Partial<Record<IntakeChannel, Record<string, ApplicantField>>> = {
  // intelliForm forms (AFM) name elements in German with underscores: mailadresse, telefonnummer_privat …
  intelliform: { telefonnummerprivat: 'phone', telefonprivat: 'phone', telefontagsueber: 'phone', emailprivat: 'email', strassename: 'street' },
  // Form-Solutions / OZG-Cloud forms prefix the applicant's fields (AS_Vorname, antragsteller_email).
  'ozg-cloud': { asvorname: 'firstName', asnachname: 'lastName', asemail: 'email', astelefon: 'phone', asfirma: 'organisationName' },
};

/** Fields that say whether the applicant is a person or an organisation (person_oder_firma …). */
export const KIND_FIELDS = new Set(['personoderfirma', 'antragstellerart', 'antragstellertyp', 'artantragsteller', 'artdesantragstellers', 'rechtspersoenlichkeit', 'personenart', 'antragstellendeart']);
/** Values of such a field that mean an organisation (a code the form gives no label for can be added per service). */
export const ORGANISATION_VALUES = /firma|unternehmen|organisation|juristisch|betrieb|gewerbe|verein|gesellschaft|behörde|behoerde|company/i;

/** Groups that hold the applicant's data; looked into first. */
export const APPLICANT_GROUPS = /^(antragsteller|antragstellende|antragstellerin|applicant|person|gewerbetreibender)/i;
/** Fields found anywhere in the form when the applicant's group lacks them (a separate „Kontakt“ step). */
export const CONTACT_FIELDS = new Set<ApplicantField>(['email', 'phone']);

export const fieldKey = (name: string) => name.toLowerCase().replace(/[\s_.-]/g, '');

export function defaultFieldOf(channel: IntakeChannel | undefined, name: string): ApplicantField | undefined {
  const key = fieldKey(name);
  return (channel && BY_CHANNEL[channel]?.[key]) || COMMON[key];
}
