import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import type { Actor } from '../auth/principal.js';
import { AppError, notFound } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { diff, isUniqueViolation } from './admin-access.js';

export interface OrgUnitRow { id: string; name: string; short_code: string; created_at: Date }
const COLUMNS = ['id', 'name', 'short_code', 'created_at'] as const;

const duplicate = (shortCode: string) =>
  new AppError('duplicate', { field: 'shortCode', detail: `Das Kürzel „${shortCode}“ („shortCode“) ist bereits vergeben.` });

function normalise(input: { name?: string; shortCode?: string }) {
  const name = input.name?.trim();
  if (name === '') throw new AppError('validation_failed', { field: 'name', detail: 'Der Name („name“) darf nicht leer sein.' });
  return { name, shortCode: input.shortCode?.trim().toUpperCase() };
}

export async function listOrgUnits(db: Database, tenantId: string): Promise<OrgUnitRow[]> {
  return withTenant(db, { tenantId }, (trx) => trx.selectFrom('org_units').select(COLUMNS).orderBy('name').orderBy('id').execute());
}

export async function createOrgUnit(db: Database, tenantId: string, input: { name: string; shortCode: string }, actor: Actor): Promise<OrgUnitRow> {
  const { name, shortCode } = normalise(input) as { name: string; shortCode: string };
  try {
    return await withTenant(db, { tenantId }, async (trx) => {
      const taken = await trx.selectFrom('org_units').select('id').where('short_code', '=', shortCode).executeTakeFirst();
      if (taken) throw duplicate(shortCode);
      const row = await trx
        .insertInto('org_units')
        .values({ id: uuidv7(), tenant_id: tenantId, name, short_code: shortCode })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      await appendEvent(trx, tenantId, { caseId: null, type: 'org_unit.created', actor, data: { orgUnitId: row.id, name, shortCode } });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(shortCode);
    throw error;
  }
}

export async function updateOrgUnit(
  db: Database,
  tenantId: string,
  id: string,
  input: { name?: string; shortCode?: string },
  actor: Actor,
): Promise<OrgUnitRow> {
  const next = normalise(input);
  try {
    return await withTenant(db, { tenantId }, async (trx) => {
      const before = await trx.selectFrom('org_units').select(COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw notFound('Die Organisationseinheit');
      const changes = diff({ name: before.name, shortCode: before.short_code }, next);
      if (Object.keys(changes).length === 0) return before;
      if (changes.shortCode) {
        const taken = await trx.selectFrom('org_units').select('id').where('short_code', '=', next.shortCode!).where('id', '!=', id).executeTakeFirst();
        if (taken) throw duplicate(next.shortCode!);
      }
      const row = await trx
        .updateTable('org_units')
        .set({ ...(next.name !== undefined ? { name: next.name } : {}), ...(next.shortCode !== undefined ? { short_code: next.shortCode } : {}) })
        .where('id', '=', id)
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      await appendEvent(trx, tenantId, { caseId: null, type: 'org_unit.updated', actor, data: { orgUnitId: id, changes } });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(next.shortCode ?? '');
    throw error;
  }
}
