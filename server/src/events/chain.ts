import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { Actor } from '../auth/principal.js';
import { sha256Hex, uuidv7 } from '../shared/ids.js';
import type { EventType } from './types.js';
import { advanceChainHead, eventRows, insertEvents } from './rows.js';

export { EVENT_TYPES, type EventType } from './types.js';

export interface NewEvent {
  caseId: string | null;
  /** One of EVENT_TYPES (events/types.ts), each with a German label in the desk. */
  type: EventType;
  actor: Actor;
  /** What changed: for updates { field: { from, to } }, otherwise the facts of the event. */
  data: Record<string, unknown>;
  /**
   * When it happened; default: now. Only for history that is recorded as it is made up (the demo
   * back-dates its applications); set here, before hashing, so the chain stays verifiable.
   */
  occurredAt?: Date;
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
  // String building without intermediate arrays: this runs for every event of every new case.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const inner = object[key];
    if (inner === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(inner)}`;
    first = false;
  }
  return `${out}}`;
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
  return (await appendEvents(trx, tenantId, [event]))[0]!;
}

export interface ChainHead {
  last_seq: number | string;
  last_hash: string;
}

/** Locks the tenant's chain head (created at genesis on first use) until the transaction ends. */
export async function lockChainHead(trx: Trx, tenantId: string): Promise<ChainHead> {
  const select = () => trx.selectFrom('event_chain_heads').select(['last_seq', 'last_hash']).where('tenant_id', '=', tenantId).forUpdate().executeTakeFirst();
  const head = await select();
  if (head) return head;
  await sql`insert into event_chain_heads (tenant_id, last_seq, last_hash)
            values (${tenantId}, 0, ${genesisHash(tenantId)}) on conflict (tenant_id) do nothing`.execute(trx);
  return (await select())!;
}

/**
 * Links events onto a locked head: sequence numbers and hashes. Pure, so a caller can write the
 * events in the same statement as the change they record.
 */
export function chainEvents(tenantId: string, head: ChainHead, events: NewEvent[]) {
  // Millisecond precision: what JavaScript and the hash can represent exactly.
  const occurredAt = new Date(Date.now());
  let seq = Number(head.last_seq);
  let prevHash = head.last_hash;
  const chained = events.map((event) => {
    const link: ChainedEvent = {
      tenantId,
      seq: ++seq,
      id: uuidv7(),
      caseId: event.caseId,
      type: event.type,
      actorKind: event.actor.kind,
      actorId: event.actor.id,
      actorName: event.actor.name,
      data: JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>,
      occurredAt: event.occurredAt ? new Date(event.occurredAt.getTime()) : occurredAt,
      prevHash,
    };
    prevHash = eventHash(link);
    return { ...link, hash: prevHash };
  });
  return { chained, head: { last_seq: seq, last_hash: prevHash } };
}

/**
 * Appends several events in order with one chain-head lock and update: three statements however
 * many events. Callers take the head as late in their transaction as they can, since it
 * serialises every change of the tenant until commit.
 */
export async function appendEvents(trx: Trx, tenantId: string, events: NewEvent[]): Promise<Array<ChainedEvent & { hash: string }>> {
  if (events.length === 0) return [];
  const { chained, head } = chainEvents(tenantId, await lockChainHead(trx, tenantId), events);
  // One statement: the events and the new head (the same SQL as a new case's write, events/rows.ts).
  await sql`with appended as (${insertEvents(tenantId, eventRows(chained))}) ${advanceChainHead(tenantId, head)}`.execute(trx);
  return chained;
}
