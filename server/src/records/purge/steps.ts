import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Actor } from '../../auth/principal.js';
import type { BlobStore } from '../../blobs/blob-store.js';
import { referencedAmong } from '../../blobs/gc.js';
import type { Database, Trx } from '../../db/database.js';
import { appendEvent } from '../../events/chain.js';
import { mailSinkFileName } from '../../outbox/deliverers/email.js';
import { uuidv7 } from '../../shared/ids.js';
import { retentionOfCase } from '../repository.js';

/**
 * The purge of one case in steps. Each step is idempotent and records its completion in
 * purge_orders.step, so a purge interrupted at any point (SIGKILL) resumes where it stopped:
 *   (pending) → started → records_deleted → files_removed → done
 * The database part is ONE transaction (records_deleted): nothing is ever half-deleted in the
 * database. Files come after, from the leftovers recorded in that same transaction.
 */
export type PurgeStep = 'started' | 'records_deleted' | 'files_removed';

export interface OrderRow {
  id: string; tenant_id: string; case_id: string; list_id: string | null; reason: string; approved_by: string[];
  state: string; step: string | null; attempts: number; leftovers: Leftovers | null;
}

/** What outlives the case's rows until the files are gone: hashes, derived file names, the log's facts. */
export interface Leftovers {
  blobs: string[];
  mailFiles: string[];
  log: {
    caseNumber: string; serviceName: string; appraisal: string; caseCreatedAt: string;
    caseClosedAt: string | null; retentionDueAt: string | null;
  };
}

export interface StepDeps {
  db: Database;
  blobs: BlobStore;
  /** Where the outbox's file sink writes e-mails (<dataDir>/mail) when no SMTP server is set. */
  mailDir: string;
  /**
   * A blob written more recently than this is left to the garbage collector: an upload of the same
   * content may be about to commit the row that references it (docs/decisions/0006).
   */
  blobGraceMs: number;
}

export const PURGE_ACTOR: Actor = { kind: 'system', id: null, name: 'Löschlauf' };

/** Thrown when a step must wait (an e-mail of the case is being delivered right now). */
export class PurgeBusy extends Error {}

async function setStep(trx: Trx, orderId: string, step: PurgeStep, extra: { leftovers?: Leftovers } = {}) {
  await trx.updateTable('purge_orders')
    .set({ state: 'running', step, ...(extra.leftovers ? { leftovers: JSON.stringify(extra.leftovers) } : {}) })
    .where('id', '=', orderId).execute();
}

/**
 * Step 1: checks at execution time that the case may go. A legal hold set after the list was
 * approved refuses the order (state failed, last_error purge_refused_legal_hold): nothing deleted.
 * The case row is locked, so a hold being set right now is either seen here or waits for us.
 */
export async function startPurge(trx: Trx, order: OrderRow): Promise<'started' | 'refused'> {
  if (await refusedNow(trx, order)) return 'refused';
  await setStep(trx, order.id, 'started');
  return 'started';
}

/** The case is gone (or another tenant's) or under an active hold: the order fails, nothing changes. */
async function refusedNow(trx: Trx, order: OrderRow): Promise<boolean> {
  const found = await sql<{ id: string }>`select id from cases where id = ${order.case_id} for update`.execute(trx);
  const held = await trx.selectFrom('legal_holds').select('id').where('case_id', '=', order.case_id).where('released_at', 'is', null).executeTakeFirst();
  const refusal = found.rows.length === 0 ? 'not_found' : held ? 'purge_refused_legal_hold' : null;
  if (!refusal) return false;
  await trx.updateTable('purge_orders')
    .set({ state: 'failed', last_error: refusal, completed_at: new Date(), locked_until: null })
    .where('id', '=', order.id).execute();
  return true;
}

/**
 * Step 2, one transaction: everything of the case in the database. Outbox messages about the case
 * (found by the ids of the case, its events, messages, files, decisions and notes in their key or
 * payload) are deleted here; the definer function purge_case_records (migration 0039) deletes the
 * rest and replaces the event payloads with tombstones.
 */
export async function deleteRecords(trx: Trx, order: OrderRow, now: Date): Promise<'records_deleted' | 'refused'> {
  // Checked again under the case row's lock: a hold set since the first step still wins.
  if (await refusedNow(trx, order)) return 'refused';
  const kase = await trx.selectFrom('cases').innerJoin('services', 'services.id', 'cases.service_id')
    .select(['cases.case_number', 'cases.received_at', 'services.name as service_name'])
    .where('cases.id', '=', order.case_id).executeTakeFirstOrThrow();
  const retention = await retentionOfCase(trx, order.case_id);
  const ids = await caseObjectIds(trx, order.case_id);
  const outbox = ids.length === 0 ? [] : (await sql<{ id: string; kind: string; idempotency_key: string; busy: boolean }>`
    select id, kind, idempotency_key, (status = 'pending' and locked_until > now()) as busy from outbox
    where (idempotency_key || ' ' || payload::text) ~ ${ids.join('|')}`.execute(trx)).rows;
  if (outbox.some((o) => o.busy)) throw new PurgeBusy('an outbox message of the case is being delivered');
  const blobs = await sql<{ sha256: string }>`
    select sha256 from attachments where case_id = ${order.case_id}
    union select pdf_sha256 from decisions where case_id = ${order.case_id} and pdf_sha256 is not null
    union select a->>'sha256' from unrouted_submissions u, jsonb_array_elements(coalesce(u.submission->'attachments', '[]'::jsonb)) a
      where u.resolution->>'caseId' = ${order.case_id} and a->>'sha256' is not null`.execute(trx);
  const leftovers: Leftovers = {
    blobs: blobs.rows.map((r) => r.sha256),
    mailFiles: outbox.filter((o) => o.kind === 'email').map((o) => mailSinkFileName(o.idempotency_key)),
    log: {
      caseNumber: kase.case_number, serviceName: kase.service_name, appraisal: retention?.appraisal ?? 'B',
      caseCreatedAt: new Date(kase.received_at).toISOString(),
      caseClosedAt: retention?.closed_at ? new Date(retention.closed_at).toISOString() : null,
      retentionDueAt: retention?.due_at ? new Date(retention.due_at).toISOString() : null,
    },
  };
  if (outbox.length > 0) await trx.deleteFrom('outbox').where('id', 'in', outbox.map((o) => o.id)).execute();
  const tombstone = { erasedAt: now.toISOString(), orderId: order.id, listId: order.list_id, reason: order.reason };
  await sql`select purge_case_records(${order.case_id}, ${JSON.stringify(tombstone)}::jsonb)`.execute(trx);
  await setStep(trx, order.id, 'records_deleted', { leftovers });
  return 'records_deleted';
}

/** The case's own id and the ids of everything hanging off it (all UUIDs: safe in a pattern). */
async function caseObjectIds(trx: Trx, caseId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    select ${caseId}::text as id
    union all select id::text from case_events where case_id = ${caseId}
    union all select id::text from messages where case_id = ${caseId}
    union all select id::text from attachments where case_id = ${caseId}
    union all select id::text from decisions where case_id = ${caseId}
    union all select id::text from notes where case_id = ${caseId}`.execute(trx);
  return rows.rows.map((r) => r.id).filter((id) => /^[0-9a-f-]{36}$/.test(id));
}

/**
 * Step 3, outside a transaction: the e-mails the file sink wrote for the case, and the case's blobs
 * that no row of any tenant references any more (a file shared with another case stays).
 */
export async function removeFiles(deps: StepDeps, leftovers: Leftovers, now: Date): Promise<void> {
  for (const file of leftovers.mailFiles) await rm(join(deps.mailDir, file), { force: true });
  const cutoff = new Date(now.getTime() - deps.blobGraceMs);
  const referenced = await referencedAmong(deps.db, leftovers.blobs);
  for (const sha256 of leftovers.blobs) {
    if (!referenced.has(sha256)) await deps.blobs.delete(sha256, { ifOlderThan: cutoff });
  }
}

/** Step 4, one transaction: the deletion log's row, the case.purged event, the order done. */
export async function finishPurge(trx: Trx, order: OrderRow, leftovers: Leftovers): Promise<void> {
  const log = leftovers.log;
  const inserted = await trx.insertInto('deletion_log').values({
    id: uuidv7(), tenant_id: order.tenant_id, order_id: order.id, case_id: order.case_id, case_number: log.caseNumber,
    service_name: log.serviceName, appraisal: log.appraisal, case_created_at: log.caseCreatedAt, case_closed_at: log.caseClosedAt,
    retention_due_at: log.retentionDueAt, list_id: order.list_id, reason: order.reason, approved_by: JSON.stringify(order.approved_by),
  }).onConflict((oc) => oc.column('order_id').doNothing()).returning('id').executeTakeFirst();
  if (inserted) {
    await appendEvent(trx, order.tenant_id, {
      caseId: order.case_id, type: 'case.purged', actor: PURGE_ACTOR,
      data: { orderId: order.id, listId: order.list_id, reason: order.reason, approvedBy: order.approved_by, caseNumber: log.caseNumber, serviceName: log.serviceName },
    });
  }
  await trx.updateTable('purge_orders')
    .set({ state: 'done', step: null, completed_at: new Date(), locked_until: null, leftovers: null, last_error: null })
    .where('id', '=', order.id).execute();
}
