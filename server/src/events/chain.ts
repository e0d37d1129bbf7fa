import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { Actor } from '../auth/principal.js';
import { sha256Hex, uuidv7 } from '../shared/ids.js';
import { CURRENT_EVENT_FORMAT, eventHashV1, eventHashV2, newPayloadSalt, payloadHash, type EventFormat, type EventHeader } from './format.js';
import type { EventType } from './types.js';
import { advanceChainHead, eventRows, insertEvents } from './rows.js';

export { canonicalJson } from './format.js';

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

export interface ChainedEvent extends EventHeader {
  /** Format of the stored event (events/format.ts); every event appended now is format 2. */
  format: EventFormat;
  data: Record<string, unknown>;
  /** Format 2: the payload's salt and salted hash; null for format 1. */
  dataSalt: string | null;
  dataHash: string | null;
}

export function genesisHash(tenantId: string): string {
  return sha256Hex(`amtsdesk-genesis:${tenantId}`);
}

/** The hash of an event as its format defines it. */
export function eventHash(event: ChainedEvent): string {
  if (event.format === 1) return eventHashV1(event);
  return eventHashV2({ ...event, dataHash: event.dataHash ?? payloadHash(event.data, event.dataSalt ?? '') });
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
    const data = JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>;
    const dataSalt = newPayloadSalt();
    const link: ChainedEvent = {
      format: CURRENT_EVENT_FORMAT,
      tenantId,
      seq: ++seq,
      id: uuidv7(),
      caseId: event.caseId,
      type: event.type,
      actorKind: event.actor.kind,
      actorId: event.actor.id,
      actorName: event.actor.name,
      data,
      dataSalt,
      dataHash: payloadHash(data, dataSalt),
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
