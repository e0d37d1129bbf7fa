import { sql } from 'kysely';
import type { Viewer } from '../../cases/viewer.js';
import { applicantNameOf } from '../../cases/creation.js';
import { caseNotFound } from '../../cases/queries.js';
import { withTenant, type Database } from '../../db/database.js';
import type { Applicant, FormItem } from '../../db/schema.js';
import { appendEvent } from '../../events/chain.js';
import { APPLICANT_FIELDS, type ApplicantField } from '../../intake/applicant/fields.js';
import { FIELD_LABELS } from '../../intake/applicant/mapping.js';
import { enqueue } from '../../outbox/enqueue.js';
import { AppError } from '../../shared/errors.js';

export const REASON_MAX = 1000;
const VALUE_MAX = 300;
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;
const ADDRESS = new Set<ApplicantField>(['street', 'houseNumber', 'postalCode', 'city']);

export function checkReason(reason: string | undefined): string {
  const text = reason?.trim() ?? '';
  if (!text) throw new AppError('validation_failed', { field: 'reason', detail: 'Bitte geben Sie den Grund („reason“) an.' });
  if (text.length > REASON_MAX) throw new AppError('validation_failed', { field: 'reason', detail: `Der Grund („reason“) darf höchstens ${REASON_MAX} Zeichen lang sein.` });
  return text;
}

function checkValue(field: ApplicantField, raw: string): string {
  const value = raw.trim().replace(/\s+/g, ' ');
  const label = FIELD_LABELS[field];
  if (value.length > VALUE_MAX) throw new AppError('validation_failed', { field: 'value', detail: `${label} darf höchstens ${VALUE_MAX} Zeichen lang sein.` });
  if (value && field === 'email' && !EMAIL.test(value)) throw new AppError('validation_failed', { field: 'value', detail: `„${label}“: Das ist keine gültige E-Mail-Adresse.` });
  if (value && field === 'dateOfBirth' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new AppError('validation_failed', { field: 'value', detail: `„${label}“: Bitte als JJJJ-MM-TT angeben.` });
  return value;
}

const read = (a: Applicant, field: ApplicantField): string | undefined =>
  ADDRESS.has(field) ? a.address?.[field as 'street'] : (a as unknown as Record<string, string | undefined>)[field];

function write(a: Applicant, field: ApplicantField, value: string): Applicant {
  const next: Applicant = structuredClone(a);
  if (ADDRESS.has(field)) {
    const address = { ...(next.address ?? {}) } as Record<string, string | undefined>;
    if (value) address[field] = value;
    else delete address[field];
    next.address = address;
  } else {
    const record = next as unknown as Record<string, string | undefined>;
    if (value) record[field] = value;
    else delete record[field];
  }
  return next;
}

/**
 * The wrong value also stands in the form the person sent (that is where it came from): every form
 * field whose whole value is exactly the old value gets the corrected one, so the wrong value is
 * no longer shown anywhere in the case's current data. Parts of longer texts are not touched.
 */
export function correctForm(items: FormItem[], oldValue: string, newValue: string): { items: FormItem[]; changed: number } {
  let changed = 0;
  const needle = oldValue.trim().toLowerCase();
  const walk = (list: FormItem[]): FormItem[] => list.map((item) => {
    const next = { ...item };
    if (needle && typeof item.stringValue === 'string' && item.stringValue.trim().toLowerCase() === needle) {
      next.stringValue = newValue;
      changed++;
    }
    if (item.formItems) next.formItems = walk(item.formItems);
    return next;
  });
  return { items: walk(items), changed };
}

export interface CorrectionInput { field: string; value: string; reason: string }

/**
 * Art. 16: corrects one applicant field of a case. The case gets a new version; the history records
 * which field was corrected, by whom and why, but neither value: the wrong one is to disappear, and
 * the right one is in the case.
 */
export async function correctApplicant(db: Database, viewer: Viewer, caseId: string, input: CorrectionInput): Promise<{ version: number }> {
  if (!(APPLICANT_FIELDS as readonly string[]).includes(input.field)) {
    throw new AppError('validation_failed', { field: 'field', detail: `Das Feld „${input.field}“ gibt es in den Angaben zur Person nicht.` });
  }
  const field = input.field as ApplicantField;
  const value = checkValue(field, input.value);
  const reason = checkReason(input.reason);
  return withTenant(db, { tenantId: viewer.tenantId }, async (trx) => {
    const row = await trx.selectFrom('cases').select(['id', 'case_number', 'version', 'applicant', 'form_data']).where('id', '=', caseId).forUpdate().executeTakeFirst();
    if (!row) throw caseNotFound(caseId);
    const before = row.applicant as Applicant;
    const old = read(before, field) ?? '';
    if (old === value) throw new AppError('validation_failed', { field: 'value', detail: `„${FIELD_LABELS[field]}“ hat bereits diesen Wert.` });
    const applicant = write(before, field, value);
    const form = old ? correctForm(row.form_data as FormItem[], old, value) : { items: row.form_data as FormItem[], changed: 0 };
    await trx.updateTable('cases')
      .set({
        applicant: JSON.stringify(applicant), applicant_name: applicantNameOf(applicant), form_data: JSON.stringify(form.items),
        version: sql<number>`version + 1`, updated_at: new Date(),
      })
      .where('id', '=', row.id)
      .execute();
    const version = row.version + 1;
    await appendEvent(trx, viewer.tenantId, { caseId, type: 'case.applicant_corrected', actor: viewer.actor, data: { field, reason, formFieldsCorrected: form.changed } });
    await enqueue(trx, viewer.tenantId, 'domain_event', {
      eventType: 'case.applicant_corrected', body: { caseId, caseNumber: row.case_number, version, fields: [field] },
    }, { idempotencyKey: `case.applicant_corrected:${caseId}:${version}` });
    return { version };
  });
}
