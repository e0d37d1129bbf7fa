import { sql } from 'kysely';
import { CACHED_PLAN, type Trx } from '../db/database.js';
import { caseBatchOpening, type CaseBatchColumns, type CatalogueRows, type OpenCaseBatch } from '../cases/service.js';
import type { AppError } from '../shared/errors.js';
import { routesFrom, routingKeys, type Route } from './routing.js';
import { identifierPairs, type IdentifierMatch } from './identifier-routing.js';
import type { Submission } from './types.js';
import type { ApplicantMapping } from './applicant/mapping.js';

export interface IntakeContext {
  /** Per application: its route (known already, or decided here), or why it cannot be routed. */
  routes: Array<Route | AppError>;
  /** The cases' batch, opened in the same statement: numbers drawn, chain head locked (cases/case-batch.ts). */
  batch: OpenCaseBatch;
  /** The applicant mappings of the candidate services that have one (migration 0030). */
  mappings: Map<string, ApplicantMapping>;
}

type ContextRow = CaseBatchColumns & {
  slug: string;
  identifiers: IdentifierMatch[];
  services: Array<CatalogueRows['services'][number] & { leika_key: string; mapping: ApplicantMapping | null }>;
  org_units: CatalogueRows['org_units'];
  holiday_state: string | null;
};

/**
 * Everything a batch of one tenant's applications needs to know before its cases are created, in
 * one statement: the candidate services, org units and routing identifiers (an org unit mapped to an
 * OZG organisationsEinheitenId, …) for routing, the tenant's slug and number
 * slug; and opens the cases' batch (cases/case-batch.ts: numbers drawn, chain head locked, with
 * lookUpStored the cases already stored for these submissions) — from here on the tenant's next batch
 * waits.
 *
 * Without lookUpStored the statement is the same text every time and PostgreSQL plans it once per
 * connection (CACHED_PLAN: planning it cost more than running it). The batcher looks up only when the
 * unique index refused a submission.
 */
export async function readIntakeContext(trx: Trx, tenantId: string, jobs: Array<{ submission: Submission; route: Route | null }>, options: { lookUpStored: boolean }): Promise<IntakeContext> {
  const unrouted = jobs.filter((j) => !j.route);
  const keys = routingKeys(unrouted.map((j) => j.submission.routing));
  const pairs = identifierPairs(unrouted.map((j) => j.submission.routing));
  const serviceIds = [...new Set([...keys.serviceIds, ...jobs.flatMap((j) => (j.route ? [j.route.serviceId] : []))])];
  const unitIds = [...new Set([...keys.unitIds, ...jobs.flatMap((j) => (j.route?.orgUnitId ? [j.route.orgUnitId] : []))])];
  const opening = caseBatchOpening(tenantId, {
    receivedAt: jobs.map((j) => j.submission.receivedAt ?? new Date()),
    lookUp: options.lookUpStored ? jobs.map((j) => j.submission) : undefined,
  });
  const { rows } = await sql<ContextRow>`${sql.raw(opening.cacheable ? CACHED_PLAN : '')}
    with ${opening.ctes},
    candidates as (
      select s.id, s.name, s.org_unit_id, s.deadline_working_days, s.leika_key, m.mapping, s.new_cases_to, s.new_cases_client_id,
             (select f.name from fachverfahren_clients f where f.id = s.new_cases_client_id and f.revoked_at is null) as client_name
      from services s
      left join applicant_mappings m on m.tenant_id = s.tenant_id and m.service_id = s.id
      where s.tenant_id = ${tenantId} and (s.id = any(${sql.val(serviceIds)}::uuid[]) or s.leika_key = any(${sql.val(keys.leikaKeys)}::text[]))),
    mapped as (
      select r.scheme, r.value_key, r.tenant_id, r.org_unit_id
      from unnest(${sql.val(pairs.map((p) => p.scheme))}::text[], ${sql.val(pairs.map((p) => p.key))}::text[]) as k(scheme, value_key)
      join routing_identifiers r on r.tenant_id = ${tenantId} and r.scheme = k.scheme and r.value_key = k.value_key
      where r.org_unit_id is not null)
    select
      t.slug,
      ${opening.columns},
      coalesce((select json_agg(c) from candidates c), '[]') as services,
      coalesce((select json_agg(json_build_object('id', o.id, 'short_code', o.short_code)) from org_units o
                where o.tenant_id = ${tenantId}
                  and (o.id = any(${sql.val(unitIds)}::uuid[]) or o.short_code = any(${sql.val(keys.unitCodes)}::text[])
                       or o.id in (select org_unit_id from candidates) or o.id in (select org_unit_id from mapped))), '[]') as org_units,
      coalesce((select json_agg(m) from mapped m), '[]') as identifiers,
      (select holiday_state from deadline_settings where tenant_id = ${tenantId}) as holiday_state
    from tenants t where t.id = ${tenantId}`.execute(trx);
  const row = rows[0]!;
  const services = row.services.map((s) => ({ tenant_id: tenantId, service_id: s.id, org_unit_id: s.org_unit_id, leika_key: s.leika_key }));
  const decided = routesFrom(tenantId, row.slug, unrouted.map((j) => j.submission.routing), services, row.org_units, row.identifiers);
  return {
    routes: jobs.map((j) => j.route ?? decided[unrouted.indexOf(j)]!),
    batch: opening.open(row, row),
    mappings: new Map(row.services.filter((s) => s.mapping).map((s) => [s.id, s.mapping!])),
  };
}
