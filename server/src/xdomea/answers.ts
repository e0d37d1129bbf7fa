import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvents, type NewEvent } from '../events/chain.js';
import { archiveAnswered } from '../records/destruction/review.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import type { IncomingXdomea, XdomeaAnswerItem, XdomeaMessageBuilders } from './contract.js';
import { ANSWERS } from './names.js';
import { casesOf, closeIfFinished, findTarget, processByProcessId, queueMessage, settingsOf } from './repository.js';
import { XDOMEA_ACTOR } from './actor.js';
import type { CaseInProcessState } from './tables.js';

/** Why an answer was refused; logged for the operator (ids and codes only, no personal data). */
export type Refusal = 'invalid' | 'unknown_process' | 'wrong_sender' | 'wrong_receiver' | 'unexpected_message' | 'unknown_object';

export interface AnswerDeps { db: Database; builders: XdomeaMessageBuilders; logger?: { warn(obj: object, msg: string): void } }
export type AnswerResult = { outcome: 'accepted' | 'duplicate' } | { outcome: 'refused'; refusal: Refusal };

const FINAL: readonly CaseInProcessState[] = ['imported', 'refused', 'destroy', 'archived'];

class Refused extends Error {
  constructor(readonly refusal: Refusal) { super(refusal); }
}

/**
 * Takes in one answer of a receiver (pushed or fetched by a transport) for a target of the tenant.
 * It is parsed and validated by the builders, then checked against the process it names: unknown
 * ProzessID, another sender, an answer that does not belong to the process, an object we never sent
 * — refused and logged, nothing changes (one transaction, rolled back). A repeated answer is a no-op.
 */
export async function receiveAnswer(deps: AnswerDeps, tenantId: string, targetId: string, fileName: string, body: Buffer): Promise<AnswerResult> {
  const refuse = (refusal: Refusal, processId?: string): AnswerResult => {
    deps.logger?.warn({ tenantId, targetId, fileName: fileName.slice(0, 200), processId, refusal }, 'xdomea answer refused');
    return { outcome: 'refused', refusal };
  };
  let message: IncomingXdomea;
  try {
    message = await deps.builders.parse(body);
  } catch (error) {
    if (error instanceof AppError) return refuse('invalid');
    throw error;
  }
  try {
    return await withTenant(deps.db, { tenantId }, (trx) => apply(trx, tenantId, targetId, fileName, message));
  } catch (error) {
    if (error instanceof Refused) return refuse(error.refusal, message.processId);
    throw error;
  }
}

async function apply(trx: Trx, tenantId: string, targetId: string, fileName: string, message: IncomingXdomea): Promise<AnswerResult> {
  const process = await processByProcessId(trx, message.processId);
  if (!process || process.target_id !== targetId) throw new Refused('unknown_process');
  const target = (await findTarget(trx, targetId))!;
  if (message.sender.authorityId !== target.authority_id) throw new Refused('wrong_sender');
  const settings = await settingsOf(trx);
  if (!settings || message.receiver.authorityId !== settings.authority_id) throw new Refused('wrong_receiver');
  if (!ANSWERS[process.kind].includes(message.messageType)) throw new Refused('unexpected_message');
  const seen = await trx.selectFrom('xdomea_messages').select('id')
    .where('process_row_id', '=', process.id).where('direction', '=', 'in').where('message_type', '=', message.messageType).executeTakeFirst();
  if (seen) return { outcome: 'duplicate' };

  const cases = await casesOf(trx, process.id);
  // A case is its Vorgang: its id is the object id (IDSGO) in the messages. Items about documents
  // (a 0402 may confirm each one) name no case and are skipped; an answer naming no case of ours at all is refused.
  const caseOf = (item: XdomeaAnswerItem) => cases.find((c) => c.case_id === item.objectId || (item.caseNumber !== undefined && c.case_number === item.caseNumber));
  const named = message.items.filter((i) => caseOf(i));
  if (message.items.length && !named.length) throw new Refused('unknown_object');

  await trx.insertInto('xdomea_messages').values({
    id: uuidv7(), tenant_id: tenantId, process_row_id: process.id, direction: 'in', message_type: message.messageType, file_name: fileName.slice(0, 300), state: 'received', sent_at: null,
  }).execute();

  const events: NewEvent[] = [];
  const move = async (c: (typeof cases)[number], to: CaseInProcessState, extra: { reference?: string; reason?: string } = {}) => {
    await trx.updateTable('xdomea_process_cases').set({ state: to, reference: extra.reference?.slice(0, 500) ?? c.reference, reason: extra.reason?.slice(0, 1000) ?? null, updated_at: new Date() })
      .where('process_row_id', '=', process.id).where('case_id', '=', c.case_id).execute();
    events.push({ caseId: c.case_id, type: 'xdomea.answered', actor: XDOMEA_ACTOR, data: { processId: process.process_id, messageType: message.messageType, state: { from: c.state, to }, ...extra } });
  };

  switch (message.messageType) {
    case '0403': // receipt of the hand-over
      for (const c of cases) if (c.state === 'pending' || c.state === 'sent') await move(c, 'received');
      break;
    case '0402': // import per object
      for (const item of named) {
        const c = caseOf(item)!;
        if (FINAL.includes(c.state)) continue;
        if (item.outcome === 'imported') {
          await move(c, 'imported', { ...(item.reference ? { reference: item.reference } : {}) });
          if (process.lead && (settings.lead_handover_read_only ?? true)) {
            await trx.updateTable('cases').set((eb) => ({ read_only_since: new Date(), version: eb('version', '+', 1), updated_at: new Date() }))
              .where('id', '=', c.case_id).where('read_only_since', 'is', null).execute();
          }
        } else {
          await move(c, 'refused', { reason: item.reason ?? 'Vom Empfänger ohne Begründung abgelehnt' });
        }
      }
      break;
    case '0502': // appraisal per case: archive or destroy; we confirm the receipt with 0505
      for (const item of named) {
        const c = caseOf(item)!;
        if (c.state !== 'offered' && c.state !== 'offered_pending') continue;
        if (item.outcome === 'destroy') {
          await move(c, 'destroy');
          await archiveAnswered(trx, tenantId, c.case_id, target.name);
        } else if (item.outcome === 'archive') {
          await move(c, 'archive');
        }
      }
      await queueMessage(trx, tenantId, process, '0505');
      break;
    case '0506': // import of the transferred cases per object
      for (const item of named) {
        const c = caseOf(item)!;
        if (c.state !== 'transferred' && c.state !== 'transfer_pending') continue;
        if (item.outcome === 'imported') {
          await move(c, 'archived', { ...(item.reference ? { reference: item.reference } : {}) });
          await archiveAnswered(trx, tenantId, c.case_id, target.name);
        } else {
          await move(c, 'refused', { reason: item.reason ?? 'Vom Archiv ohne Begründung abgelehnt' });
        }
      }
      break;
    default: // 0504, 0507: receipts, recorded as messages of the process
      break;
  }
  if (events.length) await appendEvents(trx, tenantId, events);
  await closeIfFinished(trx, process.id, FINAL);
  await trx.updateTable('xdomea_processes').set({ updated_at: new Date() }).where('id', '=', process.id).execute();
  return { outcome: 'accepted' };
}
