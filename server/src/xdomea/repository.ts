import { sql, type Selectable } from 'kysely';
import type { Trx } from '../db/database.js';
import { enqueue } from '../outbox/enqueue.js';
import { uuidv7 } from '../shared/ids.js';
import type { XdomeaMessageType, XdomeaParty, XdomeaTarget } from './contract.js';
import { packageFileName } from './names.js';
import type { XdomeaTargetsTable } from './tables.js';
import './outbox-kind.js';

type TargetRow = Selectable<XdomeaTargetsTable>;

/** A target row as the transports see it; the shared secret travels inside config, never to the web app. */
export function toTarget(row: Pick<TargetRow, 'id' | 'tenant_id' | 'kind' | 'transport' | 'name' | 'authority_id' | 'config' | 'shared_secret'>): XdomeaTarget {
  return {
    id: row.id, tenantId: row.tenant_id, kind: row.kind, transport: row.transport,
    party: { authorityId: row.authority_id, name: row.name },
    config: { ...(row.config as Record<string, unknown>), ...(row.shared_secret ? { sharedSecret: row.shared_secret } : {}) },
  };
}

export async function findTarget(trx: Trx, targetId: string) {
  return trx.selectFrom('xdomea_targets').selectAll().where('id', '=', targetId).executeTakeFirst();
}

export async function ownParty(trx: Trx): Promise<XdomeaParty | undefined> {
  const row = await trx.selectFrom('xdomea_settings').select(['authority_id', 'authority_name']).executeTakeFirst();
  return row ? { authorityId: row.authority_id, name: row.authority_name } : undefined;
}

export async function settingsOf(trx: Trx) {
  return trx.selectFrom('xdomea_settings').selectAll().executeTakeFirst();
}

export async function processByRowId(trx: Trx, id: string) {
  return trx.selectFrom('xdomea_processes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function processByProcessId(trx: Trx, processId: string) {
  return trx.selectFrom('xdomea_processes').selectAll().where('process_id', '=', processId).forUpdate().executeTakeFirst();
}

export async function casesOf(trx: Trx, processRowId: string) {
  return trx.selectFrom('xdomea_process_cases').selectAll().where('process_row_id', '=', processRowId).orderBy('case_number').execute();
}

export async function messagesOf(trx: Trx, processRowId: string) {
  return trx.selectFrom('xdomea_messages').selectAll().where('process_row_id', '=', processRowId).orderBy('created_at').orderBy('message_type').execute();
}

/**
 * Queues one outgoing message of a process: its row (state queued) and the outbox entry, in the
 * caller's transaction. The outbox key is the package's file name, so however often the worker
 * retries, the receiver is offered one file under one ProzessID.
 */
export async function queueMessage(trx: Trx, tenantId: string, process: { id: string; process_id: string }, type: XdomeaMessageType): Promise<void> {
  const fileName = packageFileName(process.process_id, type);
  await trx.insertInto('xdomea_messages').values({
    id: uuidv7(), tenant_id: tenantId, process_row_id: process.id, direction: 'out', message_type: type, file_name: fileName, state: 'queued',
  }).execute();
  await enqueue(trx, tenantId, 'xdomea_message', { processRowId: process.id, messageType: type }, { idempotencyKey: `xdomea:${fileName}` });
}

/** Marks the process done once no case waits for an answer any more. */
export async function closeIfFinished(trx: Trx, processRowId: string, finalStates: readonly string[]): Promise<void> {
  await sql`update xdomea_processes set state = 'done', updated_at = now()
    where id = ${processRowId} and not exists (
      select 1 from xdomea_process_cases c where c.process_row_id = ${processRowId} and not (c.state = any(${finalStates as string[]}::text[])))`.execute(trx);
}
