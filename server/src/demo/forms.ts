import type { Applicant, FormItem } from '../db/schema.js';
import { childName, street } from './people.js';
import type { SeededRandom } from './random.js';
import { date, daysFrom, flag, group, num, text } from './form-items.js';

export interface FormContext {
  random: SeededRandom;
  applicant: Applicant;
  receivedAt: Date;
}

export type FormBuilder = (ctx: FormContext) => { title?: string; formData: FormItem[] };

const DOG_NAMES = ['Bello', 'Luna', 'Balu', 'Emma', 'Rocky', 'Kira', 'Paul', 'Frieda', 'Sammy', 'Nala'];
const BREEDS = ['Labrador Retriever', 'Mischling', 'Dackel', 'Border Collie', 'Golden Retriever', 'Jack Russell Terrier', 'Beagle'];
const TREES = ['Stieleiche', 'Rotbuche', 'Bergahorn', 'Winterlinde', 'Hängebirke', 'Gemeine Esche', 'Fichte'];
const TRADES = [
  ['Einzelhandel mit Backwaren', '47.24.0'], ['Reparatur von Fahrrädern', '95.29.0'], ['IT-Dienstleistungen', '62.02.0'],
  ['Gastronomie (Café)', '56.10.3'], ['Dachdeckerei', '43.91.1'], ['Blumeneinzelhandel', '47.76.1'],
] as const;
const PLATES = ['KI', 'KI', 'KI', 'RD', 'PLÖ'];

function dog(random: SeededRandom, receivedAt: Date, index: number): FormItem {
  return group(`hund_${index}`, `Hund ${index}`, [
    text('name', 'Name des Hundes', random.pick(DOG_NAMES)),
    text('rasse', 'Rasse', random.pick(BREEDS)),
    date('geburtsdatum', 'Geburtsdatum', daysFrom(receivedAt, -random.int(120, 3650))),
    text('chipnummer', 'Transpondernummer', `276${random.digits(12)}`),
    flag('gefaehrlich', 'Gefährlicher Hund nach § 7 HundeG', false),
  ]);
}

function plate(random: SeededRandom): string {
  const letters = 'ABCDEFGHKLMNPRSTUVWXYZ';
  return `${random.pick(PLATES)}-${letters[random.int(0, letters.length - 1)]}${letters[random.int(0, letters.length - 1)]} ${random.int(1, 9999)}`;
}

export const FORMS: Record<string, FormBuilder> = {
  hundesteuerAnmeldung: ({ random, receivedAt }) => {
    const count = random.weighted([[1, 6], [2, 3], [3, 1]] as const);
    const dogs = Array.from({ length: count }, (_, i) => dog(random, receivedAt, i + 1));
    return {
      title: count > 1 ? `Hundesteuer Anmeldung (${count} Hunde)` : undefined,
      formData: [
        date('haltungsbeginn', 'Beginn der Hundehaltung', daysFrom(receivedAt, -random.int(0, 30))),
        group('hunde', 'Angaben zu den Hunden', dogs),
        flag('ermaessigung', 'Ermäßigung beantragt (z. B. Rettungshund)', random.chance(0.1)),
        group('zahlung', 'Zahlung', [
          flag('sepa', 'SEPA-Lastschriftmandat erteilt', true),
          text('iban', 'IBAN', `DE${random.digits(2)} 2105 0170 ${random.digits(4)} ${random.digits(4)} ${random.digits(2)}`),
        ]),
      ],
    };
  },
  hundesteuerAbmeldung: ({ random, receivedAt }) => ({
    formData: [
      text('steuermarke', 'Nummer der Hundesteuermarke', String(random.int(1000, 9999))),
      date('ende', 'Ende der Hundehaltung', daysFrom(receivedAt, -random.int(0, 20))),
      text('grund', 'Grund', random.pick(['Hund verstorben', 'Hund abgegeben', 'Wegzug aus Musterstadt'])),
      flag('marke_zurueck', 'Steuermarke liegt bei', random.chance(0.7)),
    ],
  }),
  gewerbeanmeldung: ({ random, receivedAt, applicant }) => {
    const [activity, wz] = random.pick(TRADES);
    return {
      title: `Gewerbeanmeldung: ${activity}`,
      formData: [
        group('betrieb', 'Angaben zum Betrieb', [
          text('taetigkeit', 'Angemeldete Tätigkeit', activity),
          text('wz', 'Wirtschaftszweig (WZ 2008)', wz),
          text('rechtsform', 'Rechtsform', applicant.kind === 'organisation' ? 'GmbH' : 'Einzelunternehmen'),
          date('beginn', 'Beginn der Tätigkeit', daysFrom(receivedAt, random.int(1, 45))),
          num('beschaeftigte', 'Zahl der Beschäftigten', random.int(0, 12)),
        ]),
        group('betriebsstaette', 'Betriebsstätte', [
          text('strasse', 'Straße und Hausnummer', Object.values(street(random)).join(' ')),
          flag('hauptniederlassung', 'Hauptniederlassung', true),
        ]),
        flag('erlaubnispflichtig', 'Erlaubnispflichtige Tätigkeit', random.chance(0.15)),
      ],
    };
  },
  baumfaellung: ({ random, receivedAt }) => {
    const trees = Array.from({ length: random.int(1, 3) }, (_, i) =>
      group(`baum_${i + 1}`, `Baum ${i + 1}`, [
        text('art', 'Baumart', random.pick(TREES)),
        num('stammumfang', 'Stammumfang in 1 m Höhe (cm)', random.int(80, 320)),
        text('zustand', 'Zustand', random.pick(['abgestorben', 'Sturmschaden', 'gesund', 'Pilzbefall'])),
      ]),
    );
    return {
      formData: [
        group('grundstueck', 'Grundstück', [
          text('lage', 'Lage', Object.values(street(random)).join(' ')),
          text('flurstueck', 'Flurstück', `Gemarkung Musterstadt, Flur ${random.int(1, 40)}, Flurstück ${random.int(1, 900)}/${random.int(1, 9)}`),
          flag('eigentuemer', 'Antragsteller/in ist Eigentümer/in', random.chance(0.8)),
        ]),
        group('baeume', 'Zu fällende Bäume', trees),
        text('begruendung', 'Begründung', random.pick(['Verkehrssicherheit nicht mehr gegeben', 'Geplanter Anbau', 'Schäden am Fundament'])),
        flag('ersatzpflanzung', 'Ersatzpflanzung vorgesehen', random.chance(0.6)),
        date('termin', 'Geplanter Fälltermin', daysFrom(receivedAt, random.int(14, 120))),
      ],
    };
  },
  bewohnerparken: ({ random, receivedAt }) => ({
    formData: [
      group('fahrzeug', 'Fahrzeug', [
        text('kennzeichen', 'Amtliches Kennzeichen', plate(random)),
        flag('halter', 'Antragsteller/in ist Halter/in', random.chance(0.85)),
      ]),
      text('zone', 'Bewohnerparkzone', random.pick(['A – Altstadt', 'B – Hafen', 'C – Bahnhof'])),
      date('gueltig_ab', 'Gültig ab', daysFrom(receivedAt, random.int(1, 20))),
      num('dauer', 'Geltungsdauer (Monate)', random.pick([6, 12, 24])),
    ],
  }),
  anwohnerparkenBesuch: ({ random, receivedAt }) => ({
    formData: [
      text('kennzeichen', 'Kennzeichen des Besuchsfahrzeugs', plate(random)),
      date('von', 'Besuch von', daysFrom(receivedAt, random.int(1, 10))),
      date('bis', 'Besuch bis', daysFrom(receivedAt, random.int(11, 24))),
      text('anlass', 'Anlass', random.pick(['Pflege eines Angehörigen', 'Handwerkerarbeiten', 'Familienbesuch'])),
    ],
  }),
  sondernutzung: ({ random, receivedAt }) => ({
    formData: [
      text('zweck', 'Zweck der Sondernutzung', random.pick(['Aufstellen eines Containers', 'Gerüst für Fassadenarbeiten', 'Außengastronomie', 'Umzugswagen'])),
      group('flaeche', 'Genutzte Fläche', [
        text('ort', 'Ort', Object.values(street(random)).join(' ')),
        num('laenge', 'Länge (m)', random.int(2, 20)),
        num('breite', 'Breite (m)', random.int(1, 4)),
        flag('gehweg', 'Gehweg betroffen', random.chance(0.6)),
        flag('fahrbahn', 'Fahrbahn betroffen', random.chance(0.3)),
      ]),
      date('von', 'Beginn', daysFrom(receivedAt, random.int(7, 30))),
      date('bis', 'Ende', daysFrom(receivedAt, random.int(31, 90))),
    ],
  }),
  sperrmuell: ({ random, receivedAt }) => {
    const items = ['Sofa', 'Schrank', 'Matratze', 'Tisch', 'Stühle', 'Teppich', 'Regal'];
    const pieces = Array.from({ length: random.int(1, 4) }, (_, i) =>
      group(`gegenstand_${i + 1}`, `Gegenstand ${i + 1}`, [text('art', 'Art', random.pick(items)), num('anzahl', 'Anzahl', random.int(1, 4))]),
    );
    return {
      formData: [
        group('gegenstaende', 'Abzuholende Gegenstände', pieces),
        num('volumen', 'Geschätztes Volumen (m³)', random.int(1, 6)),
        date('wunschtermin', 'Wunschtermin', daysFrom(receivedAt, random.int(5, 30))),
        flag('elektro', 'Elektrogeräte dabei', random.chance(0.3)),
      ],
    };
  },
  veranstaltung: ({ random, receivedAt }) => ({
    title: `Veranstaltungsanzeige: ${random.pick(['Straßenfest', 'Flohmarkt', 'Sommerkonzert', 'Laternenumzug', 'Stadtlauf'])}`,
    formData: [
      group('veranstaltung', 'Veranstaltung', [
        date('datum', 'Datum', daysFrom(receivedAt, random.int(20, 120))),
        text('ort', 'Ort', random.pick(['Rathausplatz', 'Hafenpromenade', 'Stadtpark', 'Alter Markt'])),
        num('besucher', 'Erwartete Besucherzahl', random.int(50, 3000)),
      ]),
      group('auflagen', 'Sicherheit', [
        flag('alkohol', 'Ausschank alkoholischer Getränke', random.chance(0.5)),
        flag('musik', 'Musikdarbietungen', random.chance(0.7)),
        flag('sanitaetsdienst', 'Sanitätsdienst beauftragt', random.chance(0.6)),
      ]),
    ],
  }),
  kita: ({ random, receivedAt }) => ({
    formData: [
      group('kind', 'Angaben zum Kind', [
        text('vorname', 'Vorname', childName(random)),
        date('geburtsdatum', 'Geburtsdatum', daysFrom(receivedAt, -random.int(200, 1500))),
      ]),
      date('betreuung_ab', 'Betreuung gewünscht ab', daysFrom(receivedAt, random.int(60, 300))),
      num('stunden', 'Betreuungsumfang (Stunden pro Woche)', random.pick([20, 25, 30, 35, 45])),
      group('wunsch_kitas', 'Wunscheinrichtungen', [
        text('wunsch_1', '1. Wunsch', random.pick(['Kita Seestern', 'Kita Pusteblume', 'Ev. Kita St. Nikolai'])),
        text('wunsch_2', '2. Wunsch', random.pick(['Kita Regenbogen', 'Waldkindergarten Düsternbrook', 'Kita Hafenzwerge'])),
      ]),
      flag('geschwister', 'Geschwisterkind bereits in der Einrichtung', random.chance(0.2)),
    ],
  }),
  meldebescheinigung: ({ random }) => ({
    formData: [
      text('art', 'Art der Bescheinigung', random.pick(['einfache Meldebescheinigung', 'erweiterte Meldebescheinigung'])),
      text('zweck', 'Verwendungszweck', random.pick(['Vorlage beim Arbeitgeber', 'Kindergeld', 'Wohnungsgeberbestätigung', 'Rentenversicherung'])),
      num('anzahl', 'Anzahl der Ausfertigungen', random.int(1, 2)),
      flag('versand', 'Versand per Post', random.chance(0.5)),
    ],
  }),
  geburtsurkunde: ({ random, receivedAt }) => ({
    formData: [
      group('person', 'Urkunde für', [
        text('name', 'Name bei Geburt', random.pick(['Müller', 'Hansen', 'Schröder', 'Yılmaz'])),
        date('geburtsdatum', 'Geburtsdatum', daysFrom(receivedAt, -random.int(365, 30000))),
        text('geburtsort', 'Geburtsort', 'Musterstadt'),
      ]),
      num('anzahl', 'Anzahl der Urkunden', random.int(1, 3)),
      flag('mehrsprachig', 'Internationale (mehrsprachige) Urkunde', random.chance(0.2)),
    ],
  }),
};
