import type { Database, Trx } from '../../db/database.js';
import { withTenant } from '../../db/database.js';
import type { Applicant, FormItem } from '../../db/schema.js';
import type { Actor } from '../../auth/principal.js';
import { appendEvent } from '../../events/chain.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { IntakeChannel } from '../types.js';
import { identityOfStored } from './identity.js';
import { APPLICANT_FIELDS } from './fields.js';
import { fieldPaths, resolveApplicant, type ApplicantMapping, type MappingWarning } from './mapping.js';
import type { MappingBody } from './schemas.js';

export const DEFAULT_MAPPING: ApplicantMapping = { useDefaults: true, fields: {} };
const PREVIEW_CASES = 25;

export interface MappingState { serviceId: string; serviceName: string; saved: boolean; mapping: ApplicantMapping; updatedAt: Date | null; cases: Array<{ id: string; case_number: string; channel: string; received_at: Date }> }

/** The service, or 404 (row-level security: another municipality's service is not found either). */
async function serviceOf(trx: Trx, serviceId: string): Promise<{ id: string; name: string }> {
  const service = await trx.selectFrom('services').select(['id', 'name']).where('id', '=', serviceId).executeTakeFirst();
  if (!service) throw notFound('Die Leistung');
  return service;
}

export async function readMapping(trx: Trx, serviceId: string): Promise<{ mapping: ApplicantMapping; updatedAt: Date | null } | null> {
  const row = await trx.selectFrom('applicant_mappings').select(['mapping', 'updated_at']).where('service_id', '=', serviceId).executeTakeFirst();
  return row ? { mapping: row.mapping as unknown as ApplicantMapping, updatedAt: row.updated_at } : null;
}

export async function getMapping(db: Database, tenantId: string, serviceId: string): Promise<MappingState> {
  return withTenant(db, { tenantId }, async (trx) => {
    const service = await serviceOf(trx, serviceId);
    const saved = await readMapping(trx, serviceId);
    const cases = await trx.selectFrom('cases').select(['id', 'case_number', 'channel', 'received_at'])
      .where('service_id', '=', serviceId).where('channel', '!=', 'api').orderBy('received_at', 'desc').limit(PREVIEW_CASES).execute();
    return { serviceId, serviceName: service.name, saved: !!saved, mapping: saved?.mapping ?? DEFAULT_MAPPING, updatedAt: saved?.updatedAt ?? null, cases };
  });
}

/** The mapping as stored: paths trimmed, empty ones left out, no empty segments (they could never match). */
export function normaliseMapping(body: MappingBody): ApplicantMapping {
  const fields: ApplicantMapping['fields'] = {};
  for (const field of APPLICANT_FIELDS) {
    const path = cleanPath(body.fields[field], `fields.${field}`);
    if (path) fields[field] = path;
  }
  const mapping: ApplicantMapping = { useDefaults: body.useDefaults, fields };
  const kindPath = body.kind ? cleanPath(body.kind.path, 'kind.path') : undefined;
  if (body.kind && kindPath) {
    const values = [...new Set(body.kind.organisationValues.map((v) => v.trim()).filter(Boolean))];
    if (!values.length) throw new AppError('validation_failed', { field: 'kind.organisationValues', detail: 'Bitte nennen Sie mindestens einen Wert, der eine Organisation bedeutet („kind.organisationValues“).' });
    mapping.kind = { path: kindPath, organisationValues: values };
  }
  return mapping;
}

function cleanPath(path: string | undefined, field: string): string | undefined {
  const segments = (path ?? '').split('/').map((s) => s.trim());
  if (segments.every((s) => !s)) return undefined;
  if (segments.some((s) => !s)) throw new AppError('validation_failed', { field, detail: `Der Pfad „${path}“ („${field}“) enthält einen leeren Abschnitt; Feldnamen werden mit einem einzelnen „/“ verbunden.` });
  return segments.join('/');
}

export async function saveMapping(db: Database, tenantId: string, serviceId: string, body: MappingBody, actor: Actor): Promise<MappingState> {
  const mapping = normaliseMapping(body);
  await withTenant(db, { tenantId }, async (trx) => {
    await serviceOf(trx, serviceId);
    const values = { mapping: JSON.stringify(mapping), updated_at: new Date(), updated_by: `${actor.kind}:${actor.id ?? '-'}` };
    await trx.insertInto('applicant_mappings').values({ tenant_id: tenantId, service_id: serviceId, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'service_id']).doUpdateSet(values)).execute();
    // Paths and values that mean „organisation“ only: no personal data in the history.
    await appendEvent(trx, tenantId, { caseId: null, type: 'applicant_mapping.updated', actor, data: { serviceId, mapping } });
  });
  return getMapping(db, tenantId, serviceId);
}

export interface Preview { caseId: string; caseNumber: string; applicant: Applicant; current: Applicant; warnings: MappingWarning[]; fields: ReturnType<typeof fieldPaths> }

/** A (possibly unsaved) mapping applied to one received case of the service; nothing is stored. */
export async function previewMapping(db: Database, tenantId: string, serviceId: string, caseId: string, body: MappingBody): Promise<Preview> {
  const mapping = normaliseMapping(body);
  return withTenant(db, { tenantId }, async (trx) => {
    await serviceOf(trx, serviceId);
    const row = await trx.selectFrom('cases').select(['id', 'case_number', 'channel', 'applicant', 'form_data']).where('id', '=', caseId).where('service_id', '=', serviceId).executeTakeFirst();
    if (!row) throw new AppError('not_found', { field: 'caseId', detail: 'Der Vorgang wurde bei dieser Leistung nicht gefunden.' });
    const current = row.applicant as Applicant;
    const { applicant, warnings } = remap(row.channel, row.form_data as FormItem[], current, mapping);
    return { caseId: row.id, caseNumber: row.case_number, applicant, current, warnings, fields: fieldPaths(row.form_data as FormItem[]) };
  });
}

/** A stored case's applicant under a mapping: the form data again, the account data as the channel gave it. */
export function remap(channel: string, formData: FormItem[], current: Applicant, mapping: ApplicantMapping) {
  return resolveApplicant(formData, channel as IntakeChannel, mapping, identityOfStored(current));
}
