import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import type { Actor } from '../auth/principal.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { assertKnownPlaceholders } from './placeholders.js';

export type DecisionKind = 'approval' | 'rejection';

export interface TemplateRow {
  id: string; service_id: string | null; service_name: string | null; kind: string; name: string; body: string;
  created_at: Date; updated_at: Date;
}
export interface TemplateInput { serviceId?: string | null; kind?: DecisionKind; name?: string; body?: string }

export const templateNotFound = (id: string) => new AppError('not_found', { detail: `Die Bescheidvorlage „${id}“ wurde nicht gefunden.` });

function selectTemplates(trx: Trx) {
  return trx
    .selectFrom('decision_templates as t')
    .leftJoin('services as s', 's.id', 't.service_id')
    .select(['t.id', 't.service_id', 's.name as service_name', 't.kind', 't.name', 't.body', 't.created_at', 't.updated_at']);
}

async function assertService(trx: Trx, serviceId: string | null | undefined): Promise<void> {
  if (!serviceId) return;
  const found = await trx.selectFrom('services').select('id').where('id', '=', serviceId).executeTakeFirst();
  if (!found) throw new AppError('not_found', { field: 'serviceId', detail: `Die Leistung („serviceId“) „${serviceId}“ wurde nicht gefunden.` });
}

function normalise(input: TemplateInput): TemplateInput {
  const name = input.name?.trim();
  if (name === '') throw new AppError('validation_failed', { field: 'name', detail: 'Der Name der Vorlage („name“) darf nicht leer sein.' });
  if (input.body !== undefined) {
    if (!input.body.trim()) throw new AppError('validation_failed', { field: 'body', detail: 'Der Text der Vorlage („body“) darf nicht leer sein.' });
    assertKnownPlaceholders(input.body, 'body');
  }
  return { ...input, name };
}

export async function listTemplates(db: Database, tenantId: string): Promise<TemplateRow[]> {
  return withTenant(db, { tenantId }, (trx) => selectTemplates(trx).where('t.tenant_id', '=', tenantId).orderBy('t.name').orderBy('t.id').execute());
}

/** Templates usable for a case of this service: its own ones first, then the defaults for all services. */
export async function templatesForService(trx: Trx, tenantId: string, serviceId: string): Promise<TemplateRow[]> {
  const rows = await selectTemplates(trx)
    .where('t.tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('t.service_id', '=', serviceId), eb('t.service_id', 'is', null)]))
    .orderBy('t.name')
    .execute();
  return [...rows.filter((r) => r.service_id), ...rows.filter((r) => !r.service_id)];
}

export async function getTemplate(db: Database, tenantId: string, id: string): Promise<TemplateRow> {
  return withTenant(db, { tenantId }, async (trx) => {
    const row = await selectTemplates(trx).where('t.tenant_id', '=', tenantId).where('t.id', '=', id).executeTakeFirst();
    if (!row) throw templateNotFound(id);
    return row;
  });
}

export async function createTemplate(
  db: Database, tenantId: string, input: Required<Omit<TemplateInput, 'serviceId'>> & { serviceId?: string | null }, actor: Actor,
): Promise<TemplateRow> {
  const next = normalise(input);
  return withTenant(db, { tenantId }, async (trx) => {
    await assertService(trx, next.serviceId);
    const id = uuidv7();
    const now = new Date();
    await trx.insertInto('decision_templates').values({
      id, tenant_id: tenantId, service_id: next.serviceId ?? null, kind: next.kind!, name: next.name!, body: next.body!,
      created_by: actor.kind === 'user' ? actor.id : null, updated_at: now,
    }).execute();
    await appendEvent(trx, tenantId, { caseId: null, type: 'decision_template.created', actor, data: { templateId: id, name: next.name, kind: next.kind, serviceId: next.serviceId ?? null } });
    return selectTemplates(trx).where('t.id', '=', id).executeTakeFirstOrThrow();
  });
}

export async function updateTemplate(db: Database, tenantId: string, id: string, input: TemplateInput, actor: Actor): Promise<TemplateRow> {
  const next = normalise(input);
  return withTenant(db, { tenantId }, async (trx) => {
    const before = await trx.selectFrom('decision_templates').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw templateNotFound(id);
    if (next.serviceId !== undefined) await assertService(trx, next.serviceId);
    await trx.updateTable('decision_templates').set({
      ...(next.serviceId !== undefined ? { service_id: next.serviceId } : {}),
      ...(next.kind !== undefined ? { kind: next.kind } : {}),
      ...(next.name !== undefined ? { name: next.name } : {}),
      ...(next.body !== undefined ? { body: next.body } : {}),
      updated_at: new Date(),
    }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    await appendEvent(trx, tenantId, {
      caseId: null, type: 'decision_template.updated', actor,
      data: { templateId: id, fields: Object.keys(next).filter((k) => next[k as keyof TemplateInput] !== undefined) },
    });
    return selectTemplates(trx).where('t.id', '=', id).executeTakeFirstOrThrow();
  });
}

export async function deleteTemplate(db: Database, tenantId: string, id: string, actor: Actor): Promise<void> {
  await withTenant(db, { tenantId }, async (trx) => {
    const gone = await trx.deleteFrom('decision_templates').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) throw templateNotFound(id);
    await appendEvent(trx, tenantId, { caseId: null, type: 'decision_template.deleted', actor, data: { templateId: id } });
  });
}
