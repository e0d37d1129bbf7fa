import { Readable } from 'node:stream';
import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { appendEvent } from '../events/chain.js';
import type { Actor } from '../auth/principal.js';
import { AppError } from '../shared/errors.js';
import { sniffHead } from '../intake/sniff.js';
import { assertOutboundUrl, type OutboundPolicy } from '../shared/outbound/index.js';

const MAX_LOGO_BYTES = 512 * 1024;

export interface LetterheadRow {
  name: string; address_lines: string[]; contact: string; logo_sha256: string | null; logo_mime_type: string | null; updated_at: Date | null;
}
export interface LetterheadInput { name: string; addressLines: string[]; contact: string; logoBase64?: string | null }

/** The tenant's letterhead, or a default built from the tenant's name until an admin sets one. */
export async function loadLetterhead(trx: Trx, tenantId: string): Promise<LetterheadRow> {
  const row = await trx.selectFrom('tenant_letterheads')
    .select(['name', 'address_lines', 'contact', 'logo_sha256', 'logo_mime_type', 'updated_at'])
    .where('tenant_id', '=', tenantId).executeTakeFirst();
  if (row) return row;
  const tenant = await trx.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirstOrThrow();
  return { name: tenant.name, address_lines: [], contact: '', logo_sha256: null, logo_mime_type: null, updated_at: null };
}

export async function getLetterhead(db: Database, tenantId: string): Promise<LetterheadRow> {
  return withTenant(db, { tenantId }, (trx) => loadLetterhead(trx, tenantId));
}

/** Logo: PNG or JPEG by its content (not by the claim), at most 512 KB; stored in the blob store. */
async function storeLogo(blobs: BlobStore, base64: string): Promise<{ sha256: string; mimeType: string }> {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0) throw new AppError('validation_failed', { field: 'logoBase64', detail: 'Das Logo („logoBase64“) ist leer oder nicht Base64-kodiert.' });
  if (bytes.length > MAX_LOGO_BYTES) throw new AppError('payload_too_large', { field: 'logoBase64', detail: 'Das Logo („logoBase64“) darf höchstens 512 KB groß sein.' });
  const sniffed = await sniffHead(bytes.subarray(0, 4100), null, 'logo');
  if (sniffed.mimeType !== 'image/png' && sniffed.mimeType !== 'image/jpeg') {
    throw new AppError('unsupported_media_type', { field: 'logoBase64', detail: 'Das Logo („logoBase64“) muss ein PNG- oder JPEG-Bild sein.' });
  }
  const stored = await blobs.put(Readable.from([bytes]), { maxBytes: MAX_LOGO_BYTES });
  return { sha256: stored.sha256, mimeType: sniffed.mimeType };
}

export async function saveLetterhead(db: Database, blobs: BlobStore, tenantId: string, input: LetterheadInput, actor: Actor): Promise<LetterheadRow> {
  const name = input.name.trim();
  if (!name) throw new AppError('validation_failed', { field: 'name', detail: 'Der Name im Briefkopf („name“) darf nicht leer sein.' });
  const addressLines = input.addressLines.map((l) => l.trim()).filter(Boolean);
  const logo = input.logoBase64 ? await storeLogo(blobs, input.logoBase64) : undefined;
  return withTenant(db, { tenantId }, async (trx) => {
    const values = {
      name, address_lines: addressLines, contact: input.contact.trim(), updated_at: new Date(),
      ...(logo ? { logo_sha256: logo.sha256, logo_mime_type: logo.mimeType } : {}),
      ...(input.logoBase64 === null ? { logo_sha256: null, logo_mime_type: null } : {}),
    };
    await trx.insertInto('tenant_letterheads').values({ tenant_id: tenantId, logo_sha256: null, logo_mime_type: null, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values)).execute();
    await appendEvent(trx, tenantId, { caseId: null, type: 'letterhead.updated', actor, data: { logo: logo ? logo.sha256 : input.logoBase64 === null ? null : 'unchanged' } });
    return loadLetterhead(trx, tenantId);
  });
}

export interface ServiceSettingsRow { service_id: string; service_name: string; requires_release: boolean; generator_url: string | null; requires_tasks_done: boolean }

export async function listServiceSettings(db: Database, tenantId: string): Promise<ServiceSettingsRow[]> {
  return withTenant(db, { tenantId }, (trx) => trx
    .selectFrom('services as s')
    .leftJoin('decision_service_settings as d', (j) => j.onRef('d.service_id', '=', 's.id').onRef('d.tenant_id', '=', 's.tenant_id'))
    .select(['s.id as service_id', 's.name as service_name', 'd.requires_release', 'd.generator_url', 'd.requires_tasks_done'])
    .where('s.tenant_id', '=', tenantId)
    .orderBy('s.name')
    .execute()
    .then((rows) => rows.map((r) => ({ ...r, requires_release: r.requires_release ?? false, generator_url: r.generator_url ?? null, requires_tasks_done: r.requires_tasks_done ?? false }))));
}

export async function serviceSettingsOf(trx: Trx, tenantId: string, serviceId: string): Promise<{ requiresRelease: boolean; generatorUrl: string | null; requiresTasksDone: boolean }> {
  const row = await trx.selectFrom('decision_service_settings').select(['requires_release', 'generator_url', 'requires_tasks_done'])
    .where('tenant_id', '=', tenantId).where('service_id', '=', serviceId).executeTakeFirst();
  return { requiresRelease: row?.requires_release ?? false, generatorUrl: row?.generator_url ?? null, requiresTasksDone: row?.requires_tasks_done ?? false };
}

function checkGeneratorUrl(url: string | null, outbound: OutboundPolicy): string | null {
  if (url === null || url.trim() === '') return null;
  return assertOutboundUrl(url, outbound, { field: 'generatorUrl', label: 'Die Adresse des Dokumentengenerators' });
}

export async function saveServiceSettings(
  db: Database, tenantId: string, serviceId: string, input: { requiresRelease: boolean; generatorUrl?: string | null; requiresTasksDone?: boolean },
  actor: Actor, outbound: OutboundPolicy,
): Promise<ServiceSettingsRow> {
  const generatorUrl = checkGeneratorUrl(input.generatorUrl ?? null, outbound);
  return withTenant(db, { tenantId }, async (trx) => {
    const service = await trx.selectFrom('services').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', '=', serviceId).executeTakeFirst();
    if (!service) throw new AppError('not_found', { detail: `Die Leistung „${serviceId}“ wurde nicht gefunden.` });
    // Left out (an older client): the task rule stays as it was.
    const before = await trx.selectFrom('decision_service_settings').select('requires_tasks_done')
      .where('tenant_id', '=', tenantId).where('service_id', '=', serviceId).executeTakeFirst();
    const requiresTasksDone = input.requiresTasksDone ?? before?.requires_tasks_done ?? false;
    const values = { requires_release: input.requiresRelease, generator_url: generatorUrl, requires_tasks_done: requiresTasksDone, updated_at: new Date() };
    await trx.insertInto('decision_service_settings').values({ tenant_id: tenantId, service_id: serviceId, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'service_id']).doUpdateSet(values)).execute();
    await appendEvent(trx, tenantId, { caseId: null, type: 'decision_settings.updated', actor, data: { serviceId, requiresRelease: input.requiresRelease, generator: generatorUrl !== null, requiresTasksDone } });
    return { service_id: service.id, service_name: service.name, requires_release: input.requiresRelease, generator_url: generatorUrl, requires_tasks_done: requiresTasksDone };
  });
}
