import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { genesisHash } from './chain.js';
import { eventHashV1, eventHashV2, FORMAT_MIGRATED_EVENT, LegacyRoot, legacyCommitment, payloadHash, type EventHeader } from './format.js';
import type { CheckpointStatement } from './checkpoint-statement.js';
import { CheckpointTimeline, TIMESTAMP_TOLERANCE_MS } from './checkpoint-timeline.js';

export type ChainProblemReason =
  | 'hash_mismatch' // the event's content, time or position differs from what its hash covers
  | 'rewritten' // the event was changed and re-hashed; its successor still names the original hash
  | 'reordered' // the event names an event elsewhere in the chain as its predecessor
  | 'broken_link'
  | 'gap'
  | 'head_mismatch'
  | 'timestamp_order' // earlier than its predecessor
  | 'timestamp_after_checkpoint' // later than a signed checkpoint that already contained it
  | 'timestamp_before_checkpoint' // earlier than a signed checkpoint that did not contain it yet
  | 'checkpoint_mismatch' // the chain at a checkpoint's seq is not what was signed
  | 'truncated' // the chain ends before a signed checkpoint's seq
  | 'legacy_root_mismatch' // the format 1 events before the migration seal are not what the seal committed to
  | 'format_mismatch' // a format 1 event after format 2 events: written by an old version or forged
  | 'legacy_unsealed'; // a format 1 event lost its payload, but no migration seal vouches for its header

export interface ChainProblem {
  seq: number;
  eventId: string;
  reason: ChainProblemReason;
  /** Which other event or checkpoint the finding refers to. */
  related?: { seq?: number; checkpoint?: Pick<CheckpointStatement, 'id' | 'seq' | 'createdAt'>; fromSeq?: number; lastSeq?: number };
}
export interface ChainReport {
  tenantId: string;
  events: number;
  lastSeq: number;
  ok: boolean;
  problems: ChainProblem[];
  /** The valid checkpoints the chain was compared with; the highest one it reaches and matches is the confirmation. */
  checkpoints: number;
  confirmedBy?: Pick<CheckpointStatement, 'id' | 'seq' | 'createdAt'>;
}

interface LinkBreak {
  seq: number;
  eventId: string;
  prevHash: string;
  ownHashOk: boolean;
  gap: boolean;
  predecessor?: { seq: number; id: string };
}

const brief = (c: CheckpointStatement) => ({ id: c.id, seq: c.seq, createdAt: c.createdAt });

/**
 * Re-computes a tenant's whole chain in pages and compares it with the tenant's signed checkpoints
 * (already signature-checked by the caller). Every finding names the event it concerns: the changed
 * one, not the first one whose link broke because of it.
 */
export async function verifyTenantChain(
  db: Database,
  tenantId: string,
  options: { checkpoints?: CheckpointStatement[]; pageSize?: number } = {},
): Promise<ChainReport> {
  const pageSize = options.pageSize ?? 5000;
  const timeline = new CheckpointTimeline(options.checkpoints ?? []);
  const problems: ChainProblem[] = [];
  const breaks: LinkBreak[] = [];
  let expectedPrev = genesisHash(tenantId);
  let expectedSeq = 1;
  let count = 0;
  let previous: { seq: number; id: string; occurredAt: Date } | undefined;
  const formats = new FormatCheck(tenantId);
  for (;;) {
    const rows = await withTenant(db, { tenantId }, (trx) =>
      trx.selectFrom('case_events').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(pageSize).execute(),
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      const eventId = row.id;
      const occurredAt = new Date(row.occurred_at);
      const gap = seq !== expectedSeq;
      if (gap) problems.push({ seq, eventId, reason: 'gap' });
      const header: EventHeader = {
        tenantId: row.tenant_id, seq, id: row.id, caseId: row.case_id, type: row.type, actorKind: row.actor_kind,
        actorId: row.actor_id, actorName: row.actor_name, occurredAt, prevHash: row.prev_hash,
      };
      const checked = formats.check(header, row);
      problems.push(...checked.problems);
      const ownHashOk = checked.ownHashOk;
      if (!ownHashOk) problems.push({ seq, eventId, reason: 'hash_mismatch' });
      if (row.prev_hash !== expectedPrev) breaks.push({ seq, eventId, prevHash: row.prev_hash, ownHashOk, gap, predecessor: previous });
      if (previous && occurredAt.getTime() < previous.occurredAt.getTime() - TIMESTAMP_TOLERANCE_MS) {
        problems.push({ seq, eventId, reason: 'timestamp_order', related: { seq: previous.seq } });
      }
      for (const finding of timeline.check(seq, row.hash, occurredAt)) {
        if (finding.kind === 'checkpoint_mismatch') {
          problems.push({ seq, eventId, reason: 'checkpoint_mismatch', related: { checkpoint: brief(finding.checkpoint), fromSeq: finding.fromSeq } });
        } else {
          problems.push({ seq, eventId, reason: finding.kind, related: { checkpoint: brief(finding.checkpoint) } });
        }
      }
      expectedPrev = row.hash;
      expectedSeq = seq + 1;
      previous = { seq, id: eventId, occurredAt };
      count++;
    }
    if (rows.length < pageSize) break;
  }
  const lastSeq = expectedSeq - 1;
  problems.push(...formats.finish());
  const highest = timeline.highest;
  if (highest && highest.seq > lastSeq) {
    problems.push({ seq: lastSeq + 1, eventId: '-', reason: 'truncated', related: { checkpoint: brief(highest), lastSeq } });
  }
  const head = await withTenant(db, { tenantId }, (trx) =>
    trx.selectFrom('event_chain_heads').select(['last_seq', 'last_hash']).where('tenant_id', '=', tenantId).executeTakeFirst(),
  );
  if (head && (Number(head.last_seq) !== lastSeq || head.last_hash !== expectedPrev)) {
    problems.push({ seq: Number(head.last_seq), eventId: '-', reason: 'head_mismatch' });
  }
  problems.push(...(await explainLinkBreaks(db, tenantId, breaks, problems)));
  problems.sort((a, b) => a.seq - b.seq);
  return {
    tenantId,
    events: count,
    lastSeq,
    ok: problems.length === 0,
    problems,
    checkpoints: timeline.count,
    confirmedBy: timeline.confirmed && brief(timeline.confirmed),
  };
}

/**
 * An event whose link to its predecessor broke is either out of place (its predecessor hash belongs
 * to an event elsewhere: reordered), or intact itself while its predecessor was changed and re-hashed
 * (then the predecessor is the changed event), or both were touched (broken link). An intact event
 * whose predecessor was moved away is not named again: the moved events are.
 */
async function explainLinkBreaks(db: Database, tenantId: string, breaks: LinkBreak[], found: ChainProblem[]): Promise<ChainProblem[]> {
  if (breaks.length === 0) return [];
  const wanted = [...new Set(breaks.slice(0, 1000).map((b) => b.prevHash))];
  const owners = await withTenant(db, { tenantId }, (trx) => trx.selectFrom('case_events').select(['seq', 'hash']).where('hash', 'in', wanted).execute());
  const seqOfHash = new Map(owners.map((o) => [o.hash, Number(o.seq)]));
  const changedSeqs = new Set(found.filter((p) => p.reason === 'hash_mismatch').map((p) => p.seq));
  return breaks.flatMap((b): ChainProblem[] => {
    const owner = seqOfHash.get(b.prevHash);
    const elsewhere = owner !== undefined && owner !== b.seq - 1;
    if (b.ownHashOk) {
      if (elsewhere && changedSeqs.has(b.seq - 1)) return [];
      if (!elsewhere && !b.gap && b.predecessor) {
        return [{ seq: b.predecessor.seq, eventId: b.predecessor.id, reason: 'rewritten', related: { seq: b.seq } }];
      }
    } else if (elsewhere) {
      return [{ seq: b.seq, eventId: b.eventId, reason: 'reordered', related: { seq: owner } }];
    }
    return [{ seq: b.seq, eventId: b.eventId, reason: 'broken_link' }];
  });
}

interface StoredPayload {
  format: number;
  data: unknown;
  data_salt: string | null;
  data_hash: string | null;
  tombstone: unknown;
  hash: string;
}

/**
 * Re-computes each event's hash by its format (events/format.ts). Format 2: the payload must match
 * its salted hash unless a purge erased it; the hash covers the header and the payload hash.
 * Format 1: the hash covers the payload, so an erased format 1 event can't be recomputed; its
 * header is vouched for by the migration seal (the digest of all format 1 headers and hashes) and
 * its hash by its successor's link.
 */
class FormatCheck {
  private readonly legacy: LegacyRoot;
  private sawFormat2 = false;
  private sealed = false;
  private firstErasedLegacy: { seq: number; eventId: string } | undefined;
  constructor(tenantId: string) {
    this.legacy = new LegacyRoot(tenantId);
  }

  check(header: EventHeader, row: StoredPayload): { ownHashOk: boolean; problems: ChainProblem[] } {
    const problems: ChainProblem[] = [];
    const at = { seq: header.seq, eventId: header.id };
    // Erased means tombstoned AND without payload: a tombstone beside a payload shields nothing.
    const erased = row.tombstone !== null && row.tombstone !== undefined && row.data === null;
    if (Number(row.format) === 1) {
      if (this.sawFormat2) problems.push({ ...at, reason: 'format_mismatch' });
      this.legacy.add(legacyCommitment({ ...header, hash: row.hash }));
      if (erased) {
        this.firstErasedLegacy ??= at;
        return { ownHashOk: true, problems };
      }
      return { ownHashOk: eventHashV1({ ...header, data: row.data }) === row.hash, problems };
    }
    this.sawFormat2 = true;
    const payloadOk = erased || (row.data_salt !== null && row.data_hash === payloadHash(row.data, row.data_salt));
    const ownHashOk = payloadOk && row.data_hash !== null && eventHashV2({ ...header, dataHash: row.data_hash }) === row.hash;
    if (header.type === FORMAT_MIGRATED_EVENT && header.caseId === null && !this.sealed) {
      this.sealed = true;
      const seal = row.data as { legacyRoot?: unknown; legacyEvents?: unknown } | null;
      if (seal?.legacyRoot !== this.legacy.digest() || seal?.legacyEvents !== this.legacy.count) {
        problems.push({ ...at, reason: 'legacy_root_mismatch' });
      }
    }
    return { ownHashOk, problems };
  }

  /** An erased format 1 event needs the seal after it. */
  finish(): ChainProblem[] {
    return this.firstErasedLegacy && !this.sealed ? [{ ...this.firstErasedLegacy, reason: 'legacy_unsealed' }] : [];
  }
}
