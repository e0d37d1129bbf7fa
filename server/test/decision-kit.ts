// Shared fixtures for the decision tests: a tenant with a service, an admin, two caseworkers and a
// dog-tax case of an applicant with a portal mailbox (e-mail), already in progress.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestDatabase } from './db.js';
import { createCase, createService, createTenant, createUser } from './factories.js';
import { createTestApp, sessionHeaders, type TestApp } from './app.js';
import type { AppConfig } from '../src/config.js';

export const run = promisify(execFile);

export const DOG_FORM = [
  { name: 'hund', label: 'Angaben zum Hund', formItems: [
    { name: 'rasse', label: 'Rasse', stringValue: 'Dackel' },
    { name: 'rufname', label: 'Rufname', stringValue: 'Waldi' },
    { name: 'geboren', label: 'Wurfdatum', dateValue: '2021-06-01' },
  ] },
  { name: 'steuerbefreiung', label: 'Steuerbefreiung beantragt', booleanValue: false },
];

export const APPROVAL_BODY = 'Sehr geehrte(r) {{antragsteller.name}},\n\n'
  + 'Ihr Antrag „{{leistung.name}}“ vom {{vorgang.eingang}} (Vorgangsnummer {{vorgang.nummer}}) wird bewilligt. '
  + 'Der Hund {{formular.hund.rufname}} ({{formular.hund.rasse}}) ist ab sofort angemeldet. Steuerbefreiung: {{formular.steuerbefreiung}}. '
  + 'Chip-Nummer: {{formular.hund.chip}}.\n\n{{kommune.name}}, {{heute}}';

export async function decisionWorld(t: TestDatabase, overrides: Partial<AppConfig> = {}) {
  const tenant = await createTenant(t.db, { name: 'Stadt Musterhausen' });
  const service = await createService(t.db, { tenant, name: 'Hundesteuer Anmeldung' });
  const admin = await createUser(t.db, { tenant, roles: ['admin'], displayName: 'Erika Admin' });
  const author = await createUser(t.db, { tenant, roles: ['caseworker'], displayName: 'Max Sachbearbeiter' });
  const second = await createUser(t.db, { tenant, roles: ['caseworker'], displayName: 'Paula Prüferin' });
  const reader = await createUser(t.db, { tenant, roles: ['reader'], displayName: 'Lea Lesend' });
  const test: TestApp = await createTestApp(t.db, overrides);
  const headers = {
    admin: await sessionHeaders(t.db, admin),
    author: await sessionHeaders(t.db, author),
    second: await sessionHeaders(t.db, second),
    reader: await sessionHeaders(t.db, reader),
  };
  return { tenant, service, admin, author, second, reader, test, app: test.app, headers };
}
export type DecisionWorld = Awaited<ReturnType<typeof decisionWorld>>;

/** A case of the world's service, moved to "in_progress" through the real API. */
export async function caseInProgress(t: TestDatabase, w: DecisionWorld, status: 'new' | 'in_progress' = 'in_progress') {
  const created = await createCase(t.db, {
    tenant: w.tenant, serviceId: w.service.id,
    applicant: {
      kind: 'person', firstName: 'Anna', lastName: 'Schmidt', email: 'anna.schmidt@example.org',
      address: { street: 'Hauptstraße', houseNumber: '1', postalCode: '24103', city: 'Kiel' },
    },
    formData: DOG_FORM,
  });
  let version = 1;
  if (status === 'in_progress') {
    for (const action of ['accept', 'start']) {
      const res = await w.app.inject({ method: 'POST', url: `/api/cases/${created.id}/transitions`, headers: w.headers.author, payload: { action, version } });
      if (res.statusCode !== 200) throw new Error(`transition ${action}: ${res.statusCode} ${res.body}`);
      version = res.json().version;
    }
  }
  return { id: created.id, caseNumber: created.caseNumber, version };
}

export async function createTemplate(w: DecisionWorld, body = APPROVAL_BODY, kind: 'approval' | 'rejection' = 'approval') {
  const res = await w.app.inject({
    method: 'POST', url: '/api/admin/decision-templates', headers: w.headers.admin,
    payload: { serviceId: w.service.id, kind, name: 'Bewilligung Hundesteuer', body },
  });
  if (res.statusCode !== 201) throw new Error(`template: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string };
}

export async function setRequiresRelease(w: DecisionWorld, requiresRelease: boolean, generatorUrl: string | null = null) {
  const res = await w.app.inject({
    method: 'PUT', url: `/api/admin/decision-settings/${w.service.id}`, headers: w.headers.admin, payload: { requiresRelease, generatorUrl },
  });
  if (res.statusCode !== 200) throw new Error(`settings: ${res.statusCode} ${res.body}`);
}

export async function draft(w: DecisionWorld, caseId: string, templateId: string, headers = w.headers.author) {
  return w.app.inject({ method: 'POST', url: `/api/cases/${caseId}/decisions`, headers, payload: { source: 'template', templateId } });
}
