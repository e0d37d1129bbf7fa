import { sql } from 'kysely';
import { CACHED_PLAN, type Trx } from '../db/database.js';
import { lockChainHead, type ChainHead } from '../events/chain.js';
import { AppError } from '../shared/errors.js';
import { isUuid } from '../shared/ids.js';
import { isHolidayState } from '../deadlines/calendar.js';
import { drawNumbers, drawSequences } from './numbering.js';
import type { Catalogue, CaseToCreate, ServiceRouting } from './creation-rows.js';

/** A case already stored for a submission (channel, transactionId): what a repeat gets back. */
export interface StoredRow { id: string; case_number: string; status: string; channel: string; transaction_id: string }

export interface CatalogueRows {
  services: Array<{ id: string; name: string; org_unit_id: string | null; deadline_working_days: number | null } & ServiceRouting>;
  org_units: Array<{ id: string; short_code: string }>;
  /** The state whose public holidays count for deadlines (migration 0050); null: nationwide ones. */
  holiday_state: string | null;
}

export const catalogueOf = (rows: CatalogueRows): Catalogue => ({
  services: new Map(rows.services.map((r) => [r.id, r])),
  orgUnits: new Map(rows.org_units.map((r) => [r.id, r])),
  holidayState: isHolidayState(rows.holiday_state) ? rows.holiday_state : null,
});

/** A service's routing to a Fachverfahren (placeCase), as json_build_object fields of services s. */
export const ROUTING_FIELDS = sql`'new_cases_to', s.new_cases_to, 'new_cases_client_id', s.new_cases_client_id,
  'client_name', (select f.name from fachverfahren_clients f where f.id = s.new_cases_client_id and f.revoked_at is null)`;

/** The cases stored for these submissions, as a JSON array expression. */
export function storedCases(tenantId: string, keys: Array<{ channel: string; transactionId?: string }>) {
  const keyed = keys.filter((k) => k.transactionId);
  return sql`coalesce((select json_agg(json_build_object('id', c.id, 'case_number', c.case_number, 'status', c.status, 'channel', c.channel, 'transaction_id', c.transaction_id))
                from unnest(${sql.val(keyed.map((k) => k.channel))}::text[], ${sql.val(keyed.map((k) => k.transactionId!))}::text[]) as k(channel, transaction_id)
                join cases c on c.tenant_id = ${tenantId} and c.channel = k.channel and c.transaction_id = k.transaction_id), '[]')`;
}

/** Everything createCaseBatch reads, in one statement: number pattern, services, org units, stored cases. */
export async function readCreationContext(trx: Trx, tenantId: string, items: CaseToCreate[]) {
  const serviceIds = [...new Set(items.map((i) => i.input.serviceId).filter(isUuid))];
  const unitIds = [...new Set(items.map((i) => i.input.orgUnitId).filter((id): id is string => !!id && isUuid(id)))];
  const { rows } = await sql<CatalogueRows & { pattern: string | null; existing: StoredRow[] }>`
    select
      (select case_number_pattern from tenants where id = ${tenantId}) as pattern,
      coalesce((select json_agg(json_build_object('id', s.id, 'name', s.name, 'org_unit_id', s.org_unit_id, 'deadline_working_days', s.deadline_working_days, ${ROUTING_FIELDS}))
                from services s where s.tenant_id = ${tenantId} and s.id = any(${sql.val(serviceIds)}::uuid[])), '[]') as services,
      coalesce((select json_agg(json_build_object('id', o.id, 'short_code', o.short_code))
                from org_units o where o.tenant_id = ${tenantId}
                 and (o.id = any(${sql.val(unitIds)}::uuid[])
                      or o.id in (select org_unit_id from services where tenant_id = ${tenantId} and id = any(${sql.val(serviceIds)}::uuid[])))), '[]') as org_units,
      (select holiday_state from deadline_settings where tenant_id = ${tenantId}) as holiday_state,
      ${storedCases(tenantId, items.map((i) => i.input))} as existing`.execute(trx);
  const row = rows[0]!;
  if (row.pattern === null) throw new AppError('internal', { internal: `tenant ${tenantId} not found while creating cases` });
  return { pattern: row.pattern, catalogue: catalogueOf(row), existing: row.existing };
}

/**
 * Draws the numbers (one per entry of years) and locks the event chain head in one statement:
 * the two rows that serialise a tenant's new cases, taken together right before the write.
 */
export async function drawNumbersAndLockHead(trx: Trx, tenantId: string, years: number[]): Promise<{ seqs: number[]; head: ChainHead }> {
  const last = Math.max(...years);
  const n = years.filter((y) => y === last).length;
  // Rare: a batch spanning New Year's Eve draws the earlier years first (ascending, as drawSequences does).
  const earlier = years.some((y) => y !== last) ? await drawSequences(trx, tenantId, years.filter((y) => y !== last)) : [];
  const { rows } = await sql<{ last_seq: number; head_seq: string; head_hash: string }>`${sql.raw(CACHED_PLAN)}
    with drawn as (${drawNumbers(tenantId, last, n)})
    select (select last_seq from drawn) as last_seq, h.last_seq as head_seq, h.last_hash as head_hash
    from event_chain_heads h where h.tenant_id = ${tenantId} for update of h`.execute(trx);
  let lastSeq: number;
  let head: ChainHead;
  if (rows[0]) {
    lastSeq = Number(rows[0].last_seq);
    head = { last_seq: rows[0].head_seq, last_hash: rows[0].head_hash };
  } else {
    // The tenant's first event ever: the number was drawn all the same; the head starts at genesis.
    const counter = await trx.selectFrom('case_number_counters').select('last_seq').where('tenant_id', '=', tenantId).where('year', '=', last).executeTakeFirstOrThrow();
    lastSeq = Number(counter.last_seq);
    head = await lockChainHead(trx, tenantId);
  }
  let next = lastSeq - n + 1;
  let e = 0;
  return { seqs: years.map((y) => (y === last ? next++ : earlier[e++]!)), head };
}
