import type { Database, Trx } from '../db/database.js';
import { withPlatform, withTenant } from '../db/database.js';
import type { Actor } from '../auth/principal.js';
import { appendEvent } from '../events/chain.js';
import { AppError, notFound } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { assertOrgUnitsExist, isUniqueViolation } from '../tenants/admin-access.js';
import { COLUMNS, fitDestinationOwners, ownersOf, tenantName, type IdentifierRow } from './repository.js';
import { checkIdentifier, SCHEME_LABELS, type Scheme } from './schemes.js';

/**
 * Who maintains the list: operators may learn which municipality holds a conflicting identifier,
 * a tenant's admins only that it belongs elsewhere (another municipality's name is not theirs to know).
 */
export interface IdentifierScope { tenantId: string; audience: 'operator' | 'tenant' }

export interface Candidate { scheme: Scheme; value: string; key: string; orgUnitId: string | null }

export interface OrgUnitRef { id: string; name: string; short_code: string }

/** An operator names the tenant in the path: an unknown one is 404 (withTenant alone would show nothing). */
export async function operatorScope(db: Database, tenantId: string): Promise<IdentifierScope> {
  const tenant = await withPlatform(db, (trx) => trx.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst());
  if (!tenant) throw notFound('Die Kommune');
  return { tenantId, audience: 'operator' };
}

export async function listIdentifiers(db: Database, scope: IdentifierScope): Promise<{ items: IdentifierRow[]; orgUnits: OrgUnitRef[] }> {
  return withTenant(db, { tenantId: scope.tenantId }, async (trx) => ({
    items: await trx.selectFrom('routing_identifiers').select(COLUMNS).orderBy('scheme').orderBy('value_key').execute(),
    orgUnits: await trx.selectFrom('org_units').select(['id', 'name', 'short_code']).orderBy('name').execute(),
  }));
}

export async function addIdentifier(db: Database, scope: IdentifierScope, input: { scheme: Scheme; value: string; orgUnitId?: string | null }, actor: Actor): Promise<IdentifierRow> {
  const { value, key } = checkIdentifier(input.scheme, input.value);
  const candidate: Candidate = { scheme: input.scheme, value, key, orgUnitId: input.orgUnitId ?? null };
  try {
    return await withTenant(db, { tenantId: scope.tenantId }, async (trx) => {
      if (candidate.orgUnitId) await assertOrgUnitsExist(trx, [candidate.orgUnitId], 'orgUnitId');
      const refused = (await refusalsOf(trx, scope, [candidate]))[0];
      if (refused) throw refused;
      const row = await trx
        .insertInto('routing_identifiers')
        .values({ id: uuidv7(), tenant_id: scope.tenantId, org_unit_id: candidate.orgUnitId, scheme: candidate.scheme, value, value_key: key, created_by: createdBy(actor) })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      await appendEvent(trx, scope.tenantId, { caseId: null, type: 'routing_identifier.added', actor, data: { identifierId: row.id, scheme: row.scheme, value, orgUnitId: row.org_unit_id } });
      return row;
    });
  } catch (error) {
    // Two saves of the same value at once: the unique index decides; tell the loser why.
    if (isUniqueViolation(error)) throw (await withTenant(db, { tenantId: scope.tenantId }, (trx) => refusalsOf(trx, scope, [candidate])))[0] ?? error;
    throw error;
  }
}

export async function removeIdentifier(db: Database, scope: IdentifierScope, id: string, actor: Actor): Promise<void> {
  await withTenant(db, { tenantId: scope.tenantId }, async (trx) => {
    const row = await trx.deleteFrom('routing_identifiers').where('id', '=', id).returning(['id', 'scheme', 'value', 'org_unit_id']).executeTakeFirst();
    if (!row) throw notFound('Die Kennung');
    await appendEvent(trx, scope.tenantId, { caseId: null, type: 'routing_identifier.removed', actor, data: { identifierId: id, scheme: row.scheme, value: row.value, orgUnitId: row.org_unit_id } });
  });
}

/**
 * Why each candidate cannot be saved (null: it can): already in this tenant (409 duplicate) or held
 * by another municipality (409 identifier_conflict, named only to operators). A FIT-Connect
 * destination registered for another municipality counts as held by it.
 */
export async function refusalsOf(trx: Trx, scope: IdentifierScope, candidates: Candidate[], field = 'value'): Promise<Array<AppError | null>> {
  const owners = await ownersOf(trx, candidates);
  const destinations = await fitDestinationOwners(trx, candidates.filter((c) => c.scheme === 'fit_connect_destination').map((c) => c.key));
  const names = new Map<string, string>();
  const refusals: Array<AppError | null> = [];
  for (const c of candidates) {
    const held = owners.find((o) => o.scheme === c.scheme && o.value_key === c.key)?.tenant_id;
    const registered = c.scheme === 'fit_connect_destination' ? destinations.get(c.key) : undefined;
    const other = held ?? (registered !== scope.tenantId ? registered : undefined);
    const label = `„${c.value}“ (${SCHEME_LABELS[c.scheme]})`;
    if (!other) {
      refusals.push(null);
    } else if (other === scope.tenantId) {
      refusals.push(new AppError('duplicate', { field, detail: `Die Kennung ${label} ist in dieser Kommune bereits eingetragen.` }));
    } else if (scope.audience === 'operator') {
      if (!names.has(other)) names.set(other, await tenantName(trx, other));
      refusals.push(new AppError('identifier_conflict', { field, detail: `Die Kennung ${label} ist bereits der Kommune „${names.get(other)}“ zugeordnet.`, extra: { otherTenantId: other } }));
    } else {
      refusals.push(new AppError('identifier_conflict', { field, detail: `Die Kennung ${label} ist bereits einer anderen Stelle zugeordnet.` }));
    }
  }
  return refusals;
}

export const createdBy = (actor: Actor) => `${actor.kind}:${actor.id ?? '-'}`;
