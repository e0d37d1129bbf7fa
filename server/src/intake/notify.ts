import type { Trx } from '../db/database.js';
import { enqueue } from '../outbox/enqueue.js';

/** Whether the tenant wants its intake staff told about new cases by e-mail. */
export async function intakeNotificationsOn(trx: Trx, tenantId: string): Promise<boolean> {
  const settings = await trx.selectFrom('intake_settings').select('notify_email').where('tenant_id', '=', tenantId).executeTakeFirst();
  return !!settings?.notify_email;
}

/**
 * Tells the intake staff of the case's org unit about a new case by e-mail, when the tenant has
 * switched this on. The mail names the case number and service only, never the applicant. Runs
 * when the outbox delivers the case's 'case.created' notice; a case that has left 'new' by then
 * is old news, and a repeated delivery records no second mail.
 */
export async function notifyIntakeStaff(trx: Trx, tenantId: string, caseId: string, publicUrl: string): Promise<number> {
  if (!(await intakeNotificationsOn(trx, tenantId))) return 0;
  const kase = await trx
    .selectFrom('cases as c')
    .innerJoin('services as s', 's.id', 'c.service_id')
    .innerJoin('org_units as o', 'o.id', 'c.org_unit_id')
    .select(['c.case_number', 'c.org_unit_id', 's.name as service_name', 'o.name as unit_name'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.id', '=', caseId)
    .where('c.status', '=', 'new')
    .executeTakeFirst();
  if (!kase) return 0;
  const users = await trx
    .selectFrom('users')
    .select(['id', 'email', 'roles', 'org_unit_ids'])
    .where('tenant_id', '=', tenantId)
    .where('active', '=', true)
    .execute();
  // An empty org unit list means "all units of the tenant".
  const recipients = users.filter((u) => u.roles.includes('intake') && (u.org_unit_ids.length === 0 || u.org_unit_ids.includes(kase.org_unit_id)));
  for (const user of recipients) {
    await enqueue(
      trx,
      tenantId,
      'email',
      {
        to: user.email,
        subject: `Neuer Vorgang ${kase.case_number}: ${kase.service_name}`,
        text:
          `Guten Tag,\n\nim Posteingang „${kase.unit_name}“ ist ein neuer Antrag eingegangen:\n` +
          `Vorgang ${kase.case_number} – ${kase.service_name}\n\n${publicUrl.replace(/\/$/, '')}/vorgaenge/${caseId}\n\n` +
          `Diese Nachricht wurde automatisch von Amtsdesk versandt.`,
      },
      { idempotencyKey: `intake-mail:${caseId}:${user.id}`, ifAbsent: true },
    );
  }
  return recipients.length;
}
