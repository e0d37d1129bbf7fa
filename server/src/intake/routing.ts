import { sql } from 'kysely';
import type { Database, Trx } from '../db/database.js';
import { withPlatform, withTenant } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { isUuid } from '../shared/ids.js';
import type { RoutingHints } from './types.js';
import { lookUpIdentifiers, matchesOf, orgUnitByIdentifier, type IdentifierMatch } from './identifier-routing.js';

export interface Route {
  tenantId: string;
  tenantSlug: string;
  serviceId: string;
  /** The org unit the submission names (mapped identifier, sender's org unit); absent: the case write model places the case with the service's (cases placeCase). */
  orgUnitId?: string;
}
export type RouteResult = { ok: true; route: Route } | { ok: false; reasonCode: string; reason: string };

const unrouted = (reasonCode: string, reason: string): RouteResult => ({ ok: false, reasonCode, reason });

/**
 * Zuständigkeitsfindung. A tenant-bound sender is always routed into its own tenant; a mistake in
 * its service or org unit is the sender's to fix (422, nothing stored). A platform sender is
 * routed by its routing identifiers (zustaendigeStelle, organisationsEinheitenId, … as mapped by the
 * admins), by authority (slug or AGS) and LeiKa key; what cannot be decided goes to the unrouted queue.
 */
export async function resolveRoute(db: Database, hints: RoutingHints): Promise<RouteResult> {
  const authority = hints.authority?.trim();
  const byAuthority = authority
    ? await withPlatform(db, (trx) =>
        trx.selectFrom('tenants').select('id').where('status', '=', 'active').where((eb) => eb.or([eb('slug', '=', authority), eb('ags', '=', authority)])).execute(),
      )
    : [];
  const matches = await lookUpIdentifiers(db, hints);
  const decided = tenantsOf(hints, byAuthority.map((r) => r.id), matchesOf(hints, matches));
  if ('ok' in decided) return decided;
  const { tenantIds } = decided;

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
  const mapped = orgUnitByIdentifier(hints, matches, tenant.id);
  const orgUnitId = mapped ?? (hints.orgUnit?.trim() ? await withTenant(db, { tenantId: tenant.id }, (trx) => resolveOrgUnit(trx, hints)) : undefined);
  if (orgUnitId === false) return unrouted('unknown_org_unit', `Die Organisationseinheit „${hints.orgUnit}“ ist in der Kommune nicht bekannt.`);
  return { ok: true, route: { tenantId: tenant.id, tenantSlug: tenant.slug, serviceId: chosen.service_id, orgUnitId: orgUnitId ?? undefined } };
}

/**
 * Which tenants may receive the submission: the one its identifiers name (they must not name two, nor
 * contradict the slug/AGS), else the ones its authority names; null: any tenant offering the service.
 */
function tenantsOf(hints: RoutingHints, byAuthority: string[], matches: IdentifierMatch[]): { tenantIds: string[] | null } | RouteResult {
  const named = [...new Set(matches.map((m) => m.tenant_id))];
  if (named.length > 1 || (named.length === 1 && byAuthority.length > 0 && !byAuthority.includes(named[0]!))) {
    const fields = [...new Set((hints.identifiers ?? []).map((h) => h.field))].join(', ');
    return unrouted('ambiguous_identifier', `Die Kennungen der Einreichung (${fields}${hints.authority ? `, zuständige Stelle „${hints.authority}“` : ''}) bezeichnen verschiedene Kommunen.`);
  }
  if (named.length === 1) return { tenantIds: named };
  if (hints.authority) {
    if (byAuthority.length === 0) return unrouted('unknown_authority', `Keine Kommune zur zuständigen Stelle „${hints.authority.trim()}“ gefunden.`);
    return { tenantIds: byAuthority };
  }
  return { tenantIds: null };
}

/** The routing decision for each application, from the tenant's candidate services and org units. */
export function routesFrom(
  tenantId: string,
  tenantSlug: string,
  hintsList: RoutingHints[],
  services: ServiceRow[],
  units: Array<{ id: string; short_code: string }>,
  identifiers: readonly IdentifierMatch[] = [],
): Array<Route | AppError> {
  return hintsList.map((hints) => {
    const candidates = services.filter((s) => (hints.serviceId ? s.service_id === hints.serviceId : hints.leikaKeys.includes(s.leika_key)));
    if (candidates.length === 0) {
      const keys = hints.serviceId ? hints.serviceId : hints.leikaKeys.join(', ') || '(keine)';
      return new AppError('unprocessable', { field: hints.serviceField ?? 'leikaIds', detail: `Für den Leistungsschlüssel „${keys}“ ist in dieser Kommune keine Leistung eingerichtet.` });
    }
    const chosen = preferred(hints, candidates);
    const wanted = hints.orgUnit?.trim();
    const mapped = orgUnitByIdentifier(hints, identifiers, tenantId);
    const unit = wanted && !mapped ? units.find((u) => (isUuid(wanted) ? u.id === wanted : u.short_code === wanted)) : undefined;
    if (wanted && !mapped && !unit && hints.orgUnitStrict) {
      return new AppError('unprocessable', { field: 'orgUnitId', detail: `Die Organisationseinheit „${wanted}“ ist in dieser Kommune nicht bekannt.` });
    }
    return { tenantId, tenantSlug, serviceId: chosen.service_id, orgUnitId: mapped ?? unit?.id };
  });
}

/** What routing needs of a batch's hints: service ids and LeiKa keys, org unit ids and short codes. */
export function routingKeys(hintsList: RoutingHints[]) {
  const wanted = [...new Set(hintsList.map((h) => h.orgUnit?.trim()).filter((w): w is string => !!w))];
  return {
    serviceIds: hintsList.map((h) => h.serviceId).filter((id): id is string => !!id && isUuid(id)),
    leikaKeys: [...new Set(hintsList.filter((h) => !h.serviceId).flatMap((h) => h.leikaKeys))],
    unitIds: wanted.filter(isUuid),
    unitCodes: wanted.filter((w) => !isUuid(w)),
  };
}

const rank = (hints: RoutingHints, key: string) => {
  const i = hints.leikaKeys.indexOf(key);
  return i < 0 ? 0 : i;
};
// Preference: the order of the LeiKa keys as sent.
const preferred = <S extends ServiceRow>(hints: RoutingHints, candidates: S[]): S => [...candidates].sort((a, b) => rank(hints, a.leika_key) - rank(hints, b.leika_key))[0]!;

export interface ServiceRow { tenant_id: string; service_id: string; org_unit_id: string | null; leika_key: string }

async function findServices(db: Database, tenantIds: string[] | null, hints: RoutingHints): Promise<ServiceRow[]> {
  if (hints.serviceId || hints.leikaKeys.length === 0) return [];
  return withPlatform(db, async (trx) => {
    const ids = tenantIds ? sql`${sql.val(tenantIds)}::uuid[]` : sql`null::uuid[]`;
    const res = await sql<ServiceRow>`select * from intake_find_services(${sql.val(hints.leikaKeys)}::text[], ${ids})`.execute(trx);
    return res.rows;
  });
}

/** The org unit the hints name; undefined: the service's applies (placeCase); false: unknown (platform sender → unrouted). */
async function resolveOrgUnit(trx: Trx, hints: RoutingHints): Promise<string | undefined | false> {
  const wanted = hints.orgUnit?.trim();
  if (!wanted) return undefined;
  const row = await trx
    .selectFrom('org_units')
    .select('id')
    .where((eb) => (isUuid(wanted) ? eb('id', '=', wanted) : eb('short_code', '=', wanted)))
    .executeTakeFirst();
  if (row) return row.id;
  return hints.orgUnitStrict ? false : undefined;
}
