import type { Role } from '../auth/principal.js';
import type { FORMS } from './forms.js';

/** The demo municipality. AGS and slug are fixed: seed-demo recognises an existing demo by its slug. */
export const DEMO_TENANT = { name: 'Musterstadt', kind: 'city', ags: '01002000', slug: 'musterstadt' } as const;

export const DEMO_ORG_UNITS = [
  { key: 'buergerbuero', name: 'Bürgerbüro', shortCode: 'BB' },
  { key: 'ordnungsamt', name: 'Ordnungsamt', shortCode: 'OA' },
  { key: 'bauamt', name: 'Bauamt', shortCode: 'BAU' },
  { key: 'steueramt', name: 'Steueramt', shortCode: 'STE' },
  { key: 'standesamt', name: 'Standesamt', shortCode: 'STA' },
] as const;
export type OrgUnitKey = (typeof DEMO_ORG_UNITS)[number]['key'];

export interface DemoService {
  leikaKey: string;
  name: string;
  orgUnit: OrgUnitKey;
  form: keyof typeof FORMS;
  /** Share of applications from organisations rather than people. */
  organisationShare: number;
  /** Relative frequency among the demo applications. */
  weight: number;
}

/** Services with 14-digit LeiKa-style keys; the trade registration key is the real one. */
export const DEMO_SERVICES: DemoService[] = [
  { leikaKey: '99108008001000', name: 'Hundesteuer Anmeldung', orgUnit: 'steueramt', form: 'hundesteuerAnmeldung', organisationShare: 0, weight: 14 },
  { leikaKey: '99108008002000', name: 'Hundesteuer Abmeldung', orgUnit: 'steueramt', form: 'hundesteuerAbmeldung', organisationShare: 0, weight: 6 },
  { leikaKey: '99050012104000', name: 'Gewerbeanmeldung', orgUnit: 'ordnungsamt', form: 'gewerbeanmeldung', organisationShare: 0.4, weight: 14 },
  { leikaKey: '99061007001000', name: 'Baumfällgenehmigung', orgUnit: 'bauamt', form: 'baumfaellung', organisationShare: 0.1, weight: 8 },
  { leikaKey: '99058009001000', name: 'Bewohnerparkausweis', orgUnit: 'ordnungsamt', form: 'bewohnerparken', organisationShare: 0, weight: 14 },
  { leikaKey: '99058009002000', name: 'Anwohnerparken – Besucherparkausweis', orgUnit: 'ordnungsamt', form: 'anwohnerparkenBesuch', organisationShare: 0, weight: 6 },
  { leikaKey: '99058004001000', name: 'Sondernutzung öffentlicher Verkehrsflächen', orgUnit: 'bauamt', form: 'sondernutzung', organisationShare: 0.5, weight: 7 },
  { leikaKey: '99023002001000', name: 'Sperrmüll-Sonderabfuhr', orgUnit: 'buergerbuero', form: 'sperrmuell', organisationShare: 0, weight: 10 },
  { leikaKey: '99058020001000', name: 'Veranstaltungsanzeige', orgUnit: 'ordnungsamt', form: 'veranstaltung', organisationShare: 0.8, weight: 5 },
  { leikaKey: '99124003001000', name: 'Kita-Platz-Anmeldung', orgUnit: 'buergerbuero', form: 'kita', organisationShare: 0, weight: 8 },
  { leikaKey: '99115008001000', name: 'Meldebescheinigung', orgUnit: 'buergerbuero', form: 'meldebescheinigung', organisationShare: 0, weight: 10 },
  { leikaKey: '99009001001000', name: 'Geburtsurkunde', orgUnit: 'standesamt', form: 'geburtsurkunde', organisationShare: 0, weight: 5 },
];

export interface DemoUser {
  key: 'admin' | 'poststelle' | 'sachbearbeitung1' | 'sachbearbeitung2' | 'lesen' | 'schriftgut' | 'schriftgut2' | 'datenschutz' | 'datenschutz2';
  email: string;
  displayName: string;
  roles: Role[];
  /** Empty: all org units. */
  orgUnits: OrgUnitKey[];
  /** Demo only: fixed, printed at start and written to demo-credentials.json. */
  password: string;
}

export const DEMO_USERS: DemoUser[] = [
  { key: 'admin', email: 'admin@musterstadt.example', displayName: 'Petra Hansen', roles: ['admin'], orgUnits: [], password: 'Demo-Admin-2024!' },
  { key: 'poststelle', email: 'poststelle@musterstadt.example', displayName: 'Jörg Petersen', roles: ['intake'], orgUnits: [], password: 'Demo-Poststelle-2024!' },
  {
    key: 'sachbearbeitung1', email: 'a.demir@musterstadt.example', displayName: 'Aylin Demir', roles: ['caseworker'],
    orgUnits: ['ordnungsamt', 'steueramt', 'buergerbuero'], password: 'Demo-Sachbearbeitung-1!',
  },
  {
    key: 'sachbearbeitung2', email: 'l.jensen@musterstadt.example', displayName: 'Lars Jensen', roles: ['caseworker'],
    orgUnits: ['bauamt', 'standesamt', 'buergerbuero'], password: 'Demo-Sachbearbeitung-2!',
  },
  { key: 'lesen', email: 'k.schulz@musterstadt.example', displayName: 'Karin Schulz', roles: ['reader'], orgUnits: [], password: 'Demo-Lesezugriff-2024!' },
  { key: 'schriftgut', email: 'registratur@musterstadt.example', displayName: 'Rita Brandt', roles: ['records'], orgUnits: [], password: 'Demo-Registratur-2024!' },
  // Two data-protection officers: an early erasure (Art. 17) needs a second person to confirm it.
  { key: 'datenschutz', email: 'datenschutz@musterstadt.example', displayName: 'Miriam Vogt', roles: ['privacy'], orgUnits: [], password: 'Demo-Datenschutz-2024!' },
  { key: 'datenschutz2', email: 'datenschutz2@musterstadt.example', displayName: 'Tobias Lange', roles: ['privacy'], orgUnits: [], password: 'Demo-Datenschutz-2-2024!' },
  // A second records officer: destruction lists need two different people (four-eyes).
  { key: 'schriftgut2', email: 'archiv@musterstadt.example', displayName: 'Sven Lorenzen', roles: ['records'], orgUnits: [], password: 'Demo-Archiv-2024!' },
];

export const DEMO_OPERATOR = { email: 'betrieb@landesrechenzentrum.example', displayName: 'Betrieb Landesrechenzentrum', password: 'Demo-Betrieb-2024!' };

