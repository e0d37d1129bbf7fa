import { withTenant, type Database, type Trx } from '../db/database.js';
import { findCase } from '../cases/repository.js';
import { caseNotFound } from '../cases/queries.js';
import type { Viewer } from '../cases/viewer.js';
import { notFound } from '../shared/errors.js';
import { casesOf, messagesOf } from './repository.js';

const PAGE = 200;

async function withDetails<P extends { id: string; target_id: string }>(trx: Trx, processes: P[]) {
  const targets = new Map((await trx.selectFrom('xdomea_targets').select(['id', 'name', 'kind']).execute()).map((t) => [t.id, t]));
  return Promise.all(processes.map(async (p) => ({ ...p, target: targets.get(p.target_id)!, cases: await casesOf(trx, p.id) })));
}

/** The processes of the tenant, newest first: the records officer's overview (hand-overs and Aussonderungen). */
export async function listProcesses(db: Database, viewer: Viewer, kind?: 'handover' | 'aussonderung') {
  return withTenant(db, viewer, async (trx) => {
    const rows = await trx.selectFrom('xdomea_processes').selectAll().$if(!!kind, (q) => q.where('kind', '=', kind!))
      .orderBy('created_at', 'desc').limit(PAGE).execute();
    return withDetails(trx, rows);
  });
}

/** One process with its messages; another tenant's id answers 404 (row-level security). */
export async function processDetail(db: Database, viewer: Viewer, processRowId: string) {
  return withTenant(db, viewer, async (trx) => {
    const row = await trx.selectFrom('xdomea_processes').selectAll().where('id', '=', processRowId).executeTakeFirst();
    if (!row) throw notFound('Das xdomea-Verfahren');
    const [detail] = await withDetails(trx, [row]);
    return { ...detail!, messages: await messagesOf(trx, row.id) };
  });
}

/** The hand-overs of one case the viewer can see, with their messages (its state in the case view). */
export async function caseHandovers(db: Database, viewer: Viewer, caseId: string) {
  return withTenant(db, viewer, async (trx) => {
    if (!(await findCase(trx, viewer, caseId))) throw caseNotFound(caseId);
    const rows = await trx.selectFrom('xdomea_processes').selectAll()
      .where('id', 'in', trx.selectFrom('xdomea_process_cases').select('process_row_id').where('case_id', '=', caseId))
      .orderBy('created_at', 'desc').execute();
    const details = await withDetails(trx, rows);
    return Promise.all(details.map(async (d) => ({ ...d, cases: d.cases.filter((c) => c.case_id === caseId), messages: await messagesOf(trx, d.id) })));
  });
}
