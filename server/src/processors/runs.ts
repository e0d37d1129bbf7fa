import type { Trx } from '../db/database.js';
import { enqueue } from '../outbox/enqueue.js';
import { uuidv7 } from '../shared/ids.js';

declare module '../outbox/enqueue.js' {
  interface OutboxMessages {
    /** One processor run (migration 0059): the deliverer calls the processor and stores its results. */
    processor_run: { runId: string };
  }
}

/**
 * Starts a run of every active processor of the case's service (or of one), each as its own
 * outbox message, so a slow or broken processor delays nothing but itself. Called when the fan-out
 * of 'case.created' is delivered (after intake committed) or when a person presses the button.
 */
export async function startRuns(
  trx: Trx, tenantId: string, caseId: string,
  trigger: { kind: 'case_created' } | { kind: 'manual'; by: string; processorId?: string },
): Promise<string[]> {
  const kase = await trx.selectFrom('cases').select(['service_id']).where('tenant_id', '=', tenantId).where('id', '=', caseId).executeTakeFirst();
  if (!kase) return [];
  let query = trx.selectFrom('processors').select(['id']).where('tenant_id', '=', tenantId)
    .where('service_id', '=', kase.service_id).where('active', '=', true);
  if (trigger.kind === 'manual' && trigger.processorId) query = query.where('id', '=', trigger.processorId);
  const processors = await query.orderBy('created_at').execute();
  const runIds: string[] = [];
  for (const processor of processors) {
    if (trigger.kind === 'case_created') {
      // A repeated fan-out of the same 'case.created' starts no second run.
      const existing = await trx.selectFrom('processor_runs').select('id').where('case_id', '=', caseId)
        .where('processor_id', '=', processor.id).where('trigger', '=', 'case_created').executeTakeFirst();
      if (existing) continue;
    }
    const id = uuidv7();
    await trx.insertInto('processor_runs').values({
      id, tenant_id: tenantId, case_id: caseId, processor_id: processor.id, trigger: trigger.kind,
      started_by: trigger.kind === 'manual' ? trigger.by : 'Antragseingang',
    }).execute();
    await enqueue(trx, tenantId, 'processor_run', { runId: id }, { idempotencyKey: `processor_run:${id}` });
    runIds.push(id);
  }
  return runIds;
}
