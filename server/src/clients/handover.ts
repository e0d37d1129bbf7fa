import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { enqueue } from '../outbox/enqueue.js';
import type { Actor } from '../auth/principal.js';
import { AppError } from '../shared/errors.js';
import { applyChange, versionConflict } from '../cases/changes.js';
import { findCase, type CaseDetailRow } from '../cases/repository.js';
import { caseNotFound, loadCaseDetail, type CaseDetail } from '../cases/queries.js';
import type { Viewer } from '../cases/viewer.js';
import { findActiveClient } from './repository.js';

/*
 * Hand-over of a case to a Fachverfahren ("an Fachverfahren X übergeben") and back to the desk.
 * A Fachverfahren takes over a case of its services itself; a person can hand a case to one, or
 * take it back. Same optimistic concurrency as every case change (version), same history chain.
 */

export interface HandoverInput {
  version: number;
  /** Only people name the procedure; a Fachverfahren always takes a case over for itself. */
  clientId?: string;
  /** Default true: while handed over, status and assignee change only through the procedure. */
  exclusive?: boolean;
}

async function loadVersioned(trx: Trx, viewer: Viewer, caseId: string, version: number): Promise<CaseDetailRow> {
  const row = await findCase(trx, viewer, caseId);
  if (!row) throw caseNotFound(caseId);
  if (row.version !== version) throw await versionConflict(trx, viewer.tenantId, caseId);
  return row;
}

async function targetOf(trx: Trx, viewer: Viewer, row: CaseDetailRow, input: HandoverInput) {
  if (viewer.clientId) {
    const self = await findActiveClient(trx, viewer.clientId);
    if (!self) throw new AppError('unauthenticated');
    return { id: self.id, name: self.name, exclusive: true };
  }
  if (!input.clientId) throw new AppError('validation_failed', { field: 'clientId', detail: 'Bitte wählen Sie das Fachverfahren („clientId“), das den Vorgang übernimmt.' });
  const client = await findActiveClient(trx, input.clientId);
  if (!client) throw new AppError('unprocessable', { field: 'clientId', detail: 'Dieses Fachverfahren ist in dieser Kommune nicht (mehr) registriert.' });
  if (!client.service_ids.includes(row.service_id)) {
    throw new AppError('unprocessable', { field: 'clientId', detail: `Das Fachverfahren „${client.name}“ bearbeitet die Leistung „${row.service_name}“ nicht.` });
  }
  return { id: client.id, name: client.name, exclusive: input.exclusive ?? true };
}

export async function takeOver(db: Database, viewer: Viewer, caseId: string, input: HandoverInput): Promise<CaseDetail> {
  return withTenant(db, viewer, async (trx) => {
    const row = await loadVersioned(trx, viewer, caseId, input.version);
    const target = await targetOf(trx, viewer, row, input);
    if (row.handler_client_id && row.handler_client_id !== target.id && row.handler_exclusive) {
      throw new AppError('case_handed_over', { detail: `Der Vorgang ist bereits an das Fachverfahren „${row.handler_client_name ?? ''}“ übergeben.` });
    }
    if (row.handler_client_id === target.id && row.handler_exclusive === target.exclusive) return loadCaseDetail(trx, viewer, caseId);
    await applyChange(trx, viewer, row, { handler_client_id: target.id, handler_exclusive: target.exclusive }, {
      type: 'case.handed_over',
      data: {
        handler: { from: row.handler_client_id ? { id: row.handler_client_id, name: row.handler_client_name } : null, to: { id: target.id, name: target.name } },
        exclusive: { from: row.handler_exclusive, to: target.exclusive },
      },
      body: { clientId: target.id, exclusive: target.exclusive },
    });
    return loadCaseDetail(trx, viewer, caseId);
  });
}

/** Back to the desk: by the procedure holding the case, or by a person taking it back. */
export async function giveBack(db: Database, viewer: Viewer, caseId: string, input: { version: number; reason?: string }): Promise<CaseDetail> {
  return withTenant(db, viewer, async (trx) => {
    const row = await loadVersioned(trx, viewer, caseId, input.version);
    if (!row.handler_client_id) throw new AppError('conflict', { detail: 'Der Vorgang ist an kein Fachverfahren übergeben.' });
    if (viewer.clientId && row.handler_client_id !== viewer.clientId) {
      throw new AppError('case_handed_over', { detail: `Der Vorgang ist an das Fachverfahren „${row.handler_client_name ?? ''}“ übergeben, nicht an Sie.` });
    }
    const reason = input.reason?.trim() || undefined;
    await applyChange(trx, viewer, row, { handler_client_id: null, handler_exclusive: false }, {
      type: 'case.returned',
      data: { handler: { from: { id: row.handler_client_id, name: row.handler_client_name }, to: null }, ...(reason ? { reason: { from: null, to: reason } } : {}) },
      body: { clientId: row.handler_client_id },
    });
    return loadCaseDetail(trx, viewer, caseId);
  });
}

/** A revoked procedure's cases come back to the desk, each with its history event. */
export async function returnAllCases(trx: Trx, tenantId: string, client: { id: string; name: string }, actor: Actor): Promise<void> {
  const held = await trx.selectFrom('cases').select(['id', 'case_number', 'version']).where('handler_client_id', '=', client.id).execute();
  for (const kase of held) {
    await trx.updateTable('cases').set({ handler_client_id: null, handler_exclusive: false, version: kase.version + 1, updated_at: new Date() })
      .where('id', '=', kase.id).execute();
    const appended = await appendEvent(trx, tenantId, {
      caseId: kase.id, type: 'case.returned', actor,
      data: { handler: { from: { id: client.id, name: client.name }, to: null }, reason: { from: null, to: 'Fachverfahren widerrufen' } },
    });
    await enqueue(trx, tenantId, 'domain_event', {
      eventType: 'case.returned', body: { caseId: kase.id, caseNumber: kase.case_number, version: kase.version + 1, clientId: client.id },
    }, { idempotencyKey: `case.returned:${appended.id}` });
  }
}
