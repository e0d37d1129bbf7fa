import { sql } from 'kysely';
import { withTenant, type Database } from '../../db/database.js';
import { germanDate, openPdfA } from '../../decisions/pdf.js';
import { tenantName } from '../../decisions/document.js';
import { AppError } from '../../shared/errors.js';
import './tables.js';

/** The Vernichtungsprotokoll's filter: a period of purge dates (inclusive) and/or one list. */
export interface ProtocolFilter { from?: string; to?: string; listId?: string }

export interface ProtocolRow {
  id: string; case_number: string; service_name: string; appraisal: string; case_created_at: Date; case_closed_at: Date | null;
  retention_due_at: Date | null; list_id: string | null; list_number: number | null; reason: string; approved_by: string[]; purged_at: Date;
}

/** An export holds at most this many rows; a longer period must be split (the answer says so). */
export const PROTOCOL_MAX_ROWS = 50_000;

/**
 * Rows of the deletion log (written by the purge worker; no personal data: case number, service,
 * dates, list, approvers), oldest purge first. Bounded: more than `limit` rows is refused.
 */
export async function protocolRows(db: Database, tenantId: string, filter: ProtocolFilter, limit = PROTOCOL_MAX_ROWS): Promise<ProtocolRow[]> {
  const rows = await selectRows(db, tenantId, filter, 'asc', limit + 1);
  if (rows.length > limit) {
    throw new AppError('unprocessable', { field: 'from', detail: `Der Zeitraum umfasst mehr als ${limit.toLocaleString('de-DE')} Löschungen. Bitte wählen Sie einen kürzeren Zeitraum („from“, „to“).` });
  }
  return rows;
}

/** For the screen: the newest `limit` rows and one more (so the caller knows there are more). */
export async function protocolPage(db: Database, tenantId: string, filter: ProtocolFilter, limit: number): Promise<ProtocolRow[]> {
  return selectRows(db, tenantId, filter, 'desc', limit + 1);
}

async function selectRows(db: Database, tenantId: string, filter: ProtocolFilter, order: 'asc' | 'desc', limit: number): Promise<ProtocolRow[]> {
  const rows = await withTenant(db, { tenantId }, async (trx) => {
    let q = trx
      .selectFrom('deletion_log as d')
      .leftJoin('destruction_lists as l', (j) => j.onRef('l.id', '=', 'd.list_id').onRef('l.tenant_id', '=', 'd.tenant_id'))
      .select([
        'd.id', 'd.case_number', 'd.service_name', 'd.appraisal', 'd.case_created_at', 'd.case_closed_at', 'd.retention_due_at',
        'd.list_id', 'l.number as list_number', 'd.reason', 'd.approved_by', 'd.purged_at',
      ]);
    if (filter.from) q = q.where('d.purged_at', '>=', new Date(`${filter.from}T00:00:00Z`));
    if (filter.to) q = q.where('d.purged_at', '<', sql<Date>`${filter.to}::date + 1`);
    if (filter.listId) q = q.where('d.list_id', '=', filter.listId);
    return q.orderBy('d.purged_at', order).orderBy('d.case_number', order).limit(limit).execute();
  });
  return rows as ProtocolRow[];
}

const day = (d: Date | null) => (d ? new Date(d).toISOString().slice(0, 10) : '');
const listLabel = (r: ProtocolRow) => (r.list_number !== null ? `Liste ${r.list_number}` : 'ohne Liste (Art. 17 DSGVO)');

const CSV_HEADER = ['Aktenzeichen', 'Leistung', 'Archivbewertung', 'Angelegt am', 'Abgeschlossen am', 'Aufbewahrung bis', 'Aussonderungsliste', 'Grund', 'Freigegeben von', 'Gelöscht am'];

/** A cell as CSV: quoted, and text that a spreadsheet would run as a formula is defused with a leading apostrophe. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** CSV for spreadsheets used in German offices: UTF-8 with BOM, semicolons, CRLF. */
export function protocolCsv(rows: ProtocolRow[]): string {
  const lines = [CSV_HEADER, ...rows.map((r) => [
    r.case_number, r.service_name, r.appraisal, day(r.case_created_at), day(r.case_closed_at), day(r.retention_due_at),
    listLabel(r), r.reason, r.approved_by.join(', '), new Date(r.purged_at).toISOString(),
  ])];
  return `\uFEFF${lines.map((l) => l.map(cell).join(';')).join('\r\n')}\r\n`;
}

const COLUMNS: Array<{ title: string; width: number; value: (r: ProtocolRow) => string }> = [
  { title: 'Aktenzeichen', width: 92, value: (r) => r.case_number },
  { title: 'Leistung', width: 150, value: (r) => r.service_name },
  { title: 'Bew.', width: 30, value: (r) => r.appraisal },
  { title: 'Abgeschlossen', width: 68, value: (r) => day(r.case_closed_at) },
  { title: 'Frist bis', width: 62, value: (r) => day(r.retention_due_at) },
  { title: 'Liste', width: 62, value: listLabel },
  { title: 'Freigegeben von', width: 140, value: (r) => r.approved_by.join(', ') },
  { title: 'Gelöscht am', width: 70, value: (r) => day(r.purged_at) },
];

/** The Vernichtungsprotokoll as PDF/A-2b (landscape A4, the same generator as the decisions). */
export async function protocolPdf(db: Database, tenantId: string, rows: ProtocolRow[], scope: string): Promise<Buffer> {
  const municipality = await withTenant(db, { tenantId }, (trx) => tenantName(trx, tenantId));
  const now = new Date();
  const { pdf, finished } = openPdfA({ Title: `Vernichtungsprotokoll – ${scope}`, Author: municipality, Subject: 'Vernichtungsprotokoll', CreationDate: now }, 'landscape');
  const left = pdf.page.margins.left;
  pdf.font('bold').fontSize(16).text('Vernichtungsprotokoll', left, pdf.y);
  pdf.font('regular').fontSize(10).text(`${municipality} · ${scope} · erstellt am ${germanDate(now)} · ${rows.length} gelöschte Vorgänge`);
  pdf.fontSize(8).text('Das Protokoll enthält keine personenbezogenen Daten: Aktenzeichen, Leistung, Daten, Liste und die zwei Personen, die die Vernichtung freigegeben haben.');
  pdf.moveDown(1);
  const header = () => {
    let x = left;
    const y = pdf.y;
    pdf.font('bold').fontSize(8);
    for (const c of COLUMNS) { pdf.text(c.title, x, y, { width: c.width - 6 }); x += c.width; }
    pdf.moveTo(left, pdf.y + 2).lineTo(x, pdf.y + 2).lineWidth(0.5).stroke();
    pdf.y += 6;
  };
  header();
  pdf.font('regular').fontSize(8);
  for (const r of rows) {
    if (pdf.y > pdf.page.height - pdf.page.margins.bottom - 30) { pdf.addPage(); header(); pdf.font('regular').fontSize(8); }
    const y = pdf.y;
    let x = left;
    let bottom = y;
    for (const c of COLUMNS) {
      pdf.text(c.value(r), x, y, { width: c.width - 6 });
      bottom = Math.max(bottom, pdf.y);
      x += c.width;
    }
    pdf.y = bottom + 3;
  }
  if (rows.length === 0) pdf.text('Im gewählten Zeitraum wurde kein Vorgang gelöscht.', left, pdf.y);
  pdf.end();
  return finished;
}
