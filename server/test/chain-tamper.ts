import { eventHash } from '../src/events/chain.js';
import { payloadHash, type EventFormat } from '../src/events/format.js';
import type { TestDatabase } from './db.js';

/**
 * What a database owner can do to a tenant's history with a superuser connection and the public
 * hash algorithm: change rows, re-compute hashes so the chain is consistent again, fix the head.
 */
type Admin = Pick<TestDatabase, 'adminQuery'>;

export interface StoredEvent {
  seq: number;
  id: string;
  case_id: string | null;
  type: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  data: Record<string, unknown>;
  occurred_at: Date;
  prev_hash: string;
  hash: string;
  format: EventFormat;
  data_salt: string | null;
  data_hash: string | null;
}

export async function readEvents(admin: Admin, tenantId: string): Promise<StoredEvent[]> {
  const rows = await admin.adminQuery<Record<string, string>>(
    `select seq::text as seq, id::text as id, case_id::text as case_id, type, actor_kind, actor_id::text as actor_id, actor_name,
            data::text as data, format::text as format, data_salt, data_hash, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as occurred_at, prev_hash, hash
     from case_events where tenant_id = $1 order by seq`,
    [tenantId],
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    id: r.id!,
    case_id: r.case_id ?? null,
    type: r.type!,
    actor_kind: r.actor_kind!,
    actor_id: r.actor_id ?? null,
    actor_name: r.actor_name!,
    data: JSON.parse(r.data ?? 'null') as Record<string, unknown>,
    occurred_at: new Date(r.occurred_at!),
    prev_hash: r.prev_hash!,
    hash: r.hash!,
    format: Number(r.format) as EventFormat,
    data_salt: r.data_salt ?? null,
    data_hash: r.data_hash ?? null,
  }));
}

/** Re-computes the event's hash the way its format defines it (format 2: the payload hash first). */
function hashOf(tenantId: string, e: StoredEvent): string {
  if (e.format === 2 && e.data_salt !== null) e.data_hash = payloadHash(e.data, e.data_salt);
  return eventHash({
    format: e.format,
    dataSalt: e.data_salt,
    dataHash: e.data_hash,
    tenantId,
    seq: e.seq,
    id: e.id,
    caseId: e.case_id,
    type: e.type,
    actorKind: e.actor_kind,
    actorId: e.actor_id,
    actorName: e.actor_name,
    data: e.data,
    occurredAt: e.occurred_at,
    prevHash: e.prev_hash,
  });
}

async function writeEvent(admin: Admin, tenantId: string, e: StoredEvent): Promise<void> {
  await admin.adminQuery(`update case_events set data = $1::jsonb, occurred_at = $2::timestamptz, prev_hash = $3, hash = $4, data_hash = $7 where tenant_id = $5 and seq = $6`, [
    JSON.stringify(e.data),
    e.occurred_at.toISOString(),
    e.prev_hash,
    e.hash,
    tenantId,
    e.seq,
    e.data_hash,
  ]);
}

async function setHead(admin: Admin, tenantId: string, seq: number, hash: string): Promise<void> {
  await admin.adminQuery(`update event_chain_heads set last_seq = $1, last_hash = $2 where tenant_id = $3`, [seq, hash, tenantId]);
}

/**
 * Changes the event at seq with change(), then re-hashes it and (with throughHead) every later
 * event and the head, so the chain in the database is consistent again.
 */
export async function rewriteEvent(admin: Admin, tenantId: string, seq: number, change: (e: StoredEvent) => void, options: { throughHead: boolean }): Promise<StoredEvent> {
  const events = await readEvents(admin, tenantId);
  const index = events.findIndex((e) => e.seq === seq);
  const target = events[index]!;
  change(target);
  target.hash = hashOf(tenantId, target);
  await writeEvent(admin, tenantId, target);
  if (!options.throughHead) return target;
  let prev = target.hash;
  for (const later of events.slice(index + 1)) {
    later.prev_hash = prev;
    later.hash = hashOf(tenantId, later);
    await writeEvent(admin, tenantId, later);
    prev = later.hash;
  }
  await setHead(admin, tenantId, events[events.length - 1]!.seq, prev);
  return target;
}

/** Deletes the last n events and points the head at the new last one: the chain itself stays consistent. */
export async function truncateChain(admin: Admin, tenantId: string, n: number): Promise<{ kept: number; removed: StoredEvent[] }> {
  const events = await readEvents(admin, tenantId);
  const kept = events.slice(0, -n);
  const removed = events.slice(-n);
  await admin.adminQuery(`delete from case_events where tenant_id = $1 and seq > $2`, [tenantId, kept[kept.length - 1]!.seq]);
  await setHead(admin, tenantId, kept[kept.length - 1]!.seq, kept[kept.length - 1]!.hash);
  return { kept: kept.length, removed };
}

/** Swaps the positions (seq) of two events, leaving their hashes as they were. */
export async function swapEvents(admin: Admin, tenantId: string, a: number, b: number): Promise<void> {
  await admin.adminQuery(`update case_events set seq = -1 where tenant_id = $1 and seq = $2`, [tenantId, a]);
  await admin.adminQuery(`update case_events set seq = $2 where tenant_id = $1 and seq = $3`, [tenantId, a, b]);
  await admin.adminQuery(`update case_events set seq = $2 where tenant_id = $1 and seq = -1`, [tenantId, b]);
}
