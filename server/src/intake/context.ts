import { sql } from 'kysely';
import { CACHED_PLAN, type Trx } from '../db/database.js';
import { creationContext, type CreationContext, type CreationRows, type PreDrawn } from '../cases/service.js';
import type { AppError } from '../shared/errors.js';
import { drawNumbers } from '../cases/numbering.js';
import { routesFrom, routingKeys, type Route } from './routing.js';
import { identifierPairs, type IdentifierMatch } from './identifier-routing.js';
import type { Submission } from './types.js';
import type { ApplicantMapping } from './applicant/mapping.js';

export interface IntakeContext {
  /** Per application: its route (known already, or decided here), or why it cannot be routed. */
  routes: Array<Route | AppError>;
  creation: CreationContext;
  /** The numbers drawn and the chain head locked in the same statement (see createCases' `drawn`). */
  drawn: PreDrawn;
  /** The applicant mappings of the candidate services that have one (migration 0030). */
  mappings: Map<string, ApplicantMapping>;
}

type ContextRow = Omit<CreationRows, 'services'> & {
  slug: string;
  identifiers: IdentifierMatch[];
  services: Array<{ id: string; name: string; org_unit_id: string | null; leika_key: string; mapping: ApplicantMapping | null }>;
  drawn_seq: string;
  head_seq: string | null;
  head_hash: string | null;
};

/**
 * Everything a batch of one tenant's applications needs to know before its cases are created, in
 * one statement: the candidate services, org units and routing identifiers (an org unit mapped to an
 * OZG organisationsEinheitenId, …) for routing, the tenant's slug and number
 * pattern, and — with lookUpStored — the cases already stored for these submissions (retries).
 *
 * Without lookUpStored the statement is the same text every time and PostgreSQL plans it once per
 * connection (CACHED_PLAN: planning it cost more than running it). The look-up of stored cases is
 * left out there on purpose: a generic plan made while the cases table was still empty may walk all
 * of a tenant's cases for it. The batcher looks up only when the unique index refused a submission.
 *
 * The same statement draws `draw.count` case numbers of `draw.year` and locks the chain head: from
 * here on the tenant's next batch waits. createCases gives back what it does not use, so numbers stay
 * gap-free; one round trip less than drawing after the read.
 */
export async function readIntakeContext(trx: Trx, tenantId: string, jobs: Array<{ submission: Submission; route: Route | null }>, options: { lookUpStored: boolean; draw: { year: number; count: number } }): Promise<IntakeContext> {
  const unrouted = jobs.filter((j) => !j.route);
  const keys = routingKeys(unrouted.map((j) => j.submission.routing));
  const pairs = identifierPairs(unrouted.map((j) => j.submission.routing));
  const serviceIds = [...new Set([...keys.serviceIds, ...jobs.flatMap((j) => (j.route ? [j.route.serviceId] : []))])];
  const unitIds = [...new Set([...keys.unitIds, ...jobs.flatMap((j) => (j.route?.orgUnitId ? [j.route.orgUnitId] : []))])];
  const keyed = jobs.filter((j) => j.submission.transactionId);
  const stored = options.lookUpStored
    ? sql`coalesce((select json_agg(json_build_object('id', c.id, 'case_number', c.case_number, 'status', c.status, 'channel', c.channel, 'transaction_id', c.transaction_id))
                from unnest(${sql.val(keyed.map((j) => j.submission.channel))}::text[], ${sql.val(keyed.map((j) => j.submission.transactionId!))}::text[]) as k(channel, transaction_id)
                join cases c on c.tenant_id = ${tenantId} and c.channel = k.channel and c.transaction_id = k.transaction_id), '[]')`
    : sql`'[]'::json`;
  const { rows } = await sql<ContextRow>`${sql.raw(options.lookUpStored ? '' : CACHED_PLAN)}
    with drawn as (${drawNumbers(tenantId, options.draw.year, options.draw.count)}),
    head as (select h.last_seq, h.last_hash from event_chain_heads h where h.tenant_id = ${tenantId} for update),
    candidates as (
      select s.id, s.name, s.org_unit_id, s.leika_key, m.mapping from services s
      left join applicant_mappings m on m.tenant_id = s.tenant_id and m.service_id = s.id
      where s.tenant_id = ${tenantId} and (s.id = any(${sql.val(serviceIds)}::uuid[]) or s.leika_key = any(${sql.val(keys.leikaKeys)}::text[]))),
    mapped as (
      select r.scheme, r.value_key, r.tenant_id, r.org_unit_id
      from unnest(${sql.val(pairs.map((p) => p.scheme))}::text[], ${sql.val(pairs.map((p) => p.key))}::text[]) as k(scheme, value_key)
      join routing_identifiers r on r.tenant_id = ${tenantId} and r.scheme = k.scheme and r.value_key = k.value_key
      where r.org_unit_id is not null)
    select
      t.slug,
      t.case_number_pattern as pattern,
      coalesce((select json_agg(c) from candidates c), '[]') as services,
      coalesce((select json_agg(json_build_object('id', o.id, 'short_code', o.short_code)) from org_units o
                where o.tenant_id = ${tenantId}
                  and (o.id = any(${sql.val(unitIds)}::uuid[]) or o.short_code = any(${sql.val(keys.unitCodes)}::text[])
                       or o.id in (select org_unit_id from candidates) or o.id in (select org_unit_id from mapped))), '[]') as org_units,
      coalesce((select json_agg(m) from mapped m), '[]') as identifiers,
      ${stored} as existing,
      (select last_seq from drawn) as drawn_seq,
      (select last_seq from head) as head_seq,
      (select last_hash from head) as head_hash
    from tenants t where t.id = ${tenantId}`.execute(trx);
  const row = rows[0]!;
  const services = row.services.map((s) => ({ tenant_id: tenantId, service_id: s.id, org_unit_id: s.org_unit_id, leika_key: s.leika_key }));
  const decided = routesFrom(tenantId, row.slug, unrouted.map((j) => j.submission.routing), services, row.org_units, row.identifiers);
  return {
    routes: jobs.map((j) => j.route ?? decided[unrouted.indexOf(j)]!),
    creation: creationContext(tenantId, row),
    drawn: {
      ...options.draw,
      lastSeq: Number(row.drawn_seq),
      head: row.head_seq === null ? null : { last_seq: row.head_seq, last_hash: row.head_hash! },
    },
    mappings: new Map(row.services.filter((s) => s.mapping).map((s) => [s.id, s.mapping!])),
  };
}
