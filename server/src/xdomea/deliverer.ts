import { withTenant, type Trx } from '../db/database.js';
import { appendEvents } from '../events/chain.js';
import { DeliveryError, type Deliverer } from '../outbox/deliverers/types.js';
import type { OutboxMessages } from '../outbox/enqueue.js';
import { AppError } from '../shared/errors.js';
import type { XdomeaMessageBuilders, XdomeaMessageType, XdomeaPackage, XdomeaTarget } from './contract.js';
import { casesOf, findTarget, ownParty, processByRowId, toTarget } from './repository.js';
import type { XdomeaTransports } from './transport/index.js';
import { XDOMEA_ACTOR } from './actor.js';
import type { CaseInProcessState } from './tables.js';

/** Which case state an outgoing message moves on, once delivered. */
const ON_SENT: Partial<Record<XdomeaMessageType, { from: CaseInProcessState; to: CaseInProcessState }>> = {
  '0401': { from: 'pending', to: 'sent' },
  '0501': { from: 'offered_pending', to: 'offered' },
  '0503': { from: 'transfer_pending', to: 'transferred' },
};

async function buildPackage(trx: Trx, builders: XdomeaMessageBuilders, processRowId: string, type: XdomeaMessageType): Promise<{ pkg: XdomeaPackage; target: XdomeaTarget }> {
  const process = await processByRowId(trx, processRowId);
  const targetRow = process && await findTarget(trx, process.target_id);
  const sender = await ownParty(trx);
  if (!process || !targetRow || !sender) throw new DeliveryError('Verfahren, Ziel oder Behördenkennung fehlen', true);
  const target = toTarget(targetRow);
  const cases = await casesOf(trx, process.id);
  const input = (states: string[]) => ({
    tenantId: process.tenant_id, processId: process.process_id, sender, receiver: target.party,
    caseIds: cases.filter((c) => states.includes(c.state)).map((c) => c.case_id),
  });
  switch (type) {
    case '0401': return { target, pkg: await builders.handover(trx, input(['pending', 'sent'])) };
    case '0501': return { target, pkg: await builders.offer(trx, input(['offered_pending', 'offered'])) };
    case '0503': return { target, pkg: await builders.disposal(trx, input(['transfer_pending', 'transferred'])) };
    default: return { target, pkg: await builders.confirmation({ messageType: type, processId: process.process_id, sender, receiver: target.party, items: [] }) };
  }
}

/**
 * Delivers one outgoing xdomea message. The package is built (and validated by the builders) at
 * delivery time from the committed state, then handed to the target's transport, which is
 * idempotent per file name. An invalid package is never sent: the process shows why, and the
 * outbox keeps the message for a retry after the fix (with backoff, finally in dead letters).
 */
export function xdomeaMessageDeliverer(builders: XdomeaMessageBuilders, transports: XdomeaTransports): Deliverer {
  return {
    async deliver(message, { db }) {
      const { processRowId, messageType } = message.payload as OutboxMessages['xdomea_message'];
      let built: { pkg: XdomeaPackage; target: XdomeaTarget };
      try {
        built = await withTenant(db, { tenantId: message.tenantId }, (trx) => buildPackage(trx, builders, processRowId, messageType));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const reason = `Nachricht ${messageType} ungültig: ${error.detail}`.slice(0, 500);
        await withTenant(db, { tenantId: message.tenantId }, (trx) =>
          trx.updateTable('xdomea_processes').set({ last_error: reason, updated_at: new Date() }).where('id', '=', processRowId).execute());
        throw new DeliveryError(reason.slice(0, 200));
      }
      try {
        await transports[built.target.transport].send(built.target, built.pkg);
      } catch (error) {
        const reason = error instanceof DeliveryError ? error.reason : 'Übertragung fehlgeschlagen';
        await withTenant(db, { tenantId: message.tenantId }, (trx) =>
          trx.updateTable('xdomea_processes').set({ last_error: `Nachricht ${messageType}: ${reason}`.slice(0, 500), updated_at: new Date() }).where('id', '=', processRowId).execute());
        throw error;
      }
    },
    async onDelivered(trx, message) {
      const { processRowId, messageType } = message.payload as OutboxMessages['xdomea_message'];
      const process = await processByRowId(trx, processRowId);
      if (!process) return;
      await trx.updateTable('xdomea_messages').set({ state: 'sent', sent_at: new Date() })
        .where('process_row_id', '=', processRowId).where('direction', '=', 'out').where('message_type', '=', messageType).execute();
      await trx.updateTable('xdomea_processes').set({ last_error: null, updated_at: new Date() }).where('id', '=', processRowId).execute();
      const step = ON_SENT[messageType];
      if (!step) return;
      const moved = await trx.updateTable('xdomea_process_cases').set({ state: step.to, updated_at: new Date() })
        .where('process_row_id', '=', processRowId).where('state', '=', step.from).returning(['case_id']).execute();
      await appendEvents(trx, message.tenantId, moved.map((c) => ({
        caseId: c.case_id, type: 'xdomea.message_sent' as const, actor: XDOMEA_ACTOR,
        data: { processId: process.process_id, messageType, state: { from: step.from, to: step.to } },
      })));
    },
  };
}
