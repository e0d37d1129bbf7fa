import { sql } from 'kysely';
import { withTenant, type Database, type Trx } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { berlinDay } from '../deadlines/calendar.js';
import type { Viewer } from '../cases/viewer.js';
import { listAgreementRows, lockAgreement, findPartner, type AgreementRow } from './repository.js';

export interface AgreementInput {
  partnerSlug: string;
  kind: 'service' | 'assistance';
  serviceId?: string;
  validFrom: string;
  validUntil?: string;
  note?: string;
}

/** An agreement that has not run out yet blocks a second one for the same purpose; an expired one does not. */
const stillValid = sql<boolean>`valid_until is null or valid_until >= berlin_today()`;

const agreementNotFound = (id: string) => new AppError('not_found', { detail: `Die Vereinbarung „${id}“ wurde nicht gefunden.` });

function validDay(value: string, field: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new AppError('validation_failed', { field, detail: `„${field}“ muss ein gültiges Datum (JJJJ-MM-TT) sein.` });
  }
  return value;
}

function checkInput(input: AgreementInput): void {
  validDay(input.validFrom, 'validFrom');
  if (input.validUntil !== undefined) {
    validDay(input.validUntil, 'validUntil');
    if (input.validUntil < input.validFrom) {
      throw new AppError('validation_failed', { field: 'validUntil', detail: 'Das Ende der Gültigkeit („validUntil“) darf nicht vor ihrem Beginn liegen.' });
    }
    if (input.validUntil < berlinDay()) {
      throw new AppError('validation_failed', { field: 'validUntil', detail: 'Eine Vereinbarung, deren Gültigkeit schon vorbei ist, kann nicht geschlossen werden.' });
    }
  }
  if (input.kind === 'service' && !input.serviceId) {
    throw new AppError('validation_failed', { field: 'serviceId', detail: 'Bei einer Vereinbarung über eine Leistung ist die Leistung („serviceId“) anzugeben.' });
  }
  if (input.kind === 'assistance' && input.serviceId) {
    throw new AppError('validation_failed', { field: 'serviceId', detail: 'Eine Amtshilfe-Vereinbarung gilt für einzelne Vorgänge und nennt keine Leistung („serviceId“ weglassen).' });
  }
}

/** Every agreement the tenant is a party to, on either side. */
export async function listAgreements(db: Database, viewer: Viewer): Promise<AgreementRow[]> {
  return withTenant(db, viewer, (trx) => listAgreementRows(trx));
}

/** The owner's admin proposes: to a partner by its slug, for one service or for single cases. */
export async function proposeAgreement(db: Database, viewer: Viewer, input: AgreementInput): Promise<AgreementRow> {
  checkInput(input);
  return withTenant(db, viewer, async (trx) => {
    const partner = await findPartner(trx, input.partnerSlug);
    if (!partner || partner.id === viewer.tenantId) {
      throw new AppError('unprocessable', { field: 'partnerSlug', detail: `Eine andere Kommune mit dem Kurznamen „${input.partnerSlug}“ gibt es in dieser Installation nicht.` });
    }
    const service = input.serviceId
      ? await trx.selectFrom('services').select(['id', 'name']).where('id', '=', input.serviceId).executeTakeFirst()
      : undefined;
    if (input.serviceId && !service) {
      throw new AppError('unprocessable', { field: 'serviceId', detail: `Die Leistung „${input.serviceId}“ gibt es in dieser Kommune nicht.` });
    }
    const open = await trx.selectFrom('delegation_agreements').select('id')
      .where('proposer_tenant_id', '=', viewer.tenantId).where('acceptor_tenant_id', '=', partner.id)
      .where('kind', '=', input.kind).where('status', '<>', 'revoked').where(stillValid)
      .$if(!!service, (q) => q.where('service_id', '=', service!.id))
      .executeTakeFirst();
    if (open) throw new AppError('delegation_exists', { detail: `Mit ${partner.name} besteht dafür bereits eine Vereinbarung. Widerrufen Sie sie, bevor Sie eine neue vorschlagen.` });
    // One service is handled by one other municipality at a time: intake routes to exactly one.
    if (service) {
      const taken = await trx.selectFrom('delegation_agreements').select('id')
        .where('proposer_tenant_id', '=', viewer.tenantId).where('service_id', '=', service.id).where('status', '<>', 'revoked').where(stillValid).executeTakeFirst();
      if (taken) throw new AppError('delegation_exists', { field: 'serviceId', detail: `Für die Leistung „${service.name}“ besteht bereits eine Vereinbarung mit einer anderen Kommune.` });
    }
    const id = uuidv7();
    await trx.insertInto('delegation_agreements').values({
      id, proposer_tenant_id: viewer.tenantId, acceptor_tenant_id: partner.id, kind: input.kind,
      service_id: service?.id ?? null, service_name: service?.name ?? null, valid_from: input.validFrom, valid_until: input.validUntil ?? null,
      note: input.note ?? null, proposed_by_name: viewer.actor.name,
    }).execute();
    await appendEvent(trx, viewer.tenantId, {
      caseId: null, type: 'delegation.proposed', actor: viewer.actor,
      data: { agreementId: id, partner: partner.name, kind: input.kind, service: service?.name ?? null, validFrom: input.validFrom, validUntil: input.validUntil ?? null },
    });
    return (await listAgreementRows(trx, id))[0]!;
  });
}

async function changeAgreement(db: Database, viewer: Viewer, id: string, change: (trx: Trx, row: AgreementRow) => Promise<void>): Promise<AgreementRow> {
  return withTenant(db, viewer, async (trx) => {
    const row = await lockAgreement(trx, id);
    if (!row) throw agreementNotFound(id);
    await change(trx, row);
    return (await listAgreementRows(trx, id))[0]!;
  });
}

/** The helping municipality's admin accepts, naming the org unit that works the cases. */
export async function acceptAgreement(db: Database, viewer: Viewer, id: string, input: { orgUnitId?: string }): Promise<AgreementRow> {
  return changeAgreement(db, viewer, id, async (trx, row) => {
    if (row.acceptor_tenant_id !== viewer.tenantId) {
      throw new AppError('forbidden', { detail: 'Eine Vereinbarung nimmt die Kommune an, der sie vorgeschlagen wurde.' });
    }
    if (row.status !== 'proposed') throw new AppError('delegation_step', { detail: 'Nur eine vorgeschlagene Vereinbarung kann angenommen werden.' });
    if (row.valid_until && row.valid_until < berlinDay()) {
      throw new AppError('delegation_step', { detail: 'Die Gültigkeit dieser Vereinbarung ist abgelaufen; sie kann nicht mehr angenommen werden.' });
    }
    if (row.kind === 'service' && !input.orgUnitId) {
      throw new AppError('validation_failed', { field: 'orgUnitId', detail: 'Bitte wählen Sie die Organisationseinheit („orgUnitId“), die die Anträge bearbeitet.' });
    }
    const unit = input.orgUnitId
      ? await trx.selectFrom('org_units').select(['id', 'name']).where('id', '=', input.orgUnitId).executeTakeFirst()
      : undefined;
    if (input.orgUnitId && !unit) {
      throw new AppError('unprocessable', { field: 'orgUnitId', detail: `Die Organisationseinheit „${input.orgUnitId}“ gibt es in dieser Kommune nicht.` });
    }
    await trx.updateTable('delegation_agreements').set({
      status: 'accepted', accepted_by_name: viewer.actor.name, accepted_at: new Date(),
      acceptor_org_unit_id: unit?.id ?? null, acceptor_org_unit_name: unit?.name ?? null,
    }).where('id', '=', id).execute();
    await appendEvent(trx, viewer.tenantId, { caseId: null, type: 'delegation.accepted', actor: viewer.actor, data: { agreementId: id, orgUnit: unit?.name ?? null } });
  });
}

/**
 * Either party revokes, at once: every later request of the helper on the owner's cases answers 404
 * (the database checks the agreement's state on every delegated transaction). The owner also closes
 * its grants, so its own list shows them ended.
 */
export async function revokeAgreement(db: Database, viewer: Viewer, id: string): Promise<AgreementRow> {
  return changeAgreement(db, viewer, id, async (trx, row) => {
    if (row.status === 'revoked') throw new AppError('delegation_step', { detail: 'Diese Vereinbarung ist bereits widerrufen.' });
    await trx.updateTable('delegation_agreements').set({
      status: 'revoked', revoked_by_name: viewer.actor.name, revoked_by_tenant_id: viewer.tenantId, revoked_at: new Date(),
    }).where('id', '=', id).execute();
    if (row.proposer_tenant_id === viewer.tenantId) {
      await trx.updateTable('case_grants').set({ revoked_at: new Date() }).where('agreement_id', '=', id).where('revoked_at', 'is', null).execute();
    }
    await appendEvent(trx, viewer.tenantId, { caseId: null, type: 'delegation.revoked', actor: viewer.actor, data: { agreementId: id } });
  });
}
