// Two municipalities for the delegation tests (server/src/delegation): Gemeinde Adorf owns the
// cases, Stadt Bestadt helps. Each has an admin and caseworkers; Adorf has a dog-tax service with a
// decision template and an intake key, Bestadt an Ordnungsamt that works Adorf's cases.
import type { TestDatabase } from './db.js';
import { createOrgUnit, createService, createTenant, createUser } from './factories.js';
import { createTestApp, sessionHeaders, tokenHeaders, type TestApp } from './app.js';
import { call } from './case-kit.js';
import { APPROVAL_BODY, DOG_FORM } from './decision-kit.js';

export async function delegationWorld(t: TestDatabase) {
  const api: TestApp = await createTestApp(t.db);
  const a = await createTenant(t.db, { name: 'Gemeinde Adorf' });
  const aUnit = await createOrgUnit(t.db, { tenant: a, name: 'Steueramt', shortCode: 'ST' });
  const aService = await createService(t.db, { tenant: a, orgUnitId: aUnit.id, name: 'Hundesteuer Anmeldung', leikaKey: '99050012104000' });
  const aOther = await createService(t.db, { tenant: a, orgUnitId: aUnit.id, name: 'Gewerbeanmeldung', leikaKey: '99050012104001' });
  const b = await createTenant(t.db, { name: 'Stadt Bestadt' });
  const bUnit = await createOrgUnit(t.db, { tenant: b, name: 'Ordnungsamt', shortCode: 'OA' });
  const bOtherUnit = await createOrgUnit(t.db, { tenant: b, name: 'Bauamt', shortCode: 'BA' });
  const people = {
    aAdmin: await createUser(t.db, { tenant: a, roles: ['admin'], displayName: 'Anke Admin' }),
    aWorker: await createUser(t.db, { tenant: a, roles: ['caseworker'], displayName: 'Arne Adorfer' }),
    bAdmin: await createUser(t.db, { tenant: b, roles: ['admin'], displayName: 'Berta Admin' }),
    bWorker: await createUser(t.db, { tenant: b, roles: ['caseworker'], displayName: 'Bernd Bestädter', orgUnitIds: [bUnit.id] }),
    bBuilder: await createUser(t.db, { tenant: b, roles: ['caseworker'], displayName: 'Bea Bauamt', orgUnitIds: [bOtherUnit.id] }),
  };
  const h = {
    aAdmin: await sessionHeaders(t.db, people.aAdmin),
    aWorker: await sessionHeaders(t.db, people.aWorker),
    bAdmin: await sessionHeaders(t.db, people.bAdmin),
    bWorker: await sessionHeaders(t.db, people.bWorker),
    bBuilder: await sessionHeaders(t.db, people.bBuilder),
    aIntake: await tokenHeaders(t.db, a.id, ['intake:submit']),
  };
  const template = await call(api.app, 'POST', '/api/admin/decision-templates', h.aAdmin, { serviceId: aService.id, kind: 'approval', name: 'Bewilligung Hundesteuer', body: APPROVAL_BODY });
  if (template.status !== 201) throw new Error(`template: ${template.status}`);
  return { api, app: api.app, a, aUnit, aService, aOther, b, bUnit, bOtherUnit, people, h, templateId: template.body.id as string };
}
export type DelegationWorld = Awaited<ReturnType<typeof delegationWorld>>;

/** An agreement proposed by Adorf and accepted by Bestadt, through the API. */
export async function acceptedAgreement(w: DelegationWorld, kind: 'service' | 'assistance', serviceId?: string) {
  const today = new Date().toISOString().slice(0, 10);
  const proposed = await call(w.app, 'POST', '/api/delegation/agreements', w.h.aAdmin, {
    partnerSlug: w.b.slug, kind, ...(serviceId ? { serviceId } : {}), validFrom: today,
  });
  if (proposed.status !== 201) throw new Error(`propose: ${proposed.status} ${JSON.stringify(proposed.body)}`);
  const accepted = await call(w.app, 'POST', `/api/delegation/agreements/${proposed.body.id}/accept`, w.h.bAdmin, { orgUnitId: w.bUnit.id });
  if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return accepted.body as { id: string; status: string };
}

/** An application for one of Adorf's services through the native intake API. */
export async function applyToAdorf(w: DelegationWorld, leikaKey = '99050012104000', lastName = 'Schmidt') {
  const res = await call(w.app, 'POST', '/api/intake/applications', w.h.aIntake, {
    transactionId: `api-${Math.random().toString(36).slice(2)}`, serviceKey: leikaKey, title: 'Hundesteuer: Anmeldung Waldi',
    applicant: { kind: 'person', firstName: 'Anna', lastName, email: 'anna@example.org', address: { street: 'Hauptstraße', houseNumber: '1', postalCode: '24103', city: 'Kiel' } },
    formData: DOG_FORM,
  });
  if (res.status !== 201) throw new Error(`intake: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.caseId as string, caseNumber: res.body.caseNumber as string };
}
