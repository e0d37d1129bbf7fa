import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { enqueue } from '../outbox/enqueue.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { findCase } from '../cases/repository.js';
import { assertWritable } from '../cases/policy.js';
import { caseNotFound } from '../cases/queries.js';
import { actingActor, type Viewer } from '../cases/viewer.js';
import { berlinDay, nextWorkingDay, nonWorkingReason } from '../deadlines/calendar.js';
import { holidayStateOf } from '../deadlines/repository.js';
import { createLoginLink, NOTICE_LINK_TTL_MS, normaliseEmail } from '../portal/accounts.js';
import { activeParticipant, itemOfCase, participantsOfCase, sharesOf } from './repository.js';
import { presentParticipant } from './presenter.js';
import type { ParticipantRole, Profession, ShareKind } from './tables.js';

export interface InviteInput { role: ParticipantRole; profession?: Profession; name: string; email?: string; mailboxIdentifier?: string }

const participantNotFound = () => new AppError('not_found', { detail: 'Die beteiligte Person wurde nicht gefunden.' });

async function requireCase(trx: Trx, viewer: Viewer, caseId: string, writing = true) {
  const row = await findCase(trx, viewer, caseId);
  if (!row) throw caseNotFound(caseId);
  // A case handed over as the lead record (xdomea) is read-only here: nobody new is let in or shown more.
  if (writing) assertWritable(row);
  return row;
}

async function presentAll(trx: Trx, tenantId: string, caseId: string) {
  const rows = await participantsOfCase(trx, tenantId, caseId);
  const shares = await sharesOf(trx, tenantId, rows.map((r) => r.id));
  const today = berlinDay();
  return rows.map((r) => presentParticipant(r, shares.filter((s) => s.participant_id === r.id), today));
}

/** The participants of a case the viewer can see, with what is shared with each and their statement's state. */
export async function listParticipants(db: Database, viewer: Viewer, caseId: string) {
  return withTenant(db, viewer, async (trx) => {
    await requireCase(trx, viewer, caseId, false);
    return presentAll(trx, viewer.tenantId, caseId);
  });
}

function validateInvite(input: InviteInput): { name: string; email: string | null; mailbox: string | null } {
  const name = input.name.trim();
  if (!name) throw new AppError('validation_failed', { field: 'name', detail: 'Bitte geben Sie den Namen der beteiligten Person oder Stelle an („name“).' });
  const email = input.email?.trim() ? normaliseEmail(input.email) : null;
  const mailbox = input.mailboxIdentifier?.trim() || null;
  if (!email && !mailbox) {
    throw new AppError('validation_failed', { field: 'email', detail: 'Bitte geben Sie eine E-Mail-Adresse („email“) oder eine Postfach-Kennung („mailboxIdentifier“) an.' });
  }
  if (input.profession && input.role !== 'representative') {
    throw new AppError('validation_failed', { field: 'profession', detail: 'Ein Beruf („profession“) wird nur bei einer Vertretung angegeben.' });
  }
  return { name, email, mailbox };
}

/**
 * Invites a participant: the row, a history event and (with an e-mail address) an invitation with a
 * one-time portal link through the outbox, in one transaction. A mailbox identifier alone means the
 * person signs in with their user account (the portal's OIDC); no e-mail is sent then.
 */
export async function inviteParticipant(db: Database, viewer: Viewer, caseId: string, input: InviteInput, publicUrl: string) {
  const { name, email, mailbox } = validateInvite(input);
  return withTenant(db, viewer, async (trx) => {
    const kase = await requireCase(trx, viewer, caseId);
    const actor = actingActor(viewer, kase);
    const same = await trx.selectFrom('case_participants').select('id').where('tenant_id', '=', viewer.tenantId).where('case_id', '=', caseId)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([...(email ? [eb('email', '=', email)] : []), ...(mailbox ? [eb('mailbox_identifier', '=', mailbox)] : [])]))
      .executeTakeFirst();
    if (same) throw new AppError('duplicate', { field: email ? 'email' : 'mailboxIdentifier', detail: 'Diese Person ist an dem Vorgang bereits beteiligt.' });
    const id = uuidv7();
    await trx.insertInto('case_participants').values({
      id, tenant_id: viewer.tenantId, case_id: caseId, role: input.role, profession: input.profession ?? null, name, email, mailbox_identifier: mailbox,
      invited_by: viewer.userId, invited_by_name: viewer.actor.name, revoked_at: null, revoked_by_name: null, statement_note: null,
      statement_requested_at: null, statement_received_at: null, statement_message_id: null, last_access_at: null,
    }).execute();
    await appendEvent(trx, viewer.tenantId, {
      caseId, type: 'participant.invited', actor, data: { participantId: id, role: input.role, profession: input.profession ?? null, name, via: email ? 'email' : 'mailbox' },
    });
    if (email) {
      const tenant = await trx.selectFrom('tenants').select('name').where('id', '=', viewer.tenantId).executeTakeFirstOrThrow();
      const link = await createLoginLink(trx, viewer.tenantId, email, publicUrl, NOTICE_LINK_TTL_MS);
      // Only the authority and the case number: what the case is about is read in the portal, never in an e-mail.
      await enqueue(trx, viewer.tenantId, 'email', {
        to: email,
        subject: `Einladung zur Beteiligung am Vorgang ${kase.case_number} (${tenant.name})`,
        text: `Guten Tag,\n\n${tenant.name} hat Sie am Vorgang ${kase.case_number} beteiligt. Im Bürgerportal sehen Sie, was mit Ihnen geteilt wurde, und können Unterlagen und Stellungnahmen einreichen:\n\n${link}\n\nDer Link ist 72 Stunden gültig und kann einmal verwendet werden. Danach fordern Sie auf der Anmeldeseite einen neuen Link an.\n`,
      }, { idempotencyKey: `participant_invitation:${id}` });
    }
    return (await presentAll(trx, viewer.tenantId, caseId)).find((p) => p.id === id)!;
  });
}

/** Ends a participation: from now on the person sees nothing of the case (their earlier contributions stay on it). */
export async function revokeParticipant(db: Database, viewer: Viewer, caseId: string, participantId: string) {
  return withTenant(db, viewer, async (trx) => {
    const actor = actingActor(viewer, await requireCase(trx, viewer, caseId));
    const row = await activeParticipant(trx, viewer.tenantId, caseId, participantId, true);
    if (!row) throw participantNotFound();
    await trx.updateTable('case_participants').set({ revoked_at: new Date(), revoked_by_name: viewer.actor.name })
      .where('tenant_id', '=', viewer.tenantId).where('id', '=', participantId).execute();
    await appendEvent(trx, viewer.tenantId, { caseId, type: 'participant.revoked', actor, data: { participantId, name: row.name } });
  });
}

/** Shares one message (with its files) or one document of the case with a participant, or takes it back. */
export async function setShare(db: Database, viewer: Viewer, caseId: string, participantId: string, item: { kind: ShareKind; id: string }, shared: boolean) {
  return withTenant(db, viewer, async (trx) => {
    const actor = actingActor(viewer, await requireCase(trx, viewer, caseId));
    const row = await activeParticipant(trx, viewer.tenantId, caseId, participantId, true);
    if (!row) throw participantNotFound();
    if (!(await itemOfCase(trx, viewer.tenantId, caseId, item.kind, item.id))) {
      const what = item.kind === 'message' ? 'Die Nachricht' : 'Das Dokument';
      throw new AppError('unprocessable', { field: 'itemId', detail: `${what} „${item.id}“ gehört nicht zu diesem Vorgang.` });
    }
    if (shared) {
      const inserted = await trx.insertInto('participant_shares').values({
        tenant_id: viewer.tenantId, participant_id: participantId, item_kind: item.kind, item_id: item.id, shared_by_name: viewer.actor.name,
      }).onConflict((oc) => oc.columns(['tenant_id', 'participant_id', 'item_kind', 'item_id']).doNothing()).returning('item_id').executeTakeFirst();
      if (inserted) {
        await appendEvent(trx, viewer.tenantId, { caseId, type: 'participant.item_shared', actor, data: { participantId, name: row.name, itemKind: item.kind, itemId: item.id } });
      }
    } else {
      const removed = await trx.deleteFrom('participant_shares').where('tenant_id', '=', viewer.tenantId).where('participant_id', '=', participantId)
        .where('item_kind', '=', item.kind).where('item_id', '=', item.id).executeTakeFirst();
      if (Number(removed.numDeletedRows) > 0) {
        await appendEvent(trx, viewer.tenantId, { caseId, type: 'participant.item_unshared', actor, data: { participantId, name: row.name, itemKind: item.kind, itemId: item.id } });
      }
    }
    return (await presentAll(trx, viewer.tenantId, caseId)).find((p) => p.id === participantId)!;
  });
}

/**
 * Asks a participant for a statement by a day. Like a processing deadline, a day that is no working
 * day (weekend or holiday of the tenant's state) moves to the next one; the answer says so.
 */
export async function requestStatement(db: Database, viewer: Viewer, caseId: string, participantId: string, input: { dueOn: string; note?: string }, publicUrl: string) {
  const date = new Date(`${input.dueOn}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== input.dueOn) {
    throw new AppError('validation_failed', { field: 'dueOn', detail: 'Die Frist („dueOn“) muss ein gültiges Datum (JJJJ-MM-TT) sein.' });
  }
  if (input.dueOn <= berlinDay()) throw new AppError('validation_failed', { field: 'dueOn', detail: 'Die Frist für die Stellungnahme („dueOn“) muss in der Zukunft liegen.' });
  const note = input.note?.trim() || null;
  return withTenant(db, viewer, async (trx) => {
    const kase = await requireCase(trx, viewer, caseId);
    const row = await activeParticipant(trx, viewer.tenantId, caseId, participantId, true);
    if (!row) throw participantNotFound();
    const state = await holidayStateOf(trx, viewer.tenantId);
    const dueOn = nextWorkingDay(input.dueOn, state);
    const movedBecause = dueOn !== input.dueOn ? nonWorkingReason(input.dueOn, state) : null;
    await trx.updateTable('case_participants').set({
      statement_due_on: dueOn, statement_note: note, statement_requested_at: new Date(), statement_received_at: null, statement_message_id: null,
    }).where('tenant_id', '=', viewer.tenantId).where('id', '=', participantId).execute();
    await appendEvent(trx, viewer.tenantId, {
      caseId, type: 'participant.statement_requested', actor: actingActor(viewer, kase),
      data: { participantId, name: row.name, dueOn, ...(movedBecause ? { requestedOn: input.dueOn, movedBecause } : {}) },
    });
    if (row.email) {
      const link = await createLoginLink(trx, viewer.tenantId, row.email, publicUrl, NOTICE_LINK_TTL_MS);
      await enqueue(trx, viewer.tenantId, 'email', {
        to: row.email,
        subject: `Bitte um Stellungnahme zum Vorgang ${kase.case_number}`,
        text: `Guten Tag,\n\nzum Vorgang ${kase.case_number} werden Sie um eine Stellungnahme bis zum ${dueOn.split('-').reverse().join('.')} gebeten. Die Einzelheiten sehen Sie im Bürgerportal:\n\n${link}\n`,
      }, { idempotencyKey: `participant_statement:${participantId}:${dueOn}:${Date.now()}` });
    }
    const presented = (await presentAll(trx, viewer.tenantId, caseId)).find((p) => p.id === participantId)!;
    return { ...presented, statement: presented.statement && { ...presented.statement, movedBecause, requestedOn: movedBecause ? input.dueOn : null } };
  });
}
