import { sessionHeaders, type TestApp } from './app.js';
import { call, deskTenant, driveTo } from './case-kit.js';
import { createCase, createService, createUser } from './factories.js';
import type { TestDatabase } from './db.js';
import { withTenant } from '../src/db/database.js';
import { proposeLists } from '../src/records/destruction/propose.js';

/** A tenant with a caseworker, an admin, two records officers (four-eyes) and a rule of 12 months, V. */
export async function recordsOffice(t: TestDatabase, h: TestApp) {
  const desk = await deskTenant(t.db);
  const admin = await sessionHeaders(t.db, await createUser(t.db, { tenant: desk.tenant, roles: ['admin'] }));
  const first = await sessionHeaders(t.db, await createUser(t.db, { tenant: desk.tenant, roles: ['records'], displayName: 'Rita Registratur' }));
  const second = await sessionHeaders(t.db, await createUser(t.db, { tenant: desk.tenant, roles: ['records'], displayName: 'Sven Schriftgut' }));
  await call(h.app, 'PUT', '/api/admin/retention-rules/default', admin, { periodMonths: 12, startsAt: 'closed', appraisal: 'V' });
  const archived = await createService(t.db, { tenant: desk.tenant, orgUnitId: desk.unit.id, name: 'Baugenehmigung' });
  await call(h.app, 'PUT', `/api/admin/retention-rules/services/${archived.id}`, admin, { periodMonths: 12, startsAt: 'closed', appraisal: 'A' });
  return { ...desk, admin, first, second, archived };
}
export type RecordsOffice = Awaited<ReturnType<typeof recordsOffice>>;

/** A case created and closed through the API (the database records closed_at). */
export async function closedCase(t: TestDatabase, h: TestApp, o: RecordsOffice, serviceId = o.service.id) {
  const kase = await createCase(t.db, { tenant: o.tenant, serviceId, orgUnitId: o.unit.id });
  await driveTo(h.app, o.headers, kase.id, 'closed', o.otherUnit.id);
  return kase;
}

/** Two years from now: every case closed today has run out its 12 months. */
export const inTwoYears = () => new Date(Date.now() + 2 * 366 * 86_400_000);

export async function proposeFor(t: TestDatabase, o: RecordsOffice, asOf = inTwoYears()) {
  const [proposal] = await proposeLists(t.db, asOf, [o.tenant.id]);
  return proposal;
}

export async function purgeOrders(t: TestDatabase, tenantId: string) {
  return withTenant(t.db, { tenantId }, (trx) =>
    trx.selectFrom('purge_orders').select(['case_id', 'list_id', 'reason', 'approved_by', 'state']).orderBy('case_id').execute());
}
