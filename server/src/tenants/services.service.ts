import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import type { Actor } from '../auth/principal.js';
import { AppError, notFound } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { assertOrgUnitsExist, diff, isUniqueViolation } from './admin-access.js';

/** A service (Leistung) with its routing: applications for it go to this org unit's inbox. */
export interface ServiceRow {
  id: string; leika_key: string; name: string; org_unit_id: string | null; org_unit_name: string | null; created_at: Date;
}
interface ServiceInput { leikaKey?: string; name?: string; orgUnitId?: string }

const duplicate = (leikaKey: string) =>
  new AppError('duplicate', { field: 'leikaKey', detail: `Für den LeiKa-Schlüssel ${leikaKey} („leikaKey“) gibt es bereits eine Leistung.` });

function normalise(input: ServiceInput): ServiceInput {
  const leikaKey = input.leikaKey?.replace(/\s+/g, '');
  if (leikaKey !== undefined && !/^\d{14}$/.test(leikaKey)) {
    throw new AppError('validation_failed', { field: 'leikaKey', detail: 'Der LeiKa-Schlüssel („leikaKey“) muss aus genau 14 Ziffern bestehen.' });
  }
  const name = input.name?.trim();
  if (name === '') throw new AppError('validation_failed', { field: 'name', detail: 'Der Name („name“) darf nicht leer sein.' });
  return { leikaKey, name, orgUnitId: input.orgUnitId };
}

function selectServices(trx: Trx) {
  return trx
    .selectFrom('services as s')
    .leftJoin('org_units as o', 'o.id', 's.org_unit_id')
    .select(['s.id', 's.leika_key', 's.name', 's.org_unit_id', 'o.name as org_unit_name', 's.created_at']);
}

export async function listServices(db: Database, tenantId: string): Promise<ServiceRow[]> {
  return withTenant(db, { tenantId }, (trx) => selectServices(trx).orderBy('s.name').orderBy('s.id').execute());
}

async function assertLeikaFree(trx: Trx, leikaKey: string, exceptId: string | null): Promise<void> {
  let query = trx.selectFrom('services').select('id').where('leika_key', '=', leikaKey);
  if (exceptId) query = query.where('id', '!=', exceptId);
  if (await query.executeTakeFirst()) throw duplicate(leikaKey);
}

export async function createService(
  db: Database,
  tenantId: string,
  input: { leikaKey: string; name: string; orgUnitId: string },
  actor: Actor,
): Promise<ServiceRow> {
  const next = normalise(input) as Required<ServiceInput>;
  try {
    return await withTenant(db, { tenantId }, async (trx) => {
      await assertOrgUnitsExist(trx, [next.orgUnitId], 'orgUnitId');
      await assertLeikaFree(trx, next.leikaKey, null);
      const id = uuidv7();
      await trx.insertInto('services').values({ id, tenant_id: tenantId, leika_key: next.leikaKey, name: next.name, org_unit_id: next.orgUnitId }).execute();
      await appendEvent(trx, tenantId, { caseId: null, type: 'service.created', actor, data: { serviceId: id, ...next } });
      return selectServices(trx).where('s.id', '=', id).executeTakeFirstOrThrow();
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(next.leikaKey);
    throw error;
  }
}

export async function updateService(db: Database, tenantId: string, id: string, input: ServiceInput, actor: Actor): Promise<ServiceRow> {
  const next = normalise(input);
  try {
    return await withTenant(db, { tenantId }, async (trx) => {
      const before = await trx.selectFrom('services').select(['id', 'leika_key', 'name', 'org_unit_id']).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw notFound('Die Leistung');
      const changes = diff({ leikaKey: before.leika_key, name: before.name, orgUnitId: before.org_unit_id }, next);
      if (Object.keys(changes).length > 0) {
        if (changes.orgUnitId) await assertOrgUnitsExist(trx, [next.orgUnitId!], 'orgUnitId');
        if (changes.leikaKey) await assertLeikaFree(trx, next.leikaKey!, id);
        await trx
          .updateTable('services')
          .set({
            ...(next.leikaKey !== undefined ? { leika_key: next.leikaKey } : {}),
            ...(next.name !== undefined ? { name: next.name } : {}),
            ...(next.orgUnitId !== undefined ? { org_unit_id: next.orgUnitId } : {}),
          })
          .where('id', '=', id)
          .execute();
        await appendEvent(trx, tenantId, { caseId: null, type: 'service.updated', actor, data: { serviceId: id, changes } });
      }
      return selectServices(trx).where('s.id', '=', id).executeTakeFirstOrThrow();
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(next.leikaKey ?? '');
    throw error;
  }
}
