import assert from 'node:assert/strict';
import type { AppInstance } from '../src/http/app-types.js';
import type { Database } from '../src/db/database.js';
import type { Role } from '../src/auth/principal.js';
import type { CaseStatus, TransitionAction } from '../src/cases/lifecycle.js';
import { createOrgUnit, createService, createTenant, createUser, type TestTenant } from './factories.js';
import { sessionHeaders } from './app.js';

/** Helpers for driving cases through the HTTP API in tests. */

export interface ApiResult<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

export async function call<T = any>(
  app: AppInstance, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown,
): Promise<ApiResult<T>> {
  const res = await app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const isJson = String(res.headers['content-type'] ?? '').includes('json');
  return { status: res.statusCode, body: (isJson ? res.json() : res.body) as T, headers: res.headers };
}

/** A tenant with two org units, a service routed to the first and a signed-in caseworker. */
export async function deskTenant(db: Database, options: { roles?: Role[]; tenant?: TestTenant } = {}) {
  const tenant = options.tenant ?? (await createTenant(db));
  const unit = await createOrgUnit(db, { tenant, name: 'Ordnungsamt', shortCode: 'OA' });
  const otherUnit = await createOrgUnit(db, { tenant, name: 'Bauamt', shortCode: 'BA' });
  const service = await createService(db, { tenant, orgUnitId: unit.id, name: 'Hundesteuer Anmeldung' });
  const user = await createUser(db, { tenant, roles: options.roles ?? ['caseworker'], displayName: 'Max Sachbearbeiter' });
  const headers = await sessionHeaders(db, user);
  return { tenant, unit, otherUnit, service, user, headers };
}

/** The shortest way from 'new' to each status. */
export const PATH_TO: Record<CaseStatus, TransitionAction[]> = {
  new: [],
  accepted: ['accept'],
  in_progress: ['accept', 'start'],
  decided: ['accept', 'start', 'decide'],
  closed: ['accept', 'start', 'decide', 'close'],
  rejected: ['reject'],
  forwarded: ['forward'],
  reopened: ['accept', 'start', 'decide', 'close', 'reopen'],
  deletion_requested: ['reject', 'request_deletion'],
};

export function transitionBody(action: TransitionAction, version: number, otherUnitId: string) {
  return {
    action,
    version,
    ...(action === 'reject' ? { reason: 'Unvollständige Unterlagen' } : {}),
    ...(action === 'forward' ? { orgUnitId: otherUnitId } : {}),
  };
}

/** Drives a new case to the status through the API; returns its current version. */
export async function driveTo(
  app: AppInstance, headers: Record<string, string>, caseId: string, status: CaseStatus, otherUnitId: string,
): Promise<number> {
  let version = 1;
  for (const action of PATH_TO[status]) {
    const res = await call(app, 'POST', `/api/cases/${caseId}/transitions`, headers, transitionBody(action, version, otherUnitId));
    assert.equal(res.status, 200, `${action} on the way to ${status}: ${JSON.stringify(res.body)}`);
    version = res.body.version;
  }
  return version;
}
