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

/** A letter on the tenant's letterhead (decision or printed message), laid out for a DIN 5008 window envelope. */
export interface LetterDocument {
  letterhead: Letterhead;
  recipient: { name: string; addressLines: string[] };
  /** Informationsblock, right of the window: label and value. */
  references: Array<[string, string]>;
  date: Date;
  title: string;
  subtitle?: string;
  body: string;
  signer: string;
  /** "Anlagen": names of the documents that go with the letter. */
  enclosures?: string[];
  footnote: string;
  /** PDF metadata. */
  meta: { title: string; subject: string };
  draft?: boolean;
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
      detail: 'Das Schreiben kann nicht erzeugt werden: die Schriftart DejaVu fehlt auf dem Server (Debian-Paket fonts-dejavu-core).',
      internal: `fonts missing: ${missing.join(', ')} (set AMTSDESK_FONT_DIR or install fonts-dejavu-core)`,
    });
  }
}

export const germanDate = (date: Date) =>
  new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: 'long', year: 'numeric' }).format(date);

/** Millimetres in PDF points. */
const mm = (value: number) => (value * 72) / 25.4;

/**
 * DIN 5008 form B on A4: the address field of a window envelope starts 45 mm from the top and
 * 20 mm from the left (85 × 45 mm); its first 17.7 mm are the zone for the sender line, then the
 * address. The information block starts 50 mm from the top, 125 mm from the left; the subject
 * line at about 98.5 mm. Fold marks at 105 and 210 mm, the punch mark at 148.5 mm.
 */
const DIN = { addressLeft: mm(25), senderTop: mm(55), addressTop: mm(62.7), addressWidth: mm(80), infoLeft: mm(125), infoTop: mm(50), subjectTop: mm(98.5) };

/**
 * A new PDF/A-2b document (PDF 1.7, only embedded TrueType fonts, XMP with the PDF/A identification,
 * sRGB output intent) with the fonts 'regular' and 'bold' registered; `finished` resolves with the
 * bytes after pdf.end(). Letters and the Vernichtungsprotokoll (records/destruction) share it.
 */
export function openPdfA(info: { Title: string; Author: string; Subject: string; CreationDate: Date }, layout: 'portrait' | 'landscape' = 'portrait') {
  fontsOrFail();
  const pdf = new PDFDocument({
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    size: 'A4',
    layout,
    margins: { top: 56, bottom: 64, left: 70, right: 56 },
    font: REGULAR,
    lang: 'de-DE',
    displayTitle: true,
    info: { ...info, Creator: 'Amtsdesk', Producer: 'Amtsdesk (PDFKit)' },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('regular', REGULAR);
  pdf.registerFont('bold', BOLD);
  return { pdf, finished };
}

/**
 * A letter as PDF/A-2b: PDF 1.7, only embedded TrueType fonts, XMP metadata with the PDF/A
 * identification (pdfaid:part 2, conformance B) and an sRGB output intent (both from pdfkit's
 * subset support). Letterhead, window address, information block, title, text, signature block.
 */
export async function renderLetterPdf(doc: LetterDocument): Promise<Buffer> {
  const { pdf, finished } = openPdfA({ Title: doc.meta.title, Author: doc.letterhead.name, Subject: doc.meta.subject, CreationDate: doc.date });
  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;

  // Fold and punch marks for the print centre's folding machine and for filing.
  for (const y of [mm(105), mm(148.5), mm(210)]) pdf.moveTo(mm(4), y).lineTo(mm(y === mm(148.5) ? 9 : 7), y).lineWidth(0.3).stroke();

  // Letterhead, right-aligned above the window; logo on the left when there is one.
  const top = pdf.y;
  if (doc.letterhead.logo) {
    try {
      pdf.image(doc.letterhead.logo, left, top, { fit: [120, 60] });
    } catch {
      // An unreadable logo must not stop the letter; the text letterhead is enough.
    }
  }
  pdf.font('bold').fontSize(13).text(doc.letterhead.name, left, top, { width, align: 'right' });
  pdf.font('regular').fontSize(9);
  for (const line of doc.letterhead.addressLines) pdf.text(line, { width, align: 'right' });
  if (doc.letterhead.contact) pdf.text(doc.letterhead.contact, { width, align: 'right' });

  // Window: sender line (7 pt) and the recipient, where the envelope shows them.
  const sender = [doc.letterhead.name, ...doc.letterhead.addressLines].join(' · ');
  pdf.font('regular').fontSize(7).text(sender, DIN.addressLeft, DIN.senderTop, { width: DIN.addressWidth, lineBreak: false, ellipsis: true });
  pdf.fontSize(11).text(doc.recipient.name, DIN.addressLeft, DIN.addressTop, { width: DIN.addressWidth });
  for (const line of doc.recipient.addressLines) pdf.text(line, { width: DIN.addressWidth });
  const recipientBottom = pdf.y;

  const infoWidth = pdf.page.width - pdf.page.margins.right - DIN.infoLeft;
  pdf.fontSize(9).text('', DIN.infoLeft, DIN.infoTop);
  for (const [label, value] of [...doc.references, ['Datum', germanDate(doc.date)] as [string, string]]) {
    pdf.text(`${label}: ${value}`, { width: infoWidth });
  }

  pdf.y = Math.max(recipientBottom + 24, pdf.y + 24, DIN.subjectTop);
  pdf.font('bold').fontSize(16).text(doc.title, left, pdf.y, { width });
  if (doc.subtitle) pdf.font('regular').fontSize(11).text(doc.subtitle, { width });
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
  if (doc.enclosures?.length) {
    pdf.font('regular').fontSize(10).moveDown(1.2).text('Anlagen', { width });
    for (const name of doc.enclosures) pdf.text(`– ${name}`, { width });
  }
  pdf.font('regular').fontSize(8).moveDown(1).text(doc.footnote, { width });
  pdf.end();
  return finished;
}

/** A decision: the letter with the decision's title and references. */
export async function renderDecisionPdf(doc: DecisionDocument): Promise<Buffer> {
  const kind = KIND_TITLE[doc.kind];
  return renderLetterPdf({
    letterhead: doc.letterhead,
    recipient: doc.recipient,
    references: [['Vorgangsnummer', doc.caseNumber], ['Leistung', doc.serviceName]],
    date: doc.date,
    title: 'Bescheid',
    subtitle: `${kind} – ${doc.serviceName}`,
    body: doc.body,
    signer: doc.signer,
    footnote: 'Dieser Bescheid wurde elektronisch erstellt und ist ohne Unterschrift gültig.',
    meta: { title: `Bescheid – ${kind} ${doc.caseNumber}`, subject: doc.serviceName },
    draft: doc.draft,
  });
}
