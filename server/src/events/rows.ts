import { sql } from 'kysely';

/** A case_events row as written, for one JSON array per statement. */
export interface EventRow {
  seq: number;
  id: string;
  case_id: string | null;
  type: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  data: Record<string, unknown>;
  /** Event format 2 (decision 0021): the chain commits to data_hash = sha256({data, salt}), so data can be erased. */
  format: number;
  data_salt: string | null;
  data_hash: string | null;
  occurred_at: Date;
  prev_hash: string;
  hash: string;
}

/** What events/chain.ts links (kept structural here, so this file imports nothing of the chain). */
interface Linked {
  seq: number; id: string; caseId: string | null; type: string; actorKind: string; actorId: string | null;
  actorName: string; data: Record<string, unknown>; format: number; dataSalt: string | null; dataHash: string | null;
  occurredAt: Date; prevHash: string; hash: string;
}

export function eventRows(chained: Linked[]): EventRow[] {
  return chained.map((e) => ({
    seq: e.seq, id: e.id, case_id: e.caseId, type: e.type, actor_kind: e.actorKind, actor_id: e.actorId,
    actor_name: e.actorName, data: e.data, format: e.format, data_salt: e.dataSalt, data_hash: e.dataHash, occurred_at: e.occurredAt, prev_hash: e.prevHash, hash: e.hash,
  }));
}

/**
 * The insert of chained events, alone or as a CTE of a bigger statement (a new case's write). The rows
 * travel as one JSON array, so the text is the same for any number of events and a caller can keep
 * the statement's plan (CACHED_PLAN).
 */
export function insertEvents(tenantId: string, rows: EventRow[]) {
  return sql`insert into case_events (tenant_id, seq, id, case_id, type, actor_kind, actor_id, actor_name, data, format, data_salt, data_hash, occurred_at, prev_hash, hash)
      select ${tenantId}, (r->>'seq')::bigint, (r->>'id')::uuid, (r->>'case_id')::uuid, r->>'type', r->>'actor_kind', (r->>'actor_id')::uuid,
             r->>'actor_name', r->'data', (r->>'format')::smallint, r->>'data_salt', r->>'data_hash', (r->>'occurred_at')::timestamptz, r->>'prev_hash', r->>'hash'
      from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) r`;
}

/** Moves the tenant's chain head (locked by the caller) past the events it appended. */
export function advanceChainHead(tenantId: string, head: { last_seq: number | string; last_hash: string }) {
  return sql`update event_chain_heads set last_seq = ${head.last_seq}, last_hash = ${head.last_hash} where tenant_id = ${tenantId}`;
}
