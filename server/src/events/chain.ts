import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { Actor } from '../auth/principal.js';
import { sha256Hex, uuidv7 } from '../shared/ids.js';

export interface NewEvent {
  caseId: string | null;
  type: string;
  actor: Actor;
  /** What changed: for updates { field: { from, to } }, otherwise the facts of the event. */
  data: Record<string, unknown>;
}

export interface ChainedEvent {
  tenantId: string;
  seq: number;
  id: string;
  caseId: string | null;
  type: string;
  actorKind: string;
  actorId: string | null;
  actorName: string;
  data: Record<string, unknown>;
  occurredAt: Date;
  prevHash: string;
}

export function genesisHash(tenantId: string): string {
  return sha256Hex(`amtsdesk-genesis:${tenantId}`);
}

/** Stable JSON: object keys sorted at every level, so the hash does not depend on storage order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function eventHash(event: ChainedEvent): string {
  return sha256Hex(
    canonicalJson({
      tenantId: event.tenantId,
      seq: event.seq,
      id: event.id,
      caseId: event.caseId,
      type: event.type,
      actorKind: event.actorKind,
      actorId: event.actorId,
      actorName: event.actorName,
      data: event.data,
      occurredAt: event.occurredAt.toISOString(),
      prevHash: event.prevHash,
    }),
  );
}

/**
 * Appends an event to the tenant's hash chain inside the caller's transaction, so the change and
 * its history commit or vanish together. The chain head row lock serialises appends per tenant.
 */
export async function appendEvent(trx: Trx, tenantId: string, event: NewEvent): Promise<ChainedEvent & { hash: string }> {
  await sql`insert into event_chain_heads (tenant_id, last_seq, last_hash)
            values (${tenantId}, 0, ${genesisHash(tenantId)}) on conflict (tenant_id) do nothing`.execute(trx);
  const head = await trx
    .selectFrom('event_chain_heads')
    .select(['last_seq', 'last_hash'])
    .where('tenant_id', '=', tenantId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const chained: ChainedEvent = {
    tenantId,
    seq: Number(head.last_seq) + 1,
    id: uuidv7(),
    caseId: event.caseId,
    type: event.type,
    actorKind: event.actor.kind,
    actorId: event.actor.id,
    actorName: event.actor.name,
    data: JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>,
    // Millisecond precision: what JavaScript and the hash can represent exactly.
    occurredAt: new Date(Date.now()),
    prevHash: head.last_hash,
  };
  const hash = eventHash(chained);
  await trx
    .insertInto('case_events')
    .values({
      tenant_id: tenantId,
      seq: chained.seq,
      id: chained.id,
      case_id: chained.caseId,
      type: chained.type,
      actor_kind: chained.actorKind,
      actor_id: chained.actorId,
      actor_name: chained.actorName,
      data: JSON.stringify(chained.data),
      occurred_at: chained.occurredAt,
      prev_hash: chained.prevHash,
      hash,
    })
    .execute();
  await trx
    .updateTable('event_chain_heads')
    .set({ last_seq: chained.seq, last_hash: hash })
    .where('tenant_id', '=', tenantId)
    .execute();
  return { ...chained, hash };
}
