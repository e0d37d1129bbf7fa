import assert from 'node:assert/strict';
import { permissionsOfScopes } from '../src/auth/permissions/catalog.js';
import { transitionCase } from '../src/cases/changes.js';
import type { Viewer } from '../src/cases/viewer.js';
import type { Database } from '../src/db/database.js';
import { uuidv7 } from '../src/shared/ids.js';
import { SOURCE_TYPES } from '../src/webhooks/catalogue.js';
import { createCase, createService, type TestTenant } from './factories.js';
import type { ReceivedEvent } from './event-consumer-standin.js';
import type { TestDatabase } from './db.js';

/** A machine (API key with cases:read and cases:write) acting on the tenant's cases. */
export function machineViewer(tenantId: string): Viewer {
  return { tenantId, orgUnitIds: [], userId: null, permissions: permissionsOfScopes(['cases:read', 'cases:write']), actor: { kind: 'token', id: uuidv7(), name: 'Fachverfahren' } };
}

/** `count` cases, each with three catalogue events: case.created, then accepted and started (case.status_changed twice). */
export async function caseStories(db: Database, tenant: TestTenant, count: number): Promise<string[]> {
  const service = await createService(db, { tenant });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await createCase(db, { tenant, serviceId: service.id })).id);
  const viewer = machineViewer(tenant.id);
  // Interleaved across cases, so a per-case order is not simply the order of writing.
  for (const [version, action] of [[1, 'accept'], [2, 'start']] as const) {
    for (const id of ids) await transitionCase(db, viewer, id, { action, version });
  }
  return ids;
}

/** The catalogue events of a tenant as the chain holds them: sequence and case, in order. */
export async function catalogueEvents(t: TestDatabase, tenantId: string) {
  return (await t.adminQuery<{ id: string; seq: string; case_id: string }>(
    `select id, seq::text, case_id from case_events where tenant_id = $1 and type = any(string_to_array($2, ',')) and case_id is not null order by case_events.seq`, [tenantId, SOURCE_TYPES.join(',')],
  )).map((r) => ({ id: r.id, sequence: Number(r.seq), caseId: r.case_id }));
}

/**
 * Every expected event arrived at least once, and per case the events arrived in sequence order: a
 * later event of a case was never received before an earlier one's first arrival.
 */
export function assertAllArrivedInCaseOrder(expected: Array<{ id: string; sequence: number; caseId: string }>, received: ReceivedEvent[]) {
  const firstArrival = new Map<string, number>();
  received.forEach((r, i) => {
    if (!firstArrival.has(r.event.id)) firstArrival.set(r.event.id, i);
  });
  assert.deepEqual(expected.filter((e) => !firstArrival.has(e.id)).map((e) => e.sequence), [], 'every event arrived at least once');
  for (const later of expected) {
    for (const earlier of expected) {
      if (earlier.caseId !== later.caseId || earlier.sequence >= later.sequence) continue;
      assert.ok(firstArrival.get(earlier.id)! < firstArrival.get(later.id)!, `event ${later.sequence} of a case arrived before its earlier event ${earlier.sequence}`);
    }
  }
}
