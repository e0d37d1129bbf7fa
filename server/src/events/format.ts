import { createHash, randomBytes, type Hash } from 'node:crypto';
import { sha256Hex } from '../shared/ids.js';

/**
 * The event formats of the hash chain (docs/decisions/0021-erasable-history.md).
 *
 * Format 1 (before migration 0039): the event hash covers the payload itself, so erasing a payload
 * would break the chain. Format 2: the event hash covers a salted hash of the payload. The payload
 * and its salt can be erased (a purge leaves a tombstone) and the chain still verifies; the salt
 * keeps the remaining payload hash from being a dictionary oracle for guessable personal data.
 */
export type EventFormat = 1 | 2;
export const CURRENT_EVENT_FORMAT = 2 as const;

/** The tenant-level event migration 0039 appends to every chain that had format 1 events. */
export const FORMAT_MIGRATED_EVENT = 'chain.format_migrated';

export interface EventHeader {
  tenantId: string;
  seq: number;
  id: string;
  caseId: string | null;
  type: string;
  actorKind: string;
  actorId: string | null;
  actorName: string;
  occurredAt: Date;
  prevHash: string;
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

export function newPayloadSalt(): string {
  return randomBytes(16).toString('hex');
}

/** Format 2: what the event hash commits to instead of the payload. */
export function payloadHash(data: unknown, salt: string): string {
  return sha256Hex(canonicalJson({ data, salt }));
}

/** Format 1: the payload inside the hashed document. Kept to verify the history written before 0039. */
export function eventHashV1(event: EventHeader & { data: unknown }): string {
  return sha256Hex(
    canonicalJson({
      tenantId: event.tenantId, seq: event.seq, id: event.id, caseId: event.caseId, type: event.type,
      actorKind: event.actorKind, actorId: event.actorId, actorName: event.actorName, data: event.data,
      occurredAt: event.occurredAt.toISOString(), prevHash: event.prevHash,
    }),
  );
}

/** Format 2: the header and the payload's hash. Migration 0039 builds the same document in SQL. */
export function eventHashV2(event: EventHeader & { dataHash: string }): string {
  return sha256Hex(
    canonicalJson({
      v: 2, tenantId: event.tenantId, seq: event.seq, id: event.id, caseId: event.caseId, type: event.type,
      actorKind: event.actorKind, actorId: event.actorId, actorName: event.actorName, dataHash: event.dataHash,
      occurredAt: event.occurredAt.toISOString(), prevHash: event.prevHash,
    }),
  );
}

/**
 * A format 1 event's header and hash, without its payload: what the migration seal commits to, so
 * the header of a format 1 event stays verifiable after its payload is erased. Line-separated
 * fields (free text hashed first) because migration 0039 computes the same value in SQL.
 */
export function legacyCommitment(event: EventHeader & { hash: string }): string {
  return sha256Hex(
    [
      String(event.seq), event.id, event.caseId ?? '', event.type, event.actorKind, event.actorId ?? '',
      sha256Hex(event.actorName), String(event.occurredAt.getTime()), event.prevHash, event.hash,
    ].join('\n'),
  );
}

/** The running digest over a tenant's format 1 commitments, in chain order (compare migration 0039). */
export class LegacyRoot {
  private readonly hash: Hash;
  count = 0;
  constructor(tenantId: string) {
    this.hash = createHash('sha256').update(`amtsdesk-legacy-root:${tenantId}:`);
  }
  add(commitment: string): void {
    this.hash.update(commitment);
    this.count++;
  }
  digest(): string {
    return this.hash.copy().digest('hex');
  }
}
