import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { eventHash, genesisHash } from './chain.js';

export interface ChainProblem {
  seq: number;
  eventId: string;
  reason: 'hash_mismatch' | 'broken_link' | 'gap' | 'head_mismatch';
}
export interface ChainReport {
  tenantId: string;
  events: number;
  ok: boolean;
  problems: ChainProblem[];
}

/** Re-computes a tenant's whole chain in pages; reports every event whose hash or link is off. */
export async function verifyTenantChain(db: Database, tenantId: string, pageSize = 5000): Promise<ChainReport> {
  const problems: ChainProblem[] = [];
  let expectedPrev = genesisHash(tenantId);
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const rows = await withTenant(db, { tenantId }, (trx) =>
      trx.selectFrom('case_events').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(pageSize).execute(),
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      const eventId = row.id;
      if (seq !== expectedSeq) problems.push({ seq, eventId, reason: 'gap' });
      if (row.prev_hash !== expectedPrev) problems.push({ seq, eventId, reason: 'broken_link' });
      const recomputed = eventHash({
        tenantId: row.tenant_id,
        seq,
        id: row.id,
        caseId: row.case_id,
        type: row.type,
        actorKind: row.actor_kind,
        actorId: row.actor_id,
        actorName: row.actor_name,
        data: row.data as unknown as Record<string, unknown>,
        occurredAt: new Date(row.occurred_at),
        prevHash: row.prev_hash,
      });
      if (recomputed !== row.hash) problems.push({ seq, eventId, reason: 'hash_mismatch' });
      expectedPrev = row.hash;
      expectedSeq = seq + 1;
      count++;
    }
    if (rows.length < pageSize) break;
  }
  const head = await withTenant(db, { tenantId }, (trx) =>
    trx.selectFrom('event_chain_heads').select(['last_seq', 'last_hash']).where('tenant_id', '=', tenantId).executeTakeFirst(),
  );
  if (head && (Number(head.last_seq) !== expectedSeq - 1 || head.last_hash !== expectedPrev)) {
    problems.push({ seq: Number(head.last_seq), eventId: '-', reason: 'head_mismatch' });
  }
  return { tenantId, events: count, ok: problems.length === 0, problems };
}
