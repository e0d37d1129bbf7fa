import type { Logger } from 'pino';
import type { Actor } from '../../auth/principal.js';
import { withTenant, type Database } from '../../db/database.js';
import { appendEvents } from '../../events/chain.js';
import { uuidv7 } from '../../shared/ids.js';
import { isUniqueViolation } from '../../tenants/admin-access.js';
import { listTenants } from '../../tenants/provision.js';
import { appendLog, destructionCandidates, listInReview, nextListNumber } from './repository.js';
import { startClusterJob, type ClusterJob } from '../../db/cluster-job.js';

/** Who proposes lists: the daily job (or the CLI with a set clock), never a person. */
export const PROPOSER: Actor = { kind: 'system', id: null, name: 'Aussonderungslauf' };

/** A list holds at most this many cases, so one review stays manageable; the rest come on the next list. */
export const MAX_LIST_SIZE = 500;

export interface Proposal { tenantId: string; listId: string; number: number; cases: number; waiting: number }

/**
 * Proposes one destruction list for the tenant: the cases whose retention ran out by asOf. Nothing
 * when a list of the tenant is still in review (a case taken out comes back on the next list, not
 * every day) or nothing is due. Cases appraised A or B wait on the list for the archive's answer.
 */
export async function proposeList(db: Database, tenantId: string, asOf: Date): Promise<Proposal | null> {
  try {
    return await withTenant(db, { tenantId }, async (trx) => {
      if (await listInReview(trx)) return null;
      const due = await destructionCandidates(trx, asOf, MAX_LIST_SIZE);
      if (due.length === 0) return null;
      const listId = uuidv7();
      const number = await nextListNumber(trx);
      await trx.insertInto('destruction_lists').values({ id: listId, tenant_id: tenantId, number, as_of: asOf }).execute();
      await trx
        .insertInto('destruction_list_entries')
        .values(due.map((c) => ({
          tenant_id: tenantId, list_id: listId, case_id: c.case_id, case_number: c.case_number, service_name: c.service_name,
          appraisal: c.appraisal, due_at: c.due_at, archive: c.appraisal === 'V' ? 'not_required' : 'awaiting',
        })))
        .execute();
      await appendLog(trx, tenantId, listId, [{ action: 'proposed', actorName: PROPOSER.name, detail: { cases: due.length, asOf: asOf.toISOString() } }]);
      await appendEvents(trx, tenantId, due.map((c) => ({
        caseId: c.case_id, type: 'destruction_list.case_added' as const, actor: PROPOSER,
        data: { listId, listNumber: number, dueAt: new Date(c.due_at).toISOString(), appraisal: c.appraisal },
      })));
      const waiting = due.filter((c) => c.appraisal !== 'V').length;
      return { tenantId, listId, number, cases: due.length, waiting };
    });
  } catch (error) {
    // Another instance proposed a list for this tenant at the same moment: that list stands.
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** Proposes lists for the given tenants (default: all), one transaction per tenant. */
export async function proposeLists(db: Database, asOf: Date, tenantIds?: string[]): Promise<Proposal[]> {
  const ids = tenantIds ?? (await listTenants(db)).map((t) => t.id);
  const proposals: Proposal[] = [];
  for (const tenantId of ids) {
    const proposal = await proposeList(db, tenantId, asOf);
    if (proposal) proposals.push(proposal);
  }
  return proposals;
}

/** The daily job (AMTSDESK_DESTRUCTION_LIST_HOURS): proposes lists on the real clock for every tenant. */
export function startDestructionListJob(deps: { db: Database; intervalMs: number; logger?: Logger; firstRunMs?: number }): ClusterJob {
  return startClusterJob({
    db: deps.db,
    name: 'destruction-lists',
    intervalMs: deps.intervalMs,
    firstRunMs: deps.firstRunMs ?? 120_000,
    onError: (error) => deps.logger?.error({ err: error }, 'destruction list proposal failed'),
    run: async () => {
      for (const p of await proposeLists(deps.db, new Date())) {
        deps.logger?.info({ tenantId: p.tenantId, listId: p.listId, cases: p.cases }, 'destruction list proposed');
      }
    },
  });
}
