import { germanDate, openPdfA } from '../../decisions/pdf.js';
import type { Applicant, FormItem } from '../../db/schema.js';
import type { CaseBundle } from './repository.js';

/**
 * The two documents a case has only as data, rendered as PDF/A-2b with the generator of the
 * decisions and the Vernichtungsprotokoll (decisions/pdf.ts: embedded fonts, XMP, sRGB intent).
 */

const dateTime = (at: Date | string) =>
  new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));

function valueOf(item: FormItem): string {
  if (item.stringValue !== undefined) return item.stringValue;
  if (item.numberValue !== undefined) return String(item.numberValue);
  if (item.dateValue !== undefined) return item.dateValue;
  if (item.booleanValue !== undefined) return item.booleanValue ? 'ja' : 'nein';
  return '';
}

function applicantLines(a: Applicant): string[] {
  const name = a.kind === 'organisation' ? a.organisationName ?? '' : [a.firstName, a.lastName].filter(Boolean).join(' ');
  const address = a.address
    ? [[a.address.street, a.address.houseNumber].filter(Boolean).join(' '), [a.address.postalCode, a.address.city].filter(Boolean).join(' ')].filter(Boolean)
    : [];
  return [name, ...address].filter(Boolean);
}

/** The application as the applicant filled it in: applicant, then every field with its label, groups indented. */
export async function renderFormPdf(bundle: CaseBundle, author: string): Promise<Buffer> {
  const { kase } = bundle;
  const { pdf, finished } = openPdfA({ Title: `Antrag ${kase.case_number}`, Author: author, Subject: kase.service_name, CreationDate: new Date(kase.received_at) });
  const left = pdf.page.margins.left;
  pdf.font('bold').fontSize(15).text(`Antrag – ${kase.service_name}`, left, pdf.y);
  pdf.font('regular').fontSize(10).text(`Aktenzeichen ${kase.case_number} · eingegangen am ${dateTime(kase.received_at)} · Eingangsweg ${kase.channel}`);
  pdf.moveDown(0.8);
  pdf.font('bold').fontSize(11).text('Antragstellende Person');
  pdf.font('regular').fontSize(10);
  for (const line of applicantLines(kase.applicant)) pdf.text(line);
  pdf.moveDown(0.8);
  pdf.font('bold').fontSize(11).text('Angaben im Antrag');
  const walk = (items: FormItem[], depth: number) => {
    for (const item of items) {
      const indent = left + depth * 14;
      if (item.formItems?.length) {
        pdf.font('bold').fontSize(10).text(item.label || item.name, indent, pdf.y);
        walk(item.formItems, depth + 1);
      } else {
        pdf.font('regular').fontSize(10).text(`${item.label || item.name}: ${valueOf(item)}`, indent, pdf.y);
      }
    }
  };
  walk(kase.form_data ?? [], 0);
  pdf.end();
  return finished;
}

/** One line per history event: when, who, what (event type and the status it moved to, where there is one). */
function eventLine(event: CaseBundle['events'][number]): string {
  const status = event.data && typeof event.data.status === 'object' && event.data.status !== null ? (event.data.status as { from?: unknown; to?: unknown }) : null;
  const move = status && typeof status.to === 'string' ? ` (Status: ${String(status.from ?? '–')} → ${status.to})` : '';
  return `${dateTime(event.occurred_at)} · ${event.actor_name} · ${event.type}${move}`;
}

/** The Bearbeitungsprotokoll: the case's hash-chained history, event by event, with its chain positions. */
export async function renderHistoryPdf(bundle: CaseBundle, author: string, now: Date): Promise<Buffer> {
  const { kase, events } = bundle;
  const { pdf, finished } = openPdfA({ Title: `Bearbeitungsprotokoll ${kase.case_number}`, Author: author, Subject: 'Bearbeitungsprotokoll', CreationDate: now });
  const left = pdf.page.margins.left;
  pdf.font('bold').fontSize(15).text('Bearbeitungsprotokoll', left, pdf.y);
  pdf.font('regular').fontSize(10).text(`${author} · Aktenzeichen ${kase.case_number} · ${kase.title}`);
  pdf.fontSize(8).text(`Erstellt am ${germanDate(now)} aus der fälschungssicher verketteten Historie (${events.length} Einträge).`);
  pdf.moveDown(0.8);
  pdf.fontSize(9);
  for (const event of events) pdf.text(`#${String(event.seq)} · ${eventLine(event)}`, left, pdf.y);
  if (events.length === 0) pdf.text('Keine Einträge.', left, pdf.y);
  pdf.end();
  return finished;
}
