import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/database.js';
import type { Applicant, FormItem } from '../../db/schema.js';
import type { Actor } from '../../auth/principal.js';
import { appendEvents, type NewEvent } from '../../events/chain.js';
import { applicantNameOf } from '../../cases/creation.js';
import { enqueue } from '../../outbox/enqueue.js';
import { notFound } from '../../shared/errors.js';
import { APPLICANT_FIELDS } from './fields.js';
import { DEFAULT_MAPPING, readMapping, remap } from './service.js';

/** Cases examined per call: one transaction stays short, however many cases the service has. */
export const REAPPLY_BATCH = 200;
/** Finished cases keep the applicant they were decided with. */
const FINISHED = ['closed', 'rejected', 'forwarded', 'deletion_requested'];

/**
 * Applies the service's saved mapping (else the channel defaults) to its open cases that came from a
 * form system, REAPPLY_BATCH at a time in case-id order; the caller continues with `after`. Each
 * changed case gets the new applicant and name (search follows: its columns are generated from it),
 * a new version, one history event naming the changed fields (not their values) and a domain event.
 */
export async function reapplyMapping(db: Database, tenantId: string, serviceId: string, actor: Actor, after?: string): Promise<{ examined: number; changed: number; nextAfter: string | null }> {
  return withTenant(db, { tenantId }, async (trx) => {
    const service = await trx.selectFrom('services').select('id').where('id', '=', serviceId).executeTakeFirst();
    if (!service) throw notFound('Die Leistung');
    const mapping = (await readMapping(trx, serviceId))?.mapping ?? DEFAULT_MAPPING;
    let query = trx.selectFrom('cases').select(['id', 'case_number', 'version', 'channel', 'applicant', 'form_data'])
      .where('service_id', '=', serviceId).where('channel', '!=', 'api').where('status', 'not in', FINISHED)
      .orderBy('id').limit(REAPPLY_BATCH + 1).forUpdate();
    if (after) query = query.where('id', '>', after);
    const rows = await query.execute();
    const batch = rows.slice(0, REAPPLY_BATCH);
    const events: NewEvent[] = [];
    for (const row of batch) {
      const current = row.applicant as Applicant;
      const { applicant } = remap(row.channel, row.form_data as FormItem[], current, mapping);
      const fields = changedFields(current, applicant);
      if (!fields.length) continue;
      await trx.updateTable('cases')
        .set({ applicant: JSON.stringify(applicant), applicant_name: applicantNameOf(applicant), version: sql<number>`version + 1`, updated_at: new Date() })
        .where('id', '=', row.id).execute();
      events.push({ caseId: row.id, type: 'case.applicant_remapped', actor, data: { serviceId, fields } });
      await enqueue(trx, tenantId, 'domain_event', { eventType: 'case.applicant_remapped', body: { caseId: row.id, caseNumber: row.case_number, version: row.version + 1, fields } }, { idempotencyKey: `case.applicant_remapped:${row.id}:${row.version + 1}` });
    }
    await appendEvents(trx, tenantId, events);
    return { examined: batch.length, changed: events.length, nextAfter: rows.length > REAPPLY_BATCH ? batch[batch.length - 1]!.id : null };
  });
}

/** The applicant's fields (kind, names, contact, address, Postfach) whose value differs. */
export function changedFields(before: Applicant, after: Applicant): string[] {
  const of = (a: Applicant, f: string): unknown => (['street', 'houseNumber', 'postalCode', 'city'].includes(f) ? a.address?.[f as 'street'] : (a as unknown as Record<string, unknown>)[f]);
  return ['kind', ...APPLICANT_FIELDS, 'mailbox'].filter((f) => JSON.stringify(of(before, f)) !== JSON.stringify(of(after, f)));
}
