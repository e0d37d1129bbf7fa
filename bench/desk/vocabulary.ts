/** Word lists for realistic generated cases (German names, streets, services, form content). */

export const FIRST_NAMES = [
  'Anna', 'Lena', 'Marie', 'Sophie', 'Emma', 'Mia', 'Hannah', 'Lea', 'Laura', 'Julia', 'Sarah', 'Katharina', 'Sabine',
  'Petra', 'Monika', 'Ursula', 'Heike', 'Andrea', 'Claudia', 'Birgit', 'Jonas', 'Leon', 'Lukas', 'Felix', 'Paul',
  'Maximilian', 'Tim', 'Jan', 'Niklas', 'Tobias', 'Michael', 'Thomas', 'Andreas', 'Stefan', 'Markus', 'Peter', 'Klaus',
  'Jürgen', 'Wolfgang', 'Uwe', 'Ayşe', 'Mehmet', 'Olena', 'Dmytro', 'Piotr', 'Katarzyna', 'Giulia', 'Luca',
];

export const LAST_NAMES = [
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer',
  'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger',
  'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Schmitz', 'Krause', 'Meier', 'Lehmann', 'Schmid', 'Schulze',
  'Maier', 'Köhler', 'Herrmann', 'König', 'Walter', 'Mayer', 'Huber', 'Kaiser', 'Fuchs', 'Peters', 'Lang', 'Scholz',
  'Möller', 'Weiß', 'Jung', 'Hahn', 'Schubert', 'Vogel', 'Friedrich', 'Keller', 'Günther', 'Frank', 'Berger', 'Winkler',
  'Roth', 'Beck', 'Lorenz', 'Baumann', 'Franke', 'Albrecht', 'Schuster', 'Simon', 'Ludwig', 'Böhm', 'Winter', 'Kraus',
  'Martin', 'Schumacher', 'Krämer', 'Vogt', 'Stein', 'Jäger', 'Otto', 'Sommer', 'Groß', 'Seidel', 'Heinrich', 'Brandt',
  'Haas', 'Schreiber', 'Graf', 'Schulte', 'Dietrich', 'Ziegler', 'Kuhn', 'Kühn', 'Pohl', 'Engel', 'Horn', 'Busch',
  'Bergmann', 'Thomas', 'Voigt', 'Sauer', 'Arnold', 'Wolff', 'Pfeiffer', 'Yılmaz', 'Kowalski', 'Nowak', 'Kovalenko',
];

export const STREETS = [
  'Hauptstraße', 'Schulstraße', 'Gartenstraße', 'Bahnhofstraße', 'Dorfstraße', 'Bergstraße', 'Birkenweg', 'Lindenstraße',
  'Kirchstraße', 'Waldstraße', 'Ringstraße', 'Schillerstraße', 'Goethestraße', 'Am Markt', 'Mühlenweg', 'Feldweg',
  'Rosenweg', 'Amselweg', 'Eichendorffstraße', 'Friedhofstraße',
];

export const CITIES: Array<[postalCode: string, city: string]> = [
  ['24103', 'Kiel'], ['24534', 'Neumünster'], ['25524', 'Itzehoe'], ['23552', 'Lübeck'], ['24937', 'Flensburg'],
  ['25813', 'Husum'], ['24768', 'Rendsburg'], ['23795', 'Bad Segeberg'], ['22926', 'Ahrensburg'], ['24837', 'Schleswig'],
];

/** Services of a municipality: name and the org unit (index into ORG_UNITS) it is routed to. */
export const SERVICES: Array<[name: string, unit: number]> = [
  ['Hundesteuer Anmeldung', 0], ['Gewerbeanmeldung', 1], ['Bewohnerparkausweis', 2], ['Sondernutzungserlaubnis', 2],
  ['Baumfällgenehmigung', 3], ['Sperrmüllabholung', 4], ['Wohngeld', 5], ['Kita-Platz Anmeldung', 5],
  ['Veranstaltungsgenehmigung', 1], ['Halteverbotszone Umzug', 2], ['Fischereischein', 1], ['Grabnutzungsrecht', 4],
];

export const ORG_UNITS: Array<[name: string, code: string]> = [
  ['Steueramt', 'STA'], ['Ordnungsamt', 'OA'], ['Straßenverkehrsamt', 'SVA'], ['Bauamt', 'BA'], ['Umweltamt', 'UA'],
  ['Sozialamt', 'SOZ'],
];

/** Nouns for form content, so German stemming and full-text search have something to find. */
export const WORDS = [
  'Baum', 'Bäume', 'Eiche', 'Buche', 'Fällung', 'Sturmschaden', 'Hund', 'Dackel', 'Schäferhund', 'Labrador', 'Steuer',
  'Anmeldung', 'Abmeldung', 'Gewerbe', 'Bäckerei', 'Friseursalon', 'Imbiss', 'Parkausweis', 'Stellplatz', 'Garage',
  'Carport', 'Zaun', 'Hecke', 'Grundstück', 'Gehweg', 'Straßenfest', 'Flohmarkt', 'Konzert', 'Feuerwerk', 'Zelt',
  'Bühne', 'Sperrmüll', 'Schrank', 'Sofa', 'Matratze', 'Kühlschrank', 'Waschmaschine', 'Wohngeld', 'Miete', 'Einkommen',
  'Kita', 'Krippe', 'Betreuung', 'Ganztag', 'Umzug', 'Möbelwagen', 'Halteverbot', 'Container', 'Gerüst', 'Baustelle',
  'Angel', 'Fischerei', 'Prüfung', 'Grabstelle', 'Urnengrab', 'Verlängerung', 'Nachweis', 'Bescheinigung', 'Rechnung',
  'Lärm', 'Beschwerde', 'Nachbar', 'Spielplatz', 'Fahrrad', 'Laterne', 'Schlagloch', 'Wasserschaden', 'Keller', 'Dach',
];

export const STATUSES_RECENT = ['new', 'new', 'new', 'new', 'accepted', 'accepted', 'in_progress', 'forwarded'];
export const STATUSES_MONTHS = ['new', 'accepted', 'in_progress', 'in_progress', 'in_progress', 'decided', 'decided', 'closed', 'rejected', 'forwarded'];
/** Older cases are mostly finished. */
export const STATUSES_OLD = [
  ...Array(14).fill('closed'), 'decided', 'decided', 'rejected', 'deletion_requested', 'in_progress', 'reopened',
] as string[];

/** A SQL text[] literal of the values (single quotes doubled). */
export function sqlArray(values: readonly string[]): string {
  return `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]::text[]`;
}
