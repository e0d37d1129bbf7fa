import type { Applicant } from '../db/schema.js';
import type { SeededRandom } from './random.js';

const FIRST_NAMES = [
  'Anna', 'Lena', 'Marie', 'Sophie', 'Hannah', 'Ursula', 'Brigitte', 'Sabine', 'Monika', 'Katrin', 'Jana', 'Fatma', 'Elif',
  'Maximilian', 'Lukas', 'Jonas', 'Finn', 'Thomas', 'Michael', 'Stefan', 'Klaus', 'Jürgen', 'Hans-Peter', 'Mehmet', 'Björn',
  'Sönke', 'Frauke', 'Henning', 'Malte', 'Wiebke', 'Gesa', 'Ole', 'Nele', 'Ingrid', 'Dieter', 'Zofia', 'Piotr', 'Özlem',
];
const LAST_NAMES = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer', 'Koch',
  'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann',
  'Lange', 'Petersen', 'Jensen', 'Hansen', 'Thomsen', 'Carstensen', 'Nissen', 'Lorenzen', 'Yılmaz', 'Kaya', 'Nowak', 'Kowalski',
  'Öztürk', 'Brodersen', 'Clausen', 'Paulsen', 'Jürgensen', 'Sönnichsen',
];
const STREETS = [
  'Holstenstraße', 'Dänische Straße', 'Lindenallee', 'Am Markt', 'Kirchweg', 'Bahnhofstraße', 'Schulstraße', 'Gartenweg',
  'Feldstraße', 'Hafenstraße', 'Möwenweg', 'Am Mühlenteich', 'Birkenweg', 'Königsweg', 'Brunswiker Straße', 'Knooper Weg',
  'Eichhofstraße', 'Olshausenstraße', 'Waitzstraße', 'Reventlouallee',
];
const POSTAL_CODES = ['24103', '24105', '24106', '24107', '24109', '24111', '24113', '24114', '24116', '24118'];
const ORGANISATIONS = [
  'Bäckerei Jensen GmbH', 'Fahrradwerkstatt Kettenblatt UG', 'Kulturverein Musterstadt e. V.', 'Hansen & Söhne Dachdeckerei',
  'Café Hafenblick KG', 'TSV Musterstadt von 1889 e. V.', 'Nordlicht IT-Service GmbH', 'Blumen Petersen',
];
const MAILBOX_TYPES = [
  ['OSI', 'STORK-QAA-Level-1'],
  ['OSI', 'STORK-QAA-Level-3'],
  ['BUND_ID', 'STORK-QAA-Level-2'],
  ['BUND_ID', 'STORK-QAA-Level-4'],
] as const;

export const CITY = 'Musterstadt';

export function street(random: SeededRandom) {
  return { street: random.pick(STREETS), houseNumber: `${random.int(1, 120)}${random.chance(0.15) ? random.pick(['a', 'b', 'c']) : ''}` };
}

function mailbox(random: SeededRandom, accountKind: 'person' | 'organisation'): NonNullable<Applicant['mailbox']> {
  const [type, trustLevel] = accountKind === 'organisation' ? (['ORGANISATIONS_KONTO', 'STORK-QAA-Level-3'] as const) : random.pick(MAILBOX_TYPES);
  const id = `${random.digits(8)}-${random.digits(4)}-4${random.digits(3)}-a${random.digits(3)}-${random.digits(12)}`;
  return { identifier: id, type: type === 'ORGANISATIONS_KONTO' ? 'BUND_ID' : type, accountType: type, trustLevel };
}

export function person(random: SeededRandom): Applicant & { firstName: string; lastName: string } {
  const firstName = random.pick(FIRST_NAMES);
  const lastName = random.pick(LAST_NAMES);
  const mail = `${firstName}.${lastName}`.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[^a-z.-]/g, '');
  return {
    kind: 'person',
    firstName,
    lastName,
    address: { ...street(random), postalCode: random.pick(POSTAL_CODES), city: CITY, country: 'DE' },
    email: `${mail}@example.org`,
    ...(random.chance(0.6) ? { phone: `0431 ${random.digits(3)} ${random.digits(3)}` } : {}),
    mailbox: mailbox(random, 'person'),
  };
}

export function organisation(random: SeededRandom): Applicant {
  const contact = person(random);
  return {
    kind: 'organisation',
    organisationName: random.pick(ORGANISATIONS),
    firstName: contact.firstName,
    lastName: contact.lastName,
    address: { ...street(random), postalCode: random.pick(POSTAL_CODES), city: CITY, country: 'DE' },
    email: `info-${random.digits(3)}@example.org`,
    phone: `0431 ${random.digits(3)} ${random.digits(3)}`,
    mailbox: mailbox(random, 'organisation'),
  };
}

export function childName(random: SeededRandom): string {
  return random.pick(['Emil', 'Mila', 'Paul', 'Emma', 'Theo', 'Ida', 'Noah', 'Lina', 'Ben', 'Frieda', 'Mats', 'Ella']);
}
