import { withTenant } from '../db/database.js';
import { appendEvents } from '../events/chain.js';
import { uuidv7 } from '../shared/ids.js';
import type { DemoContext, PlannedCase } from './demo-cases.js';
import type { DemoStep } from './timeline.js';

/*
 * Notes and follow-ups of the demo caseworkers on the cases they work on, so the dashboard's
 * "overdue follow-ups", the inbox's follow-up column and "Meine Wiedervorlagen" show something.
 * Deterministic (the seeded random and the demo's "today"), each at its time in the demo's history.
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

/**
 * Plans the caseworkers' follow-ups and notes on the cases they hold at the end of the plan, each
 * at a time between the case's last step and the demo's today.
 */
export function planDemoAnnotations(ctx: DemoContext, cases: PlannedCase[]): DemoStep[] {
  const caseworkers = ctx.users.filter((u) => u.user.roles.includes('caseworker'));
  const working = cases.filter((c) => WORKING.includes(c.status) && c.assignee).sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime());
  const steps: DemoStep[] = [];
  const later = (kase: PlannedCase) => {
    const span = ctx.now.getTime() - kase.lastAt.getTime();
    return new Date(kase.lastAt.getTime() + Math.max(1000, Math.floor(span * (0.2 + 0.7 * ctx.random.next()))));
  };
  for (const worker of caseworkers) {
    const actor = { kind: 'user' as const, id: worker.id, name: worker.user.displayName };
    const own = working.filter((c) => c.assignee?.id === worker.id);
    for (const [i, kase] of own.slice(0, DUE_IN_DAYS.length).entries()) {
      const [subject, description] = ctx.random.pick(FOLLOW_UPS);
      const dueDate = berlinDay(ctx.now, DUE_IN_DAYS[i]!);
      const at = later(kase);
      steps.push({
        at,
        run: () => withTenant(ctx.db, { tenantId: ctx.tenantId }, async (trx) => {
          const id = uuidv7(at.getTime());
          await trx.insertInto('follow_ups').values({
            id, tenant_id: ctx.tenantId, case_id: kase.state.id, owner_id: worker.id, due_date: dueDate, subject, description,
            done_at: null, done_by: null, created_by: worker.id, created_at: at,
          }).execute();
          await appendEvents(trx, ctx.tenantId, [{
            caseId: kase.state.id, type: 'follow_up.created', actor, occurredAt: at, data: { followUpId: id, dueDate, owner: { id: worker.id, name: worker.user.displayName } },
          }]);
        }),
      });
    }
    for (const kase of own.slice(0, 3)) {
      const body = ctx.random.pick(NOTES);
      const at = later(kase);
      steps.push({
        at,
        run: () => withTenant(ctx.db, { tenantId: ctx.tenantId }, async (trx) => {
          const id = uuidv7(at.getTime());
          await trx.insertInto('notes').values({
            id, tenant_id: ctx.tenantId, case_id: kase.state.id, author_id: worker.id, body, created_at: at, updated_at: at, deleted_at: null,
          }).execute();
          await appendEvents(trx, ctx.tenantId, [{ caseId: kase.state.id, type: 'note.added', actor, occurredAt: at, data: { noteId: id } }]);
        }),
      });
    }
  }
  return steps;
}
