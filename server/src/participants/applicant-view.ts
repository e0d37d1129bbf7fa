import { withTenant, type Database } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { ownedBy } from '../portal/service.js';
import type { Applicant } from '../portal/sessions.js';
import type { Viewer } from '../cases/viewer.js';
import { appendEvent } from '../events/chain.js';

/** The applicant sees who takes part in their own application: names and roles, never addresses or what is shared. */
export async function participantsForApplicant(db: Database, applicant: Applicant, caseId: string) {
  return withTenant(db, applicant, async (trx) => {
    const own = await trx.selectFrom('cases').select('id').where('tenant_id', '=', applicant.tenantId).where('id', '=', caseId).where(ownedBy(applicant)).executeTakeFirst();
    if (!own) throw new AppError('not_found', { detail: 'Der Antrag wurde nicht gefunden.' });
    const rows = await trx.selectFrom('case_participants').select(['name', 'role', 'profession', 'invited_at'])
      .where('tenant_id', '=', applicant.tenantId).where('case_id', '=', caseId).where('revoked_at', 'is', null)
      .orderBy('invited_at').execute();
    return rows.map((r) => ({ name: r.name, role: r.role, profession: r.profession, since: new Date(r.invited_at).toISOString() }));
  });
}

/** Admin: the minimum trust level a participant's sign-in needs for cases of a service (null: an e-mail link suffices). */
export async function setServiceTrustLevel(db: Database, viewer: Viewer, serviceId: string, level: number | null) {
  return withTenant(db, viewer, async (trx) => {
    const updated = await trx.updateTable('services').set({ participant_trust_level: level })
      .where('tenant_id', '=', viewer.tenantId).where('id', '=', serviceId).returning(['id', 'participant_trust_level']).executeTakeFirst();
    if (!updated) throw new AppError('not_found', { detail: 'Die Leistung wurde nicht gefunden.' });
    await appendEvent(trx, viewer.tenantId, { caseId: null, type: 'service.participant_trust_level_set', actor: viewer.actor, data: { serviceId, level } });
    return { serviceId: updated.id, level: updated.participant_trust_level };
  });
}
