import type { Database } from '../db/database.js';
import { withPlatform } from '../db/database.js';
import { uuidv7 } from '../shared/ids.js';
import type { Submission } from './types.js';

export interface UnroutedRecord {
  id: string;
  channel: string;
  transactionId: string | null;
  status: string;
  kind: string;
  reasonCode: string;
  reason: string;
  routingHints: Record<string, unknown>;
  receivedAt: Date;
  resolution: Record<string, unknown> | null;
}

type Row = {
  id: string; channel: string; transaction_id: string | null; status: string; kind: string; reason_code: string; reason: string;
  routing_hints: Record<string, unknown>; received_at: Date; resolution: Record<string, unknown> | null;
};

const toRecord = (r: Row): UnroutedRecord => ({
  id: r.id, channel: r.channel, transactionId: r.transaction_id, status: r.status, kind: r.kind, reasonCode: r.reason_code,
  reason: r.reason, routingHints: r.routing_hints, receivedAt: new Date(r.received_at), resolution: r.resolution,
});

const COLUMNS = ['id', 'channel', 'transaction_id', 'status', 'kind', 'reason_code', 'reason', 'routing_hints', 'received_at', 'resolution'] as const;

/** Parks a submission for the operators. Idempotent on (channel, transaction id). */
export async function parkSubmission(
  db: Database,
  submission: Submission,
  reason: { code: string; text: string; kind?: 'unrouted' | 'failed' },
): Promise<UnroutedRecord> {
  return withPlatform(db, async (trx) => {
    const id = uuidv7();
    await trx
      .insertInto('unrouted_submissions')
      .values({
        id,
        channel: submission.channel,
        transaction_id: submission.transactionId ?? null,
        kind: reason.kind ?? 'unrouted',
        reason_code: reason.code,
        reason: reason.text,
        routing_hints: JSON.stringify(submission.routing),
        submission: JSON.stringify(submission),
        resolution: null,
        resolved_at: null,
        resolved_by: null,
      })
      .onConflict((oc) => oc.columns(['channel', 'transaction_id']).where('transaction_id', 'is not', null).doNothing())
      .execute();
    const row = submission.transactionId
      ? await trx.selectFrom('unrouted_submissions').select(COLUMNS).where('channel', '=', submission.channel).where('transaction_id', '=', submission.transactionId).executeTakeFirstOrThrow()
      : await trx.selectFrom('unrouted_submissions').select(COLUMNS).where('id', '=', id).executeTakeFirstOrThrow();
    return toRecord(row as Row);
  });
}

export async function findParkedByTransaction(db: Database, channel: string, transactionId: string): Promise<UnroutedRecord | undefined> {
  const row = await withPlatform(db, (trx) =>
    trx.selectFrom('unrouted_submissions').select(COLUMNS).where('channel', '=', channel).where('transaction_id', '=', transactionId).executeTakeFirst(),
  );
  return row ? toRecord(row as Row) : undefined;
}

export async function listParked(db: Database, status: string | undefined, limit: number): Promise<UnroutedRecord[]> {
  const rows = await withPlatform(db, (trx) => {
    let q = trx.selectFrom('unrouted_submissions').select(COLUMNS).orderBy('received_at', 'desc').limit(limit);
    if (status) q = q.where('status', '=', status);
    return q.execute();
  });
  return rows.map((r) => toRecord(r as Row));
}

/** Locks a pending record for resolution; returns it with its stored submission. */
export async function loadPendingForUpdate(db: Database, id: string) {
  return withPlatform(db, (trx) =>
    trx.selectFrom('unrouted_submissions').select(['id', 'status', 'kind', 'submission']).where('id', '=', id).executeTakeFirst(),
  );
}

export async function markResolved(db: Database, id: string, status: 'routed' | 'rejected', operatorId: string, resolution: Record<string, unknown>): Promise<boolean> {
  const res = await withPlatform(db, (trx) =>
    trx
      .updateTable('unrouted_submissions')
      .set({ status, resolved_at: new Date(), resolved_by: operatorId, resolution: JSON.stringify(resolution) })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst(),
  );
  return Number(res.numUpdatedRows) > 0;
}
