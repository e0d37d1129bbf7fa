import type { Readable } from 'node:stream';
import type { BlobStore } from '../../blobs/blob-store.js';
import type { Viewer } from '../../cases/viewer.js';
import { withTenant, type Database } from '../../db/database.js';
import { readAll, tenantName } from '../../decisions/document.js';
import { renderLetterPdf } from '../../decisions/pdf.js';
import { loadLetterhead } from '../../decisions/settings.service.js';
import { AppError, notFound } from '../../shared/errors.js';
import { recordAccess } from '../access-log.js';
import { findSubjectCases, type SubjectCaseRow, type SubjectQuery } from './repository.js';
import { buildSubjectReport, reportText, type SubjectReport } from './report.js';
import { MAX_ZIP_BYTES, ZipWriter } from './zip.js';

/** At most this many cases are listed for one search; the officer narrows the search beyond. */
export const SEARCH_LIMIT = 200;

export async function searchSubject(db: Database, viewer: Viewer, query: SubjectQuery): Promise<SubjectCaseRow[]> {
  if (!query.name?.trim() && !query.email?.trim() && !query.mailboxId?.trim() && !query.caseNumbers?.some((n) => n.trim())) {
    throw new AppError('validation_failed', { field: 'name', detail: 'Bitte geben Sie Name, E-Mail-Adresse, Postfach-Kennung oder Vorgangsnummern der Person an.' });
  }
  return withTenant(db, { tenantId: viewer.tenantId }, (trx) => findSubjectCases(trx, query, SEARCH_LIMIT));
}

export interface ReportDownload { fileName: string; stream: Readable }

/**
 * The Art. 15 access report for the chosen cases as a ZIP: Auskunft.pdf (PDF/A, the tenant's
 * letterhead), auskunft.json and every file. The data is read in one transaction; the files are
 * then streamed into the archive one after another, so memory stays bounded whatever their size.
 * Each case is recorded in the access log as exported.
 */
export async function subjectReport(db: Database, blobs: BlobStore, viewer: Viewer, caseIds: string[], now = new Date()): Promise<ReportDownload> {
  const ids = [...new Set(caseIds)];
  const { report, pdf } = await withTenant(db, { tenantId: viewer.tenantId }, async (trx) => {
    const letterhead = await loadLetterhead(trx, viewer.tenantId);
    const controller = letterhead.name || (await tenantName(trx, viewer.tenantId));
    const report = await buildSubjectReport(trx, ids, controller, now);
    // All or nothing: an id that is not a case of this tenant answers 404, as everywhere.
    const missing = ids.find((id) => !report.cases.some((c) => c.caseId === id));
    if (missing) throw notFound(`Der Vorgang „${missing}“`);
    const total = report.files.reduce((sum, f) => sum + f.sizeBytes, 0);
    if (total > MAX_ZIP_BYTES - 64 * 1024 * 1024) throw new AppError('subject_report_too_large', { field: 'caseIds' });
    let logo: Buffer | null = null;
    if (letterhead.logo_sha256) logo = await readAll(await blobs.get(letterhead.logo_sha256)).catch(() => null);
    const first = report.cases[0]!.applicant;
    const pdf = await renderLetterPdf({
      letterhead: { name: letterhead.name || controller, addressLines: letterhead.address_lines, contact: letterhead.contact, logo },
      recipient: {
        name: first.organisationName ?? ([first.firstName, first.lastName].filter(Boolean).join(' ') || 'Antragstellende Person'),
        addressLines: first.address ? [[first.address.street, first.address.houseNumber].filter(Boolean).join(' '), [first.address.postalCode, first.address.city].filter(Boolean).join(' ')].filter(Boolean) : [],
      },
      references: [['Vorgänge', String(report.cases.length)]],
      date: now,
      title: 'Auskunft nach Art. 15 DSGVO',
      subtitle: 'Ihre bei uns gespeicherten personenbezogenen Daten',
      body: reportText(report),
      signer: viewer.actor.name,
      enclosures: ['auskunft.json (maschinenlesbar)', ...report.files.map((f) => f.path)],
      footnote: 'Diese Auskunft wurde elektronisch erstellt und ist ohne Unterschrift gültig.',
      meta: { title: 'Auskunft nach Art. 15 DSGVO', subject: 'Datenauskunft' },
    });
    return { report, pdf };
  });
  for (const c of report.cases) recordAccess(db, viewer, { caseId: c.caseId, caseNumber: c.caseNumber, action: 'exported' });
  const zip = new ZipWriter();
  void writeArchive(zip, blobs, report, pdf, now).catch((error: unknown) => zip.output.destroy(error as Error));
  return { fileName: `Auskunft-Art15-${now.toISOString().slice(0, 10)}.zip`, stream: zip.output };
}

async function writeArchive(zip: ZipWriter, blobs: BlobStore, report: SubjectReport, pdf: Buffer, now: Date): Promise<void> {
  await zip.add('Auskunft.pdf', pdf, now);
  await zip.add('auskunft.json', Buffer.from(JSON.stringify(report, null, 2), 'utf8'), now);
  for (const file of report.files) await zip.add(file.path, await blobs.get(file.sha256), now);
  await zip.finish();
}
