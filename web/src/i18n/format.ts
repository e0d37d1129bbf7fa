/** German formatting of dates, numbers and sizes (dd.mm.yyyy, 1.234,5). */
const dateFmt = new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'Europe/Berlin' });
const dateTimeFmt = new Intl.DateTimeFormat('de-DE', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Berlin',
});
const numberFmt = new Intl.NumberFormat('de-DE');

function toDate(value: string | Date): Date | null {
  if (value instanceof Date) return value;
  // A plain calendar date (2024-03-01) is a day, not an instant: format it without time-zone shifts.
  const plain = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (plain) return new Date(Date.UTC(Number(plain[1]), Number(plain[2]) - 1, Number(plain[3]), 12));
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  const d = toDate(value);
  return d ? dateFmt.format(d) : String(value);
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const d = toDate(value);
  return d ? dateTimeFmt.format(d) : String(value);
}

export function formatNumber(value: number): string {
  return numberFmt.format(value);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${numberFmt.format(bytes)} Byte`;
  if (bytes < 1024 * 1024) return `${numberFmt.format(Math.round(bytes / 102.4) / 10)} KB`;
  return `${numberFmt.format(Math.round(bytes / (1024 * 104.857)) / 10)} MB`;
}

/** ISO calendar date (yyyy-mm-dd) of a local date. */
export function isoDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Monday 00:00 (local time) of the week that contains d. */
export function startOfWeek(d: Date): Date {
  const r = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  const day = (r.getDay() + 6) % 7;
  r.setDate(r.getDate() - day);
  return r;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether s is a real calendar day written yyyy-mm-dd (what the API takes). */
export function isIsoDate(s: string): boolean {
  const m = ISO_DAY.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** yyyy-mm-dd → TT.MM.JJJJ (anything else unchanged). */
export function isoToGerman(iso: string): string {
  const m = ISO_DAY.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/**
 * What a person types into a date field → yyyy-mm-dd, or null if it is no real day. Takes
 * TT.MM.JJJJ (also 1.2.2026 and spaces around it) and a pasted yyyy-mm-dd; a two-digit year is
 * refused rather than guessed.
 */
export function parseGermanDate(text: string): string | null {
  const s = text.trim();
  if (isIsoDate(s)) return s;
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}
