import { randomUUID } from 'node:crypto';
import { withTenant, type Database } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { findCase } from '../cases/repository.js';
import { caseNotFound } from '../cases/queries.js';
import { assertWritable } from '../cases/policy.js';
import type { Viewer } from '../cases/viewer.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { findTarget, ownParty, queueMessage } from './repository.js';

/** A case leaves only when its work is done: decided, closed or rejected (issue #16). */
const HANDOVER_STATUSES = ['decided', 'closed', 'rejected'];

export interface HandoverInput { targetId: string; lead: boolean }

/**
 * Hands a case over (Abgabe.Abgabe.0401) to the tenant's DMS or another authority. In one
 * transaction: the process with a new ProzessID, the case's state 'pending', the history event and
 * the outbox entry that builds and sends the package after commit. Refused, with nothing written,
 * when the target is not configured, the case is still open, or a hand-over is still waiting.
 */
export async function startHandover(db: Database, viewer: Viewer, caseId: string, input: HandoverInput): Promise<{ processRowId: string; processId: string }> {
  return withTenant(db, viewer, async (trx) => {
    const kase = await findCase(trx, viewer, caseId);
    if (!kase) throw caseNotFound(caseId);
    const sender = await ownParty(trx);
    if (!sender) throw new AppError('xdomea_target_missing', { detail: 'Die Behördenkennung der Kommune für xdomea ist nicht eingerichtet. Bitte wenden Sie sich an die Administration.' });
    const target = await findTarget(trx, input.targetId);
    if (!target || !target.active || target.kind === 'archive') {
      throw new AppError('xdomea_target_missing', { field: 'targetId', detail: 'Das gewählte Ziel der Abgabe („targetId“) ist nicht als E-Akte oder Behörde eingerichtet.' });
    }
    assertWritable(kase);
    // Two hand-overs of one case at once: the second waits for the first's commit here and then
    // finds its process waiting below (409), instead of both slipping past the check.
    await trx.selectFrom('cases').select('id').where('id', '=', caseId).forUpdate().execute();
    if (!HANDOVER_STATUSES.includes(kase.status)) {
      throw new AppError('xdomea_case_open', { detail: `Der Vorgang ${kase.case_number} ist noch offen. Abgeben können Sie ihn, wenn er beschieden, abgeschlossen oder abgelehnt ist.` });
    }
    const waiting = await trx.selectFrom('xdomea_process_cases').select('state')
      .where('case_id', '=', caseId).where('process_kind', '=', 'handover').where('state', 'in', ['pending', 'sent', 'received']).executeTakeFirst();
    if (waiting) {
      throw new AppError('xdomea_handover_pending', { detail: `Der Vorgang ${kase.case_number} wurde bereits abgegeben; die Antwort des Empfängers steht noch aus.` });
    }
    const process = { id: uuidv7(), process_id: randomUUID() };
    await trx.insertInto('xdomea_processes').values({
      ...process, tenant_id: viewer.tenantId, kind: 'handover', target_id: target.id, lead: input.lead, started_by_name: viewer.actor.name,
    }).execute();
    await trx.insertInto('xdomea_process_cases').values({
      tenant_id: viewer.tenantId, process_row_id: process.id, process_kind: 'handover', case_id: caseId, case_number: kase.case_number,
      state: 'pending',
    }).execute();
    await appendEvent(trx, viewer.tenantId, {
      caseId, type: 'xdomea.handover_started', actor: viewer.actor,
      data: { processId: process.process_id, target: target.name, targetKind: target.kind, lead: input.lead },
    });
    await queueMessage(trx, viewer.tenantId, process, '0401');
    return { processRowId: process.id, processId: process.process_id };
  });
}
