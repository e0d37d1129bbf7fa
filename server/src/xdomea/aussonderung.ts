import { randomUUID } from 'node:crypto';
import { withTenant, type Database } from '../db/database.js';
import { appendEvents } from '../events/chain.js';
import type { Viewer } from '../cases/viewer.js';
import { AppError, notFound } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { ownParty, queueMessage } from './repository.js';

const MAX_OFFER = 500;

/**
 * Offers the archive the cases that wait on a destruction list for its answer (appraisal A/B,
 * entry archive = 'awaiting', records/destruction) in an Anbieteverzeichnis 0501 — those not in an
 * open offer already. One process, one ProzessID; the package is built and sent by the outbox.
 */
export async function startAussonderung(db: Database, viewer: Viewer): Promise<{ processRowId: string; processId: string; cases: number }> {
  return withTenant(db, viewer, async (trx) => {
    if (!(await ownParty(trx))) throw new AppError('xdomea_target_missing', { detail: 'Die Behördenkennung der Kommune für xdomea ist nicht eingerichtet. Bitte wenden Sie sich an die Administration.' });
    const archive = await trx.selectFrom('xdomea_targets').selectAll().where('kind', '=', 'archive').where('active', '=', true).executeTakeFirst();
    if (!archive) throw new AppError('xdomea_target_missing', { detail: 'Für die Kommune ist kein zuständiges Archiv eingerichtet. Bitte wenden Sie sich an die Administration.' });
    const waiting = await trx.selectFrom('destruction_list_entries as e')
      .select(['e.case_id', 'e.case_number'])
      .where('e.state', '=', 'included').where('e.archive', '=', 'awaiting')
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('xdomea_process_cases as c').innerJoin('xdomea_processes as p', 'p.id', 'c.process_row_id')
        .select('c.case_id').whereRef('c.case_id', '=', 'e.case_id').where('p.kind', '=', 'aussonderung').where('p.state', '=', 'open'))))
      .orderBy('e.case_number').limit(MAX_OFFER).execute();
    if (!waiting.length) throw new AppError('unprocessable', { detail: 'Es wartet kein Vorgang darauf, dem Archiv angeboten zu werden.' });
    const process = { id: uuidv7(), process_id: randomUUID() };
    await trx.insertInto('xdomea_processes').values({
      ...process, tenant_id: viewer.tenantId, kind: 'aussonderung', target_id: archive.id, started_by_name: viewer.actor.name,
    }).execute();
    await trx.insertInto('xdomea_process_cases').values(waiting.map((c) => ({
      tenant_id: viewer.tenantId, process_row_id: process.id, process_kind: 'aussonderung' as const, case_id: c.case_id, case_number: c.case_number,
      state: 'offered_pending' as const,
    }))).execute();
    await appendEvents(trx, viewer.tenantId, waiting.map((c) => ({
      caseId: c.case_id, type: 'xdomea.offered' as const, actor: viewer.actor, data: { processId: process.process_id, archive: archive.name },
    })));
    await queueMessage(trx, viewer.tenantId, process, '0501');
    return { processRowId: process.id, processId: process.process_id, cases: waiting.length };
  });
}

/**
 * Sends the cases the archive appraised "archive" with their full content (Aussonderung 0503).
 * A records officer starts it after reading the Bewertungsverzeichnis; once per process.
 */
export async function startTransfer(db: Database, viewer: Viewer, processRowId: string): Promise<void> {
  await withTenant(db, viewer, async (trx) => {
    const process = await trx.selectFrom('xdomea_processes').selectAll().where('id', '=', processRowId).where('kind', '=', 'aussonderung').forUpdate().executeTakeFirst();
    if (!process) throw notFound('Das Aussonderungsverfahren');
    const chosen = await trx.selectFrom('xdomea_process_cases').select(['case_id']).where('process_row_id', '=', process.id).where('state', '=', 'archive').execute();
    if (!chosen.length) throw new AppError('conflict', { detail: 'Das Archiv hat (noch) keinen Vorgang zur Übernahme bewertet; es gibt nichts zu übergeben.' });
    await trx.updateTable('xdomea_process_cases').set({ state: 'transfer_pending', updated_at: new Date() })
      .where('process_row_id', '=', process.id).where('state', '=', 'archive').execute();
    await appendEvents(trx, viewer.tenantId, chosen.map((c) => ({
      caseId: c.case_id, type: 'xdomea.transfer_started' as const, actor: viewer.actor, data: { processId: process.process_id },
    })));
    await queueMessage(trx, viewer.tenantId, process, '0503');
  });
}
