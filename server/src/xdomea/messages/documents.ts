import { createHash } from 'node:crypto';
import { readAll } from '../../decisions/document.js';
import type { BlobStore } from '../../blobs/index.js';
import { sanitizeFileName } from '../../intake/file-names.js';
import { formatOf, PDF_A_2B, type FileFormat } from './formats.js';
import { renderFormPdf, renderHistoryPdf } from './pdf.js';
import type { AttachmentRecord, CaseBundle, MessageRecord } from './repository.js';

/** One file of a document, as it goes into the ZIP (name starts with a UUID, as stringDateinameType wants). */
export interface PlannedFile { fileName: string; originalName: string; format: FileFormat; sha256: string; createdAt: Date; content: Buffer }

/** One xdomea Dokument of a case: its metadata and, for messages with content, its files and annexes. */
export interface PlannedDocument {
  id: string;
  subject: string;
  type: string;
  receivedOn?: Date | null;
  sentOn?: Date | null;
  author?: string | null;
  note?: string;
  files: PlannedFile[];
  annexes: PlannedDocument[];
}

/** A stable UUID for a document we generate (form, protocol), so a resent message names the same objects. */
export function derivedUuid(caseId: string, purpose: string): string {
  const h = createHash('sha256').update(`amtsdesk-xdomea:${caseId}:${purpose}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');
const INFECTED_NOTE = 'Die Datei wurde bei der Prüfung auf Schadsoftware gesperrt und wird nicht übergeben.';

export interface PlanOptions {
  /** false for the Anbieteverzeichnis (0501): metadata only, no file is read or rendered. */
  withContent: boolean;
  blobs: BlobStore;
  /** The authority's name: author of the generated PDFs. */
  author: string;
  now: Date;
}

/**
 * The documents of a case in the order a reader expects them: the application (as PDF/A and as
 * the data it arrived as), the files handed in with it, the messages with their files, the
 * decisions, and the history protocol. Every file appears once: a file sent with a message is that
 * message's annex, a decision PDF is the decision's document.
 */
export async function planDocuments(bundle: CaseBundle, options: PlanOptions): Promise<PlannedDocument[]> {
  const { kase } = bundle;
  const byId = new Map(bundle.attachments.map((a) => [a.id, a]));
  const decisionFiles = new Set(bundle.decisions.map((d) => d.attachment_id));
  const placed = new Set<string>([...decisionFiles, ...bundle.messages.flatMap((m) => (m.letter_attachment_id ? [m.letter_attachment_id] : []))]);

  const fileOf = async (a: AttachmentRecord): Promise<PlannedFile[]> => {
    if (!options.withContent || a.scan_status === 'infected') return [];
    const content = await readAll(await options.blobs.get(a.sha256));
    return [{ fileName: `${a.id}_${sanitizeFileName(a.file_name)}`, originalName: a.file_name, format: formatOf(a.mime_type), sha256: a.sha256, createdAt: new Date(a.created_at), content }];
  };
  const attachmentDocument = async (a: AttachmentRecord, type: string): Promise<PlannedDocument> => ({
    id: a.id, subject: a.file_name, type, receivedOn: a.kind === 'message' ? null : a.created_at, files: await fileOf(a), annexes: [],
    note: a.scan_status === 'infected' ? INFECTED_NOTE : undefined,
  });

  const documents: PlannedDocument[] = [];
  const formId = derivedUuid(kase.id, 'antrag');
  const formFiles: PlannedFile[] = [];
  if (options.withContent) {
    const pdf = await renderFormPdf(bundle, options.author);
    const data = Buffer.from(JSON.stringify({ applicant: kase.applicant, formData: kase.form_data, channel: kase.channel, transactionId: kase.transaction_id }, null, 2), 'utf8');
    formFiles.push(
      { fileName: `${formId}_Antrag.pdf`, originalName: 'Antrag.pdf', format: PDF_A_2B, sha256: sha256(pdf), createdAt: options.now, content: pdf },
      { fileName: `${formId}_Antragsdaten.json`, originalName: 'Antragsdaten.json', format: formatOf('application/json'), sha256: sha256(data), createdAt: new Date(kase.received_at), content: data },
    );
  }
  documents.push({ id: formId, subject: `Antrag: ${kase.service_name}`, type: 'Antrag', receivedOn: kase.received_at, files: formFiles, annexes: [] });

  const linked = new Set(bundle.messages.flatMap((m) => m.attachment_ids));
  for (const a of bundle.attachments) {
    if (!placed.has(a.id) && !linked.has(a.id)) documents.push(await attachmentDocument(a, 'Anlage zum Antrag'));
  }

  for (const m of bundle.messages) documents.push(await messageDocument(m, byId, placed, options, attachmentDocument, fileOf));

  for (const d of bundle.decisions) {
    const a = byId.get(d.attachment_id);
    if (!a) continue;
    const doc = await attachmentDocument(a, 'Bescheid');
    documents.push({ ...doc, id: d.id, subject: `Bescheid (${d.kind === 'approval' ? 'Bewilligung' : 'Ablehnung'})`, receivedOn: null, sentOn: d.sent_at, author: d.released_by_name });
  }

  const protocolId = derivedUuid(kase.id, 'bearbeitungsprotokoll');
  const protocolFiles: PlannedFile[] = [];
  if (options.withContent) {
    const pdf = await renderHistoryPdf(bundle, options.author, options.now);
    protocolFiles.push({ fileName: `${protocolId}_Bearbeitungsprotokoll.pdf`, originalName: 'Bearbeitungsprotokoll.pdf', format: PDF_A_2B, sha256: sha256(pdf), createdAt: options.now, content: pdf });
  }
  documents.push({ id: protocolId, subject: 'Bearbeitungsprotokoll', type: 'Protokoll', files: protocolFiles, annexes: [] });
  return documents;
}

/** A message: its letter PDF or its text as a UTF-8 text file, and every file sent or received with it as an annex. */
async function messageDocument(
  m: MessageRecord, byId: Map<string, AttachmentRecord>, placed: Set<string>, options: PlanOptions,
  attachmentDocument: (a: AttachmentRecord, type: string) => Promise<PlannedDocument>,
  fileOf: (a: AttachmentRecord) => Promise<PlannedFile[]>,
): Promise<PlannedDocument> {
  const incoming = m.direction === 'in';
  let files: PlannedFile[] = [];
  const letter = m.letter_attachment_id ? byId.get(m.letter_attachment_id) : undefined;
  if (letter) files = await fileOf(letter);
  else if (options.withContent) {
    const when = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'long', timeStyle: 'short' }).format(new Date(m.sent_at ?? m.created_at));
    const text = Buffer.from(`Betreff: ${m.subject}\nDatum: ${when}\n${incoming ? 'Eingang über' : 'Versand über'}: ${m.channel}\n\n${m.body}\n`, 'utf8');
    files = [{ fileName: `${m.id}_Nachricht.txt`, originalName: 'Nachricht.txt', format: formatOf('text/plain'), sha256: sha256(text), createdAt: new Date(m.created_at), content: text }];
  }
  const annexes: PlannedDocument[] = [];
  for (const id of m.attachment_ids) {
    const a = byId.get(id);
    if (!a || placed.has(id)) continue;
    placed.add(id);
    annexes.push(await attachmentDocument(a, incoming ? 'Anlage zur Antwort' : 'Anlage zur Nachricht'));
  }
  return {
    id: m.id, subject: m.subject, type: incoming ? 'Nachricht (Eingang)' : m.channel === 'letter' ? 'Brief (Ausgang)' : 'Nachricht (Ausgang)',
    receivedOn: incoming ? m.created_at : null, sentOn: incoming ? null : m.sent_at ?? m.created_at, author: incoming ? null : m.created_by_name,
    files, annexes,
  };
}
