import assert from 'node:assert/strict';
import type { AppInstance } from '../src/http/app-types.js';
import type { Database } from '../src/db/database.js';
import { createOrgUnit, createService, createTenant, createUser } from './factories.js';
import { sessionHeaders } from './app.js';

/** A tenant with an org unit, two services, an admin and a caseworker signed in (for Fachverfahren tests). */
export async function fachverfahrenTenant(db: Database) {
  const tenant = await createTenant(db, { name: 'Stadt Musterhausen' });
  const unit = await createOrgUnit(db, { tenant, name: 'Ordnungsamt', shortCode: 'OA' });
  const service = await createService(db, { tenant, orgUnitId: unit.id, name: 'Gewerbeanmeldung' });
  const otherService = await createService(db, { tenant, orgUnitId: unit.id, name: 'Hundesteuer Anmeldung' });
  const admin = await createUser(db, { tenant, roles: ['admin'], displayName: 'Erika Admin' });
  const caseworker = await createUser(db, { tenant, roles: ['caseworker'], displayName: 'Max Sachbearbeiter' });
  return {
    tenant, unit, service, otherService, admin, caseworker,
    headers: { admin: await sessionHeaders(db, admin), desk: await sessionHeaders(db, caseworker) },
  };
}

/** Registers a Fachverfahren through the admin API; returns its credentials (secret shown once). */
export async function registerFachverfahren(
  app: AppInstance, adminHeaders: Record<string, string>,
  body: { name: string; scopes: string[]; serviceIds: string[]; webhookUrl?: string | null },
) {
  const res = await app.inject({ method: 'POST', url: '/api/admin/fachverfahren', headers: adminHeaders, payload: body });
  assert.equal(res.statusCode, 201, res.body);
  const json = res.json() as { client: { id: string; clientId: string }; clientSecret: string };
  return { id: json.client.id, clientId: json.client.clientId, secret: json.clientSecret };
}

/** POST /api/oauth/token as RFC 6749 §4.4 says: form-encoded, client authenticated with HTTP Basic. */
export async function requestToken(app: AppInstance, credentials: { clientId: string; secret: string }, form: Record<string, string> = { grant_type: 'client_credentials' }) {
  const basic = Buffer.from(`${encodeURIComponent(credentials.clientId)}:${encodeURIComponent(credentials.secret)}`).toString('base64');
  return app.inject({
    method: 'POST', url: '/api/oauth/token',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(form).toString(),
  });
}

/** Bearer headers of a Fachverfahren with a fresh access token. */
export async function clientHeaders(app: AppInstance, credentials: { clientId: string; secret: string }, scope?: string): Promise<Record<string, string>> {
  const res = await requestToken(app, credentials, { grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
  assert.equal(res.statusCode, 200, res.body);
  return { authorization: `Bearer ${res.json().access_token}` };
}
