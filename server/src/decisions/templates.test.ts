import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/db.js';
import { createTenant, createUser } from '../../test/factories.js';
import { sessionHeaders } from '../../test/app.js';
import { createTemplate, decisionWorld, type DecisionWorld } from '../../test/decision-kit.js';

describeEachDatabase('decision templates (admin)', (t) => {
  let w: DecisionWorld;
  before(async () => {
    w = await decisionWorld(t);
  });
  after(async () => w.test.close());

  it('refuses a template with an unknown placeholder on save, naming it (422, field body)', async () => {
    const res = await w.app.inject({
      method: 'POST', url: '/api/admin/decision-templates', headers: w.headers.admin,
      payload: { kind: 'approval', name: 'Kaputt', body: 'Hallo {{antragsteller.name}}, Ihr {{antragsteler.vorname}} …' },
    });
    assert.equal(res.statusCode, 422);
    const problem = res.json();
    assert.equal(problem.field, 'body');
    assert.match(problem.detail, /„\{\{antragsteler\.vorname\}\}“ ist unbekannt/);
    assert.equal(problem.placeholder, 'antragsteler.vorname');
    const list = await w.app.inject({ method: 'GET', url: '/api/admin/decision-templates', headers: w.headers.admin });
    assert.equal(list.json().items.length, 0, 'nothing was stored');
  });

  it('refuses an unknown placeholder on update too and keeps the old body', async () => {
    const template = await createTemplate(w, 'Sehr geehrte(r) {{antragsteller.name}}');
    const res = await w.app.inject({
      method: 'PATCH', url: `/api/admin/decision-templates/${template.id}`, headers: w.headers.admin, payload: { body: 'Am {{morgen}}' },
    });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().field, 'body');
    assert.match(res.json().detail, /\{\{morgen\}\}/);
    const stored = await w.app.inject({ method: 'GET', url: `/api/admin/decision-templates/${template.id}`, headers: w.headers.admin });
    assert.equal(stored.json().body, 'Sehr geehrte(r) {{antragsteller.name}}');
  });

  it('creates, lists, changes and deletes templates; form placeholders by field name are accepted', async () => {
    const template = await createTemplate(w, 'Rasse: {{ formular.hund.rasse }}, Datum {{heute}}', 'rejection');
    const patched = await w.app.inject({
      method: 'PATCH', url: `/api/admin/decision-templates/${template.id}`, headers: w.headers.admin,
      payload: { name: 'Ablehnung (neu)', serviceId: null },
    });
    assert.equal(patched.statusCode, 200);
    assert.equal(patched.json().name, 'Ablehnung (neu)');
    assert.equal(patched.json().service, null);
    assert.equal(patched.json().kind, 'rejection');
    const list = await w.app.inject({ method: 'GET', url: '/api/admin/decision-templates', headers: w.headers.admin });
    assert.ok(list.json().items.some((i: { id: string }) => i.id === template.id));
    const removed = await w.app.inject({ method: 'DELETE', url: `/api/admin/decision-templates/${template.id}`, headers: w.headers.admin });
    assert.equal(removed.statusCode, 204);
    const gone = await w.app.inject({ method: 'GET', url: `/api/admin/decision-templates/${template.id}`, headers: w.headers.admin });
    assert.equal(gone.statusCode, 404);
  });

  it('answers 404 for another tenant\'s template (read, change, delete) and 403 for caseworkers', async () => {
    const template = await createTemplate(w);
    const otherTenant = await createTenant(t.db);
    const otherAdmin = await createUser(t.db, { tenant: otherTenant, roles: ['admin'] });
    const other = await sessionHeaders(t.db, otherAdmin);
    for (const [method, payload] of [['GET', undefined], ['PATCH', { name: 'Übernommen' }], ['DELETE', undefined]] as const) {
      const res = await w.app.inject({ method, url: `/api/admin/decision-templates/${template.id}`, headers: other, ...(payload ? { payload } : {}) });
      assert.equal(res.statusCode, 404, `${method} from another tenant`);
    }
    const list = await w.app.inject({ method: 'GET', url: '/api/admin/decision-templates', headers: other });
    assert.equal(list.json().items.length, 0);
    const caseworker = await w.app.inject({ method: 'GET', url: '/api/admin/decision-templates', headers: w.headers.author });
    assert.equal(caseworker.statusCode, 403);
  });

  it('stores the letterhead (PNG logo sniffed, not claimed) and refuses a non-image logo', async () => {
    const before = await w.app.inject({ method: 'GET', url: '/api/admin/letterhead', headers: w.headers.admin });
    assert.equal(before.json().name, 'Stadt Musterhausen', 'defaults to the tenant name');
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const res = await w.app.inject({
      method: 'PUT', url: '/api/admin/letterhead', headers: w.headers.admin,
      payload: { name: 'Stadt Musterhausen – Ordnungsamt', addressLines: ['Rathausplatz 1', '12345 Musterhausen'], contact: 'Tel. 0123 456-0', logoBase64: png.toString('base64') },
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().addressLines, ['Rathausplatz 1', '12345 Musterhausen']);
    assert.equal(res.json().logo.mimeType, 'image/png');
    const bad = await w.app.inject({
      method: 'PUT', url: '/api/admin/letterhead', headers: w.headers.admin,
      payload: { name: 'X', addressLines: [], contact: '', logoBase64: Buffer.from('#!/bin/sh\necho hi\n').toString('base64') },
    });
    assert.equal(bad.statusCode, 415);
    assert.equal(bad.json().field, 'logoBase64');
  });

  it('per-service settings: four-eyes and generator URL validated; other tenant\'s service 404', async () => {
    const bad = await w.app.inject({
      method: 'PUT', url: `/api/admin/decision-settings/${w.service.id}`, headers: w.headers.admin, payload: { requiresRelease: true, generatorUrl: 'ftp://x' },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, 'generatorUrl');
    const ok = await w.app.inject({
      method: 'PUT', url: `/api/admin/decision-settings/${w.service.id}`, headers: w.headers.admin, payload: { requiresRelease: true },
    });
    assert.equal(ok.statusCode, 200);
    const list = await w.app.inject({ method: 'GET', url: '/api/admin/decision-settings', headers: w.headers.admin });
    assert.equal(list.json().items.find((i: { service: { id: string } }) => i.service.id === w.service.id).requiresRelease, true);
    const otherTenant = await createTenant(t.db);
    const other = await sessionHeaders(t.db, await createUser(t.db, { tenant: otherTenant, roles: ['admin'] }));
    const foreign = await w.app.inject({ method: 'PUT', url: `/api/admin/decision-settings/${w.service.id}`, headers: other, payload: { requiresRelease: false } });
    assert.equal(foreign.statusCode, 404);
  });
});
