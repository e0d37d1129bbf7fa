import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { AppError } from '../shared/errors.js';
import type { Viewer } from '../cases/viewer.js';
import { HOLIDAY_STATES, STATE_NAMES, type HolidayState } from './calendar.js';
import { holidayStateOf } from './repository.js';

export const stateList = () => HOLIDAY_STATES.map((code) => ({ code, name: STATE_NAMES[code] }));

export async function readHolidayState(db: Database, viewer: Viewer) {
  return { holidayState: await withTenant(db, viewer, (trx) => holidayStateOf(trx, viewer.tenantId)), states: stateList() };
}

/** The admin picks the state whose holidays count; deadlines already running keep their due day. */
export async function saveHolidayState(db: Database, viewer: Viewer, holidayState: HolidayState | null) {
  return withTenant(db, viewer, async (trx) => {
    const before = await holidayStateOf(trx, viewer.tenantId);
    await trx.insertInto('deadline_settings')
      .values({ tenant_id: viewer.tenantId, holiday_state: holidayState, updated_by_name: viewer.actor.name })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ holiday_state: holidayState, updated_at: new Date(), updated_by_name: viewer.actor.name }))
      .execute();
    if (before !== holidayState) {
      await appendEvent(trx, viewer.tenantId, { caseId: null, type: 'deadline_settings.updated', actor: viewer.actor, data: { holidayState: { from: before, to: holidayState } } });
    }
    return { holidayState, states: stateList() };
  });
}

export interface ServiceDeadlineInput {
  workingDays: number | null;
  kind: 'statutory' | 'target';
  deemedApproval: boolean;
}

/** Per service: the processing time in working days, its kind, and the deemed approval mark. */
export async function saveServiceDeadline(db: Database, viewer: Viewer, serviceId: string, input: ServiceDeadlineInput) {
  if (input.deemedApproval && !input.workingDays) {
    throw new AppError('validation_failed', { field: 'deemedApproval', detail: 'Eine Genehmigungsfiktion setzt eine Bearbeitungsfrist („workingDays“) voraus.' });
  }
  return withTenant(db, viewer, async (trx) => {
    const service = await trx.selectFrom('services').select(['id', 'name', 'deadline_working_days', 'deadline_kind', 'deemed_approval'])
      .where('tenant_id', '=', viewer.tenantId).where('id', '=', serviceId).executeTakeFirst();
    if (!service) throw new AppError('not_found', { detail: `Die Leistung „${serviceId}“ gibt es in dieser Kommune nicht.` });
    await trx.updateTable('services').set({ deadline_working_days: input.workingDays, deadline_kind: input.kind, deemed_approval: input.deemedApproval })
      .where('tenant_id', '=', viewer.tenantId).where('id', '=', serviceId).execute();
    await appendEvent(trx, viewer.tenantId, {
      caseId: null, type: 'service.updated', actor: viewer.actor,
      data: {
        serviceId, name: service.name,
        deadline: { from: { workingDays: service.deadline_working_days, kind: service.deadline_kind, deemedApproval: service.deemed_approval }, to: input },
      },
    });
    return { serviceId, ...input };
  });
}

export async function listServiceDeadlines(db: Database, viewer: Viewer) {
  const rows = await withTenant(db, viewer, (trx) => trx.selectFrom('services')
    .select(['id', 'name', 'deadline_working_days', 'deadline_kind', 'deemed_approval']).where('tenant_id', '=', viewer.tenantId).orderBy('name').execute());
  return rows.map((r) => ({
    serviceId: r.id, name: r.name, workingDays: r.deadline_working_days,
    kind: r.deadline_kind === 'statutory' ? 'statutory' as const : 'target' as const, deemedApproval: r.deemed_approval,
  }));
}
