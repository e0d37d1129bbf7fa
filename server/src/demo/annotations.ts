import { withTenant } from '../db/database.js';
import { appendEvents, type NewEvent } from '../events/chain.js';
import { uuidv7 } from '../shared/ids.js';
import type { DemoContext } from './demo-cases.js';

/*
 * Notes and follow-ups of the demo caseworkers on the cases they work on, so the dashboard's
 * "overdue follow-ups", the inbox's follow-up column and "Meine Wiedervorlagen" show something.
 * Deterministic (the seeded random and the demo's "today"), and one transaction for all of them.
 * Inserted directly rather than through createFollowUp, which refuses due dates in the past.
 */

const WORKING = ['accepted', 'in_progress', 'reopened'];
const DAY = 24 * 3600 * 1000;

/** Days from the demo's today: two overdue, two due within the week, per caseworker. */
const DUE_IN_DAYS = [-6, -2, 1, 4];

const FOLLOW_UPS = [
  ['Fehlende Unterlagen nachfordern', 'Nachweis fehlt noch; bei Ausbleiben schriftlich erinnern.'],
  ['Stellungnahme des Fachamts einholen', ''],
  ['Rückmeldung der antragstellenden Seite prüfen', 'Zugesagt bis Ende der Woche.'],
  ['Gebührenbescheid vorbereiten', 'Gebühr nach Verwaltungsgebührensatzung, Tarifstelle prüfen.'],
  ['Frist für die Nachreichung prüfen', ''],
  ['Ortstermin abstimmen', 'Zwei Terminvorschläge per Postfach senden.'],
] as const;

const NOTES = [
  'Antragstellerin telefonisch erreicht, die fehlenden Unterlagen kommen per Post.',
  'Vorgang mit dem Fachamt besprochen, keine Bedenken.',
  'Angaben im Formular stimmen mit dem Melderegister überein.',
  'Rückfrage zur Anlage gestellt, Antwort steht noch aus.',
  'Zahlung der Gebühr ist eingegangen.',
  'Unterlagen vollständig, Entscheidung kann vorbereitet werden.',
] as const;

/** yyyy-mm-dd of a day relative to the demo's today, in German local time. */
function berlinDay(now: Date, offsetDays: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(now.getTime() + offsetDays * DAY));
}

export async function createDemoAnnotations(ctx: DemoContext): Promise<{ followUps: number; notes: number }> {
  const caseworkers = ctx.users.filter((u) => u.user.roles.includes('caseworker'));
  return withTenant(ctx.db, { tenantId: ctx.tenantId }, async (trx) => {
    const cases = await trx
      .selectFrom('cases')
      .select(['id', 'assignee_id'])
      .where('tenant_id', '=', ctx.tenantId)
      .where('status', 'in', WORKING)
      .where('assignee_id', 'in', caseworkers.map((c) => c.id))
      .orderBy('received_at', 'desc')
      .orderBy('case_number')
      .execute();
    const events: NewEvent[] = [];
    let followUps = 0;
    let notes = 0;
    for (const worker of caseworkers) {
      const actor = { kind: 'user' as const, id: worker.id, name: worker.user.displayName };
      const own = cases.filter((c) => c.assignee_id === worker.id);
      for (const [i, kase] of own.slice(0, DUE_IN_DAYS.length).entries()) {
        const [subject, description] = ctx.random.pick(FOLLOW_UPS);
        const id = uuidv7();
        const dueDate = berlinDay(ctx.now, DUE_IN_DAYS[i]!);
        await trx.insertInto('follow_ups').values({
          id, tenant_id: ctx.tenantId, case_id: kase.id, owner_id: worker.id, due_date: dueDate, subject, description,
          done_at: null, done_by: null, created_by: worker.id,
        }).execute();
        events.push({ caseId: kase.id, type: 'follow_up.created', actor, data: { followUpId: id, dueDate, owner: { id: worker.id, name: worker.user.displayName } } });
        followUps++;
      }
      for (const kase of own.slice(0, 3)) {
        const id = uuidv7();
        const at = new Date(ctx.now.getTime() - ctx.random.int(1, 72) * 3600_000);
        await trx.insertInto('notes').values({
          id, tenant_id: ctx.tenantId, case_id: kase.id, author_id: worker.id, body: ctx.random.pick(NOTES), created_at: at, updated_at: at, deleted_at: null,
        }).execute();
        events.push({ caseId: kase.id, type: 'note.added', actor, data: { noteId: id } });
        notes++;
      }
    }
    await appendEvents(trx, ctx.tenantId, events);
    return { followUps, notes };
  });
}
