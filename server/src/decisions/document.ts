import type { Readable } from 'node:stream';
import type { Trx } from '../db/database.js';
import type { Applicant, FormItem } from '../db/schema.js';
import type { BlobStore } from '../blobs/blob-store.js';
import type { CaseDetailRow } from '../cases/repository.js';
import { addressLine, type PlaceholderContext } from './placeholders.js';
import { renderDecisionPdf } from './pdf.js';
import { loadLetterhead } from './settings.service.js';
import type { DecisionKind } from './templates.service.js';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function tenantName(trx: Trx, tenantId: string): Promise<string> {
  return (await trx.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirstOrThrow()).name;
}

/** What placeholders are filled from: the case, its applicant and form data, tenant and caseworker. */
export async function placeholderContext(trx: Trx, tenantId: string, row: CaseDetailRow, actorName: string): Promise<PlaceholderContext> {
  return {
    applicant: row.applicant as unknown as Applicant,
    applicantName: letterNameOf(row),
    caseNumber: row.case_number,
    receivedAt: new Date(row.received_at),
    serviceName: row.service_name,
    tenantName: (await loadLetterhead(trx, tenantId)).name || (await tenantName(trx, tenantId)),
    caseworkerName: row.assignee_name ?? actorName,
    formData: row.form_data as unknown as FormItem[],
  };
}

/** The name as a letter writes it ("Anna Schmidt"), not in filing order ("Schmidt, Anna") as the inbox lists it. */
function letterNameOf(row: CaseDetailRow): string {
  return applicantLetterName(row.applicant as unknown as Applicant, row.applicant_name);
}

/** The applicant's name as the first line of a letter's address; `fallback` when the data has none. */
export function applicantLetterName(applicant: Applicant, fallback: string): string {
  return applicant.kind === 'organisation' && applicant.organisationName
    ? applicant.organisationName
    : [applicant.firstName, applicant.lastName].filter((v) => v?.trim()).join(' ') || fallback;
}

function recipientOf(row: CaseDetailRow) {
  const applicant = row.applicant as unknown as Applicant;
  const a = applicant.address;
  const name = letterNameOf(row);
  const lines = a
    ? [[a.street, a.houseNumber].filter((v) => v?.trim()).join(' '), [a.postalCode, a.city].filter((v) => v?.trim()).join(' ')].filter(Boolean)
    : [];
  return { name, addressLines: lines.length ? lines : [addressLine(applicant)].filter(Boolean) };
}

/** The decision text on the tenant's letterhead as PDF/A-2b. */
export async function buildDecisionPdf(
  trx: Trx, blobs: BlobStore, tenantId: string, row: CaseDetailRow,
  decision: { kind: string; text: string | null }, signer: string, options: { draft?: boolean; date?: Date } = {},
): Promise<Buffer> {
  const letterhead = await loadLetterhead(trx, tenantId);
  let logo: Buffer | null = null;
  if (letterhead.logo_sha256) logo = await readAll(await blobs.get(letterhead.logo_sha256)).catch(() => null);
  return renderDecisionPdf({
    letterhead: { name: letterhead.name, addressLines: letterhead.address_lines, contact: letterhead.contact, logo },
    recipient: recipientOf(row),
    caseNumber: row.case_number,
    serviceName: row.service_name,
    kind: decision.kind as DecisionKind,
    date: options.date ?? new Date(),
    body: decision.text ?? '',
    signer,
    draft: options.draft,
  });
}

export { readAll };
