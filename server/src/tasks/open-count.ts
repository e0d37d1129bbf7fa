import type { Trx } from '../db/database.js';

/*
 * What decisions (server/src/decisions) need from tasks: how many of a case's tasks are still open.
 * Imports nothing from the other task files, so decisions can use it without pulling in the module.
 */
export async function openTaskCount(trx: Trx, tenantId: string, caseId: string): Promise<number> {
  const row = await trx.selectFrom('case_tasks').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId).where('case_id', '=', caseId).where('state', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
