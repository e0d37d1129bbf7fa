/**
 * German public holidays per state (Bundesland), computed, never fetched: the fixed dates, the
 * Easter-dependent ones (Easter Sunday by the anonymous Gregorian algorithm) and the state-specific
 * ones that apply to the whole state. Holidays that hold only in some municipalities of a state
 * (Fronleichnam in parts of Saxony and Thuringia, Mariä Himmelfahrt in Catholic Bavarian
 * municipalities, Augsburger Friedensfest) are left out: a deadline must not depend on a guess.
 * Days are 'YYYY-MM-DD' strings (calendar days in Germany, no time zone).
 */
export const HOLIDAY_STATES = ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'] as const;
export type HolidayState = (typeof HOLIDAY_STATES)[number];

export const STATE_NAMES: Record<HolidayState, string> = {
  BW: 'Baden-Württemberg', BY: 'Bayern', BE: 'Berlin', BB: 'Brandenburg', HB: 'Bremen', HH: 'Hamburg', HE: 'Hessen',
  MV: 'Mecklenburg-Vorpommern', NI: 'Niedersachsen', NW: 'Nordrhein-Westfalen', RP: 'Rheinland-Pfalz', SL: 'Saarland',
  SN: 'Sachsen', ST: 'Sachsen-Anhalt', SH: 'Schleswig-Holstein', TH: 'Thüringen',
};

export function isHolidayState(value: unknown): value is HolidayState {
  return typeof value === 'string' && (HOLIDAY_STATES as readonly string[]).includes(value);
}

const utc = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day));
export const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const parse = (day: string) => new Date(`${day}T00:00:00Z`);
const plus = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);

/** Easter Sunday (Gregorian), anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(utc(year, month, day));
}

const REFORMATION_DAY: readonly HolidayState[] = ['BB', 'MV', 'SN', 'ST', 'TH'];
const REFORMATION_DAY_SINCE_2018: readonly HolidayState[] = ['HB', 'HH', 'NI', 'SH'];
const ALL_SAINTS: readonly HolidayState[] = ['BW', 'BY', 'NW', 'RP', 'SL'];
const CORPUS_CHRISTI: readonly HolidayState[] = ['BW', 'BY', 'HE', 'NW', 'RP', 'SL'];
const EPIPHANY: readonly HolidayState[] = ['BW', 'BY', 'ST'];

/** The public holidays of a year in a state (null: only the nine nationwide ones), day → name. */
export function holidaysOf(year: number, state: HolidayState | null): Map<string, string> {
  const easter = parse(easterSunday(year));
  const days = new Map<string, string>();
  const add = (date: Date, name: string) => days.set(dayOf(date), name);
  add(utc(year, 1, 1), 'Neujahr');
  add(plus(easter, -2), 'Karfreitag');
  add(plus(easter, 1), 'Ostermontag');
  add(utc(year, 5, 1), 'Tag der Arbeit');
  add(plus(easter, 39), 'Christi Himmelfahrt');
  add(plus(easter, 50), 'Pfingstmontag');
  add(utc(year, 10, 3), 'Tag der Deutschen Einheit');
  add(utc(year, 12, 25), '1. Weihnachtstag');
  add(utc(year, 12, 26), '2. Weihnachtstag');
  if (year === 2017) add(utc(year, 10, 31), 'Reformationstag (500. Jahrestag)');
  if (!state) return days;
  if (EPIPHANY.includes(state)) add(utc(year, 1, 6), 'Heilige Drei Könige');
  if ((state === 'BE' && year >= 2019) || (state === 'MV' && year >= 2023)) add(utc(year, 3, 8), 'Internationaler Frauentag');
  if (state === 'BE' && (year === 2020 || year === 2025)) add(utc(year, 5, 8), 'Tag der Befreiung');
  if (state === 'BB') {
    add(easter, 'Ostersonntag');
    add(plus(easter, 49), 'Pfingstsonntag');
  }
  if (CORPUS_CHRISTI.includes(state)) add(plus(easter, 60), 'Fronleichnam');
  if (state === 'SL') add(utc(year, 8, 15), 'Mariä Himmelfahrt');
  if (state === 'TH' && year >= 2019) add(utc(year, 9, 20), 'Weltkindertag');
  if (REFORMATION_DAY.includes(state) || (REFORMATION_DAY_SINCE_2018.includes(state) && year >= 2018)) add(utc(year, 10, 31), 'Reformationstag');
  if (ALL_SAINTS.includes(state)) add(utc(year, 11, 1), 'Allerheiligen');
  if (state === 'SN') {
    // Buß- und Bettag: the Wednesday before 23 November (between 16 and 22 November).
    const nov23 = utc(year, 11, 23);
    const back = ((nov23.getUTCDay() - 3 + 7) % 7) || 7;
    add(plus(nov23, -back), 'Buß- und Bettag');
  }
  return days;
}

const cache = new Map<string, Map<string, string>>();
function holidayName(day: string, state: HolidayState | null): string | undefined {
  const key = `${day.slice(0, 4)}:${state ?? ''}`;
  let year = cache.get(key);
  if (!year) cache.set(key, (year = holidaysOf(Number(day.slice(0, 4)), state)));
  return year.get(day);
}

/** Why a day is no working day (German, for the UI), or null on a working day. */
export function nonWorkingReason(day: string, state: HolidayState | null): string | null {
  const weekday = parse(day).getUTCDay();
  if (weekday === 6) return 'Samstag';
  if (weekday === 0) return 'Sonntag';
  const holiday = holidayName(day, state);
  return holiday ? `Feiertag (${holiday})` : null;
}

export const isWorkingDay = (day: string, state: HolidayState | null) => nonWorkingReason(day, state) === null;

/** The day itself if it is a working day, else the next one. */
export function nextWorkingDay(day: string, state: HolidayState | null): string {
  let date = parse(day);
  while (!isWorkingDay(dayOf(date), state)) date = plus(date, 1);
  return dayOf(date);
}

/** The n-th working day after `day` (the start day itself does not count); n = 0: the day itself, moved to a working day. */
export function addWorkingDays(day: string, n: number, state: HolidayState | null): string {
  if (n <= 0) return nextWorkingDay(day, state);
  let date = parse(day);
  let left = n;
  while (left > 0) {
    date = plus(date, 1);
    if (isWorkingDay(dayOf(date), state)) left -= 1;
  }
  return dayOf(date);
}

/** Working days in (from, to]: how many working days passed from `from` until `to` (0 if to ≤ from). */
export function workingDaysBetween(from: string, to: string, state: HolidayState | null): number {
  let count = 0;
  let date = parse(from);
  const end = parse(to);
  while (date < end) {
    date = plus(date, 1);
    if (isWorkingDay(dayOf(date), state)) count += 1;
  }
  return count;
}

/** Today's date in Germany (a deadline counts German calendar days). */
export function berlinDay(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
