import { sql } from 'kysely';
import type { Database, Trx } from '../db/database.js';
import { withPlatform, withTenant } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { isUuid } from '../shared/ids.js';
import type { RoutingHints } from './types.js';

export interface Route {
  tenantId: string;
  tenantSlug: string;
  serviceId: string;
  orgUnitId?: string;
}
export type RouteResult = { ok: true; route: Route } | { ok: false; reasonCode: string; reason: string };

const unrouted = (reasonCode: string, reason: string): RouteResult => ({ ok: false, reasonCode, reason });

/**
 * Zuständigkeitsfindung. A tenant-bound sender is always routed into its own tenant; a mistake in
 * its service or org unit is the sender's to fix (422, nothing stored). A platform sender is
 * routed by authority (slug or AGS) and LeiKa key; what cannot be decided goes to the unrouted queue.
 */
export async function resolveRoute(db: Database, fixedTenantId: string | null, hints: RoutingHints): Promise<RouteResult> {
  if (fixedTenantId) return { ok: true, route: await withTenant(db, { tenantId: fixedTenantId }, (trx) => resolveTenantRoute(trx, fixedTenantId, hints)) };
  let tenantIds: string[] | null = null;
  if (hints.authority) {
    const authority = hints.authority.trim();
    const rows = await withPlatform(db, (trx) =>
      trx.selectFrom('tenants').select('id').where('status', '=', 'active').where((eb) => eb.or([eb('slug', '=', authority), eb('ags', '=', authority)])).execute(),
    );
    if (rows.length === 0) return unrouted('unknown_authority', `Keine Kommune zur zuständigen Stelle „${authority}“ gefunden.`);
    tenantIds = rows.map((r) => r.id);
  }

  const candidates = await findServices(db, tenantIds, hints);
  if (candidates.length === 0) {
    const keys = hints.serviceId ? hints.serviceId : hints.leikaKeys.join(', ') || '(keine)';
    return unrouted('unknown_service', `Keine Kommune bietet die Leistung „${keys}“ an${hints.authority ? ` (zuständige Stelle „${hints.authority}“)` : ''}.`);
  }
  const tenants = new Set(candidates.map((c) => c.tenant_id));
  if (tenants.size > 1) {
    return unrouted('ambiguous', `Die Leistung wird von ${tenants.size} Kommunen angeboten; die zuständige Stelle ist nicht eindeutig.`);
  }
  // Preference: the order of the LeiKa keys as sent.
  const chosen = preferred(hints, candidates);
  const tenant = await withPlatform(db, (trx) => trx.selectFrom('tenants').select(['id', 'slug']).where('id', '=', chosen.tenant_id).executeTakeFirstOrThrow());
  const orgUnitId = await withTenant(db, { tenantId: tenant.id }, (trx) => resolveOrgUnit(trx, hints, chosen.org_unit_id, false));
  if (orgUnitId === false) return unrouted('unknown_org_unit', `Die Organisationseinheit „${hints.orgUnit}“ ist in der Kommune nicht bekannt.`);
  return { ok: true, route: { tenantId: tenant.id, tenantSlug: tenant.slug, serviceId: chosen.service_id, orgUnitId: orgUnitId ?? undefined } };
}

/**
 * The same for a tenant-bound sender, inside the caller's tenant transaction (the one that then
 * creates the case: one transaction per application).
 */
export async function resolveTenantRoute(trx: Trx, tenantId: string, hints: RoutingHints): Promise<Route> {
  const candidates = await tenantServices(trx, tenantId, hints);
  if (candidates.length === 0) {
    const keys = hints.serviceId ? hints.serviceId : hints.leikaKeys.join(', ') || '(keine)';
    throw new AppError('unprocessable', { field: 'leikaIds', detail: `Für den Leistungsschlüssel „${keys}“ ist in dieser Kommune keine Leistung eingerichtet.` });
  }
  const chosen = preferred(hints, candidates);
  const tenant = await trx.selectFrom('tenants').select('slug').where('id', '=', tenantId).executeTakeFirstOrThrow();
  const orgUnitId = await resolveOrgUnit(trx, hints, chosen.org_unit_id, true);
  return { tenantId, tenantSlug: tenant.slug, serviceId: chosen.service_id, orgUnitId: orgUnitId || undefined };
}

const rank = (hints: RoutingHints, key: string) => {
  const i = hints.leikaKeys.indexOf(key);
  return i < 0 ? 0 : i;
};
// Preference: the order of the LeiKa keys as sent.
const preferred = (hints: RoutingHints, candidates: ServiceRow[]) => [...candidates].sort((a, b) => rank(hints, a.leika_key) - rank(hints, b.leika_key))[0]!;

interface ServiceRow { tenant_id: string; service_id: string; org_unit_id: string | null; leika_key: string }

async function tenantServices(trx: Trx, tenantId: string, hints: RoutingHints): Promise<ServiceRow[]> {
  const query = trx.selectFrom('services').select(['tenant_id', 'id as service_id', 'org_unit_id', 'leika_key']).where('tenant_id', '=', tenantId);
  if (hints.serviceId) return isUuid(hints.serviceId) ? query.where('id', '=', hints.serviceId).execute() : [];
  if (hints.leikaKeys.length === 0) return [];
  return query.where('leika_key', 'in', hints.leikaKeys).execute();
}

async function findServices(db: Database, tenantIds: string[] | null, hints: RoutingHints): Promise<ServiceRow[]> {
  if (hints.serviceId || hints.leikaKeys.length === 0) return [];
  return withPlatform(db, async (trx) => {
    const ids = tenantIds ? sql`${sql.val(tenantIds)}::uuid[]` : sql`null::uuid[]`;
    const res = await sql<ServiceRow>`select * from intake_find_services(${sql.val(hints.leikaKeys)}::text[], ${ids})`.execute(trx);
    return res.rows;
  });
}

/** undefined: let the service decide; false: unknown (platform sender → unrouted). */
async function resolveOrgUnit(trx: Trx, hints: RoutingHints, serviceUnit: string | null, strictSender: boolean): Promise<string | undefined | false> {
  const wanted = hints.orgUnit?.trim();
  if (!wanted) return serviceUnit ?? undefined;
  const row = await trx
    .selectFrom('org_units')
    .select('id')
    .where((eb) => (isUuid(wanted) ? eb('id', '=', wanted) : eb('short_code', '=', wanted)))
    .executeTakeFirst();
  if (row) return row.id;
  if (!hints.orgUnitStrict) return serviceUnit ?? undefined;
  if (strictSender) {
    throw new AppError('unprocessable', { field: 'orgUnitId', detail: `Die Organisationseinheit „${wanted}“ ist in dieser Kommune nicht bekannt.` });
  }
  return false;
}
