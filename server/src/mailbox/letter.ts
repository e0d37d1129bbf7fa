import { Readable } from 'node:stream';
import type { Actor } from '../auth/principal.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { addAttachment } from '../cases/service.js';
import type { Trx } from '../db/database.js';
import type { Applicant } from '../db/schema.js';
import { applicantLetterName, readAll } from '../decisions/document.js';
import { germanDate, renderLetterPdf } from '../decisions/pdf.js';
import { loadLetterhead } from '../decisions/settings.service.js';
import { AppError } from '../shared/errors.js';
import { postalAddressLines } from './route.js';

export interface LetterCase {
  id: string;
  case_number: string;
  title: string;
  applicant: Applicant;
  applicant_name: string;
}

export interface LetterContent {
  kind: string;
  subject: string;
  body: string;
  replyBy: string | null;
  /** The case attachments that go with the message, in order. */
  attachments: Array<{ id: string; file_name: string; kind?: string }>;
}

const safeName = (caseNumber: string) => caseNumber.replace(/[^\p{L}\p{N}-]+/gu, '-');

/**
 * The printed letter of an outgoing message, filed as a case attachment (kind 'letter') in the
 * caller's transaction. A decision is a letter already (its PDF carries the window address), so it
 * is printed as it is; any other message is set on the letterhead with the enclosures listed.
 */
export async function createLetter(trx: Trx, blobs: BlobStore, tenantId: string, kase: LetterCase, content: LetterContent, actor: Actor): Promise<{ attachmentId: string }> {
  const addressLines = postalAddressLines(kase.applicant);
  if (!addressLines) throw new AppError('letter_without_address', { field: 'applicant.address' });
  const decision = content.kind === 'decision' ? content.attachments.find((a) => a.kind === 'decision') : undefined;
  if (decision) return { attachmentId: decision.id };

  const letterhead = await loadLetterhead(trx, tenantId);
  const logo = letterhead.logo_sha256 ? await readAll(await blobs.get(letterhead.logo_sha256)).catch(() => null) : null;
  const replyBy = content.replyBy ? germanDate(new Date(`${content.replyBy}T12:00:00Z`)) : null;
  const bytes = await renderLetterPdf({
    letterhead: { name: letterhead.name, addressLines: letterhead.address_lines, contact: letterhead.contact, logo },
    recipient: { name: applicantLetterName(kase.applicant, kase.applicant_name), addressLines },
    references: [['Vorgangsnummer', kase.case_number], ['Ihr Antrag', kase.title], ...(replyBy ? [['Antwort erbeten bis', replyBy] as [string, string]] : [])],
    date: new Date(),
    title: content.subject,
    body: replyBy ? `${content.body}\n\nBitte antworten Sie bis zum ${replyBy} und geben Sie dabei die Vorgangsnummer ${kase.case_number} an.` : content.body,
    signer: actor.name,
    enclosures: content.attachments.map((a) => a.file_name),
    footnote: 'Dieses Schreiben wurde elektronisch erstellt und ist ohne Unterschrift gültig.',
    meta: { title: `${content.subject} – ${kase.case_number}`, subject: kase.title },
  });
  const stored = await blobs.put(Readable.from([bytes]));
  const { id } = await addAttachment(trx, tenantId, kase.id, {
    fileName: `Brief-${safeName(kase.case_number)}-${new Date().toISOString().slice(0, 10)}.pdf`,
    // Our own rendering, like a decision PDF: stays not_scanned.
    mimeType: 'application/pdf', sizeBytes: stored.sizeBytes, sha256: stored.sha256, kind: 'letter',
  }, actor);
  return { attachmentId: id };
}
