import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from '../shared/errors.js';

/** DejaVu from Debian's fonts-dejavu-core: TrueType, embedded (subset) into every decision. */
export const FONT_DIR = process.env.AMTSDESK_FONT_DIR ?? '/usr/share/fonts/truetype/dejavu';
const REGULAR = `${FONT_DIR}/DejaVuSans.ttf`;
const BOLD = `${FONT_DIR}/DejaVuSans-Bold.ttf`;

export interface Letterhead {
  name: string;
  addressLines: string[];
  contact: string;
  logo?: Buffer | null;
}

export interface DecisionDocument {
  letterhead: Letterhead;
  recipient: { name: string; addressLines: string[] };
  caseNumber: string;
  serviceName: string;
  kind: 'approval' | 'rejection';
  date: Date;
  body: string;
  signer: string;
  /** "Entwurf" watermark for previews of drafts. */
  draft?: boolean;
}

const KIND_TITLE = { approval: 'Bewilligung', rejection: 'Ablehnung' } as const;

function fontsOrFail(): void {
  const missing = [REGULAR, BOLD].filter((f) => !existsSync(f));
  if (missing.length) {
    throw new AppError('internal', {
      detail: 'Der Bescheid kann nicht erzeugt werden: die Schriftart DejaVu fehlt auf dem Server (Debian-Paket fonts-dejavu-core).',
      internal: `fonts missing: ${missing.join(', ')} (set AMTSDESK_FONT_DIR or install fonts-dejavu-core)`,
    });
  }
}

const germanDate = (date: Date) =>
  new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: 'long', year: 'numeric' }).format(date);

/**
 * A decision as PDF/A-2b: PDF 1.7, only embedded TrueType fonts, XMP metadata with the PDF/A
 * identification (pdfaid:part 2, conformance B) and an sRGB output intent (both from pdfkit's
 * subset support). Letterhead, recipient, case number and date, title, text, signature block.
 */
export async function renderDecisionPdf(doc: DecisionDocument): Promise<Buffer> {
  fontsOrFail();
  const title = `Bescheid – ${KIND_TITLE[doc.kind]}`;
  const pdf = new PDFDocument({
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 70, right: 56 },
    font: REGULAR,
    lang: 'de-DE',
    displayTitle: true,
    info: {
      Title: `${title} ${doc.caseNumber}`,
      Author: doc.letterhead.name,
      Subject: doc.serviceName,
      Creator: 'Amtsdesk',
      Producer: 'Amtsdesk (PDFKit)',
      CreationDate: doc.date,
    },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('regular', REGULAR);
  pdf.registerFont('bold', BOLD);
  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;

  // Letterhead, right-aligned; logo on the left when there is one.
  const top = pdf.y;
  if (doc.letterhead.logo) {
    try {
      pdf.image(doc.letterhead.logo, left, top, { fit: [120, 60] });
    } catch {
      // An unreadable logo must not stop the decision; the text letterhead is enough.
    }
  }
  pdf.font('bold').fontSize(13).text(doc.letterhead.name, left, top, { width, align: 'right' });
  pdf.font('regular').fontSize(9);
  for (const line of doc.letterhead.addressLines) pdf.text(line, { width, align: 'right' });
  if (doc.letterhead.contact) pdf.text(doc.letterhead.contact, { width, align: 'right' });
  pdf.moveTo(left, Math.max(pdf.y, top + 64) + 6).lineTo(left + width, Math.max(pdf.y, top + 64) + 6).lineWidth(0.5).stroke();

  // Recipient window and reference block.
  const blockTop = Math.max(pdf.y, top + 64) + 24;
  pdf.font('regular').fontSize(7).text(`${doc.letterhead.name} · ${doc.letterhead.addressLines.join(' · ')}`, left, blockTop, { width: 250 });
  pdf.fontSize(11).moveDown(0.6);
  pdf.text(doc.recipient.name, { width: 250 });
  for (const line of doc.recipient.addressLines) pdf.text(line, { width: 250 });
  const recipientBottom = pdf.y;
  pdf.fontSize(9);
  pdf.text(`Vorgangsnummer: ${doc.caseNumber}`, left + 290, blockTop, { width: width - 290 });
  pdf.text(`Leistung: ${doc.serviceName}`, { width: width - 290 });
  pdf.text(`Datum: ${germanDate(doc.date)}`, { width: width - 290 });

  pdf.y = Math.max(recipientBottom, pdf.y) + 36;
  pdf.font('bold').fontSize(16).text('Bescheid', left, pdf.y, { width });
  pdf.font('regular').fontSize(11).text(`${KIND_TITLE[doc.kind]} – ${doc.serviceName}`, { width });
  if (doc.draft) pdf.font('bold').fontSize(10).fillColor('#a00000').text('ENTWURF – nicht versandt', { width }).fillColor('black');
  pdf.moveDown(1.2);

  pdf.font('regular').fontSize(11);
  for (const paragraph of doc.body.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    pdf.text(paragraph, { width, align: 'left', lineGap: 2 });
    pdf.moveDown(0.8);
  }

  pdf.moveDown(1);
  pdf.text('Mit freundlichen Grüßen', { width });
  pdf.text('Im Auftrag', { width });
  pdf.moveDown(1.5);
  pdf.font('bold').text(doc.signer, { width });
  pdf.font('regular').fontSize(8).moveDown(1).text(
    'Dieser Bescheid wurde elektronisch erstellt und ist ohne Unterschrift gültig.',
    { width },
  );
  pdf.end();
  return finished;
}
