import type { Logger } from 'pino';
import { sql } from 'kysely';
import { withTenant, type Database, type Trx } from '../db/database.js';
import { startClusterJob, type ClusterJob } from '../db/cluster-job.js';
import { uuidv7 } from '../shared/ids.js';
import { listTenants } from '../tenants/provision.js';
import { berlinDay, workingDaysBetween } from './calendar.js';
import { holidayStateOf, RUNNING_STATUSES } from './repository.js';

/** Without own settings: a notice 3 working days before the due day and one on it. */
export const DEFAULT_NOTICE = { daysBefore: 3 as number | null, onDueDay: true };
/** The widest "days before" a person can choose (NoticeSettingsSchema) in calendar days, with weekends and holidays. */
const LOOKAHEAD_DAYS = 50;
/** A deadline that passed longer ago than this is old news: no late "due" notice for it. */
const LATE_DAYS = 7;

export type NoticeKind = 'deadline.soon' | 'deadline.due';

/**
 * Writes the deadline notices of one tenant for the given day: for each running, not paused case
 * with an assignee whose due day lies in the window, the assignee and each person covering them
 * today (Vertretung) get 'deadline.soon' when the remaining working days reach their setting, and
 * 'deadline.due' from the due day on. Idempotent through the unique (user, case, kind).
 */
export async function writeDeadlineNotices(db: Database, tenantId: string, today = berlinDay()): Promise<number> {
  return withTenant(db, { tenantId }, async (trx) => {
    const state = await holidayStateOf(trx, tenantId);
    // A range on cases_by_due (tenant_id, due_sort, id): only cases near their due day are read.
    const cases = await trx.selectFrom('cases')
      .select(['id', 'assignee_id', sql<string>`due_on::text`.as('due_on')])
      .where('tenant_id', '=', tenantId)
      .where(sql<boolean>`due_sort between ${today}::date - ${LATE_DAYS}::integer and ${today}::date + ${LOOKAHEAD_DAYS}::integer`)
      .where('deadline_paused_on', 'is', null)
      .where('assignee_id', 'is not', null)
      .where('status', 'in', [...RUNNING_STATUSES])
      .execute();
    if (!cases.length) return 0;
    const recipients = await recipientsOf(trx, tenantId, [...new Set(cases.map((c) => c.assignee_id!))], today);
    const rows: Array<{ id: string; tenant_id: string; user_id: string; case_id: string; kind: NoticeKind }> = [];
    for (const c of cases) {
      const remaining = c.due_on < today ? -1 : workingDaysBetween(today, c.due_on, state);
      for (const r of recipients.get(c.assignee_id!) ?? []) {
        const kind = noticeDue(remaining, r.settings);
        if (kind) rows.push({ id: uuidv7(), tenant_id: tenantId, user_id: r.userId, case_id: c.id, kind });
      }
    }
    if (!rows.length) return 0;
    const result = await trx.insertInto('notifications').values(rows)
      .onConflict((oc) => oc.columns(['user_id', 'case_id', 'kind']).doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  });
}

/** Which notice, if any, a person's settings ask for with this many working days left (negative: overdue). */
export function noticeDue(remaining: number, settings: { daysBefore: number | null; onDueDay: boolean }): NoticeKind | null {
  if (remaining <= 0) return settings.onDueDay ? 'deadline.due' : null;
  return settings.daysBefore !== null && remaining <= settings.daysBefore ? 'deadline.soon' : null;
}

interface Recipient { userId: string; settings: { daysBefore: number | null; onDueDay: boolean } }

/** Assignee → the people to tell: the assignee (if active) and whoever covers them today, each with their own settings. */
async function recipientsOf(trx: Trx, tenantId: string, assignees: string[], today: string): Promise<Map<string, Recipient[]>> {
  const deputies = await trx.selectFrom('absences').select(['user_id', 'deputy_id'])
    .where('tenant_id', '=', tenantId).where('user_id', 'in', assignees).where('withdrawn_at', 'is', null)
    .where(sql<boolean>`starts_on <= ${today}::date and ends_on >= ${today}::date`).execute();
  const people = [...new Set([...assignees, ...deputies.map((d) => d.deputy_id)])];
  const [active, settings] = await Promise.all([
    trx.selectFrom('users').select('id').where('tenant_id', '=', tenantId).where('id', 'in', people).where('active', '=', true).execute(),
    trx.selectFrom('deadline_notice_settings').select(['user_id', 'days_before', 'on_due_day']).where('tenant_id', '=', tenantId).where('user_id', 'in', people).execute(),
  ]);
  const isActive = new Set(active.map((a) => a.id));
  const own = new Map(settings.map((s) => [s.user_id, { daysBefore: s.days_before, onDueDay: s.on_due_day }]));
  const recipient = (userId: string): Recipient => ({ userId, settings: own.get(userId) ?? DEFAULT_NOTICE });
  const map = new Map<string, Recipient[]>();
  for (const a of assignees) {
    const list = [a, ...deputies.filter((d) => d.user_id === a).map((d) => d.deputy_id)].filter((id) => isActive.has(id));
    map.set(a, [...new Set(list)].map(recipient));
  }
  return map;
}

/** The job: every tenant, a few times a day (a missed run is caught up by the next; rows are unique). */
export function startDeadlineNoticeJob(deps: { db: Database; intervalMs: number; logger?: Logger }): ClusterJob {
  return startClusterJob({
    db: deps.db,
    name: 'deadline-notices',
    intervalMs: deps.intervalMs,
    onError: (error) => deps.logger?.error({ err: error }, 'deadline notices failed'),
    run: async () => {
      let written = 0;
      for (const tenant of await listTenants(deps.db)) written += await writeDeadlineNotices(deps.db, tenant.id);
      if (written) deps.logger?.info({ notices: written }, 'deadline notices written');
    },
  });
}
