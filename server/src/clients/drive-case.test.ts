import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { createCase } from '../../test/factories.js';
import { call } from '../../test/case-kit.js';
import { drainOutbox, loginTokens, mailsTo, multipart, PDF, portalHeaders } from '../../test/mailbox-kit.js';
import { clientHeaders, fachverfahrenTenant, registerFachverfahren } from '../../test/fachverfahren-kit.js';
import { withTenant } from '../db/database.js';
import { addAttachment } from '../cases/service.js';

/*
 * Issue #17 "done when": a case driven from intake to closed entirely as a registered Fachverfahren
 * over HTTP, and the desk shows every step with the procedure's name.
 */
describeEachDatabase('a Fachverfahren drives a case from intake to closed', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h?.close());

  it('take over, read, message the applicant, the reply via the portal, decision, close, give back; the history names the procedure', async () => {
    const w = await fachverfahrenTenant(t.db);
    const fv = await registerFachverfahren(h.app, w.headers.admin, { name: 'Gewerberegister', scopes: ['cases:read', 'cases:write', 'cases:assign'], serviceIds: [w.service.id] });
    const client = await clientHeaders(h.app, fv);
    const email = 'anna.schmidt@example.org';
    const kase = await createCase(t.db, {
      tenant: w.tenant, serviceId: w.service.id,
      applicant: { kind: 'person', firstName: 'Anna', lastName: 'Schmidt', email, address: { street: 'Hauptstraße', houseNumber: '1', postalCode: '24103', city: 'Kiel' } },
      formData: [{ name: 'betrieb', label: 'Betrieb', formItems: [{ name: 'name', label: 'Name', stringValue: 'Bäckerei Schmidt' }] }],
    });
    const stored = await h.blobs.put(Readable.from([PDF]));
    const attachment = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => addAttachment(trx, w.tenant.id, kase.id, {
      fileName: 'Gewerbeanmeldung.pdf', mimeType: 'application/pdf', sizeBytes: stored.sizeBytes, sha256: stored.sha256,
    }, { kind: 'system', id: null, name: 'Test' }));
    const url = `/api/cases/${kase.id}`;

    // Its inbox lists the case; it must take it over before changing it.
    const inbox = await call(h.app, 'GET', '/api/cases', client);
    assert.deepEqual(inbox.body.items.map((c: { id: string }) => c.id), [kase.id]);
    const early = await call(h.app, 'POST', `${url}/transitions`, client, { action: 'accept', version: 1 });
    assert.equal(early.status, 409);
    assert.equal(early.body.code, 'case_handed_over');

    const taken = await call(h.app, 'POST', `${url}/handover`, client, { version: 1 });
    assert.equal(taken.status, 200, JSON.stringify(taken.body));
    assert.deepEqual(taken.body.handedOverTo, { id: fv.id, name: 'Gewerberegister', exclusive: true });
    let version: number = taken.body.version;

    // The desk sees "an Fachverfahren übergeben" and cannot change status meanwhile.
    const desk = await call(h.app, 'GET', url, w.headers.desk);
    assert.equal(desk.body.handedOverTo.name, 'Gewerberegister');
    const deskChange = await call(h.app, 'POST', `${url}/transitions`, w.headers.desk, { action: 'accept', version });
    assert.equal(deskChange.status, 409);
    assert.match(deskChange.body.detail, /Fachverfahren „Gewerberegister“/);

    // Read: form data and the attachment (streamed as a download).
    const detail = await call(h.app, 'GET', url, client);
    assert.equal(detail.body.formData[0].formItems[0].stringValue, 'Bäckerei Schmidt');
    const file = await h.app.inject({ method: 'GET', url: `${url}/attachments/${attachment.id}/content`, headers: client });
    assert.equal(file.statusCode, 200);
    assert.deepEqual(file.rawPayload, PDF);
    assert.match(String(file.headers['content-disposition']), /^attachment/);

    for (const action of ['accept', 'start']) {
      const moved = await call(h.app, 'POST', `${url}/transitions`, client, { action, version });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      version = moved.body.version;
    }
    const note = await call(h.app, 'POST', `${url}/notes`, client, { body: 'Gewerberegister: Prüfung läuft.' });
    assert.equal(note.status, 201, JSON.stringify(note.body));
    assert.equal(note.body.author.displayName, 'Fachverfahren Gewerberegister');
    const followUp = await call(h.app, 'POST', `${url}/follow-ups`, client, { dueDate: '2999-01-15', subject: 'Nachweis prüfen', ownerId: w.caseworker.id });
    assert.equal(followUp.status, 201, JSON.stringify(followUp.body));

    // A query to the applicant through the mailbox; the applicant answers in the portal.
    const sent = await call(h.app, 'POST', `${url}/messages`, client, { subject: 'Rückfrage', body: 'Bitte senden Sie die Handwerkskarte.' });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    await drainOutbox(t.db, h.config);
    const portal = await portalHeaders(h.app, loginTokens(mailsTo(h.config, email)).at(-1)!);
    const reply = multipart([
      { name: 'body', value: 'Anbei die Handwerkskarte.' }, { name: 'inReplyTo', value: sent.body.id },
      { name: 'attachment', value: PDF, fileName: 'Handwerkskarte.pdf', contentType: 'application/pdf' },
    ]);
    const replied = await h.app.inject({ method: 'POST', url: `/api/portal/applications/${kase.id}/replies`, headers: { ...portal, ...reply.headers }, payload: reply.payload });
    assert.equal(replied.statusCode, 201, replied.body);
    const thread = await call(h.app, 'GET', `${url}/messages`, client);
    assert.equal(thread.body.items.find((m: { direction: string }) => m.direction === 'in').body, 'Anbei die Handwerkskarte.');

    // A decision rendered from a template (no four eyes for this service), sent, then the case closed.
    const template = await call(h.app, 'POST', '/api/admin/decision-templates', w.headers.admin, {
      serviceId: w.service.id, kind: 'approval', name: 'Bestätigung', body: 'Ihre Gewerbeanmeldung {{vorgang.nummer}} ist eingetragen.',
    });
    assert.equal(template.status, 201, JSON.stringify(template.body));
    assert.equal((await call(h.app, 'PUT', `/api/admin/decision-settings/${w.service.id}`, w.headers.admin, { requiresRelease: false, generatorUrl: null })).status, 200);
    const drafted = await call(h.app, 'POST', `${url}/decisions`, client, { source: 'template', templateId: template.body.id });
    assert.equal(drafted.status, 201, JSON.stringify(drafted.body));
    const decided = await call(h.app, 'POST', `${url}/decisions/${drafted.body.id}/send`, client, { version });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    version = (await call(h.app, 'GET', url, client)).body.version;
    const closed = await call(h.app, 'POST', `${url}/transitions`, client, { action: 'close', version });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.equal(closed.body.status, 'closed');
    const back = await call(h.app, 'POST', `${url}/handover/return`, client, { version: closed.body.version });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.handedOverTo, null);

    // The desk's history shows which procedure did what.
    const history = (await call(h.app, 'GET', `${url}/events`, w.headers.desk)).body.items as Array<{ type: string; actor: { kind: string; name: string } }>;
    const byProcedure = history.filter((e) => e.actor.name === 'Fachverfahren Gewerberegister').map((e) => e.type);
    for (const type of ['case.handed_over', 'case.status_changed', 'note.added', 'follow_up.created', 'message.sent', 'decision.drafted', 'decision.sent', 'case.returned']) {
      assert.ok(byProcedure.includes(type), `history names the procedure for ${type}: ${byProcedure.join(', ')}`);
    }
    assert.ok(history.some((e) => e.type === 'message.received'));
    assert.ok(history.filter((e) => e.actor.name === 'Fachverfahren Gewerberegister').every((e) => e.actor.kind === 'client'));
  });

  it('routing "Fachverfahren" hands new cases over at intake; "both" shares them with the desk; "desk" does neither', async () => {
    const w = await fachverfahrenTenant(t.db);
    const fv = await registerFachverfahren(h.app, w.headers.admin, { name: 'Hundesteuer-Modul', scopes: ['cases:read'], serviceIds: [w.service.id, w.otherService.id] });
    const route = (serviceId: string, newCasesTo: string) => call(h.app, 'PUT', `/api/admin/fachverfahren-routing/${serviceId}`, w.headers.admin, { newCasesTo, clientId: fv.id });
    assert.equal((await route(w.service.id, 'fachverfahren')).status, 200);
    assert.equal((await route(w.otherService.id, 'both')).status, 200);
    const exclusive = await createCase(t.db, { tenant: w.tenant, serviceId: w.service.id });
    const shared = await createCase(t.db, { tenant: w.tenant, serviceId: w.otherService.id });
    const one = await call(h.app, 'GET', `/api/cases/${exclusive.id}`, w.headers.desk);
    assert.deepEqual(one.body.handedOverTo, { id: fv.id, name: 'Hundesteuer-Modul', exclusive: true });
    const two = await call(h.app, 'GET', `/api/cases/${shared.id}`, w.headers.desk);
    assert.deepEqual(two.body.handedOverTo, { id: fv.id, name: 'Hundesteuer-Modul', exclusive: false });
    // Shared: the desk keeps working on it.
    assert.equal((await call(h.app, 'POST', `/api/cases/${shared.id}/transitions`, w.headers.desk, { action: 'accept', version: 1 })).status, 200);
    const events = (await call(h.app, 'GET', `/api/cases/${exclusive.id}/events`, w.headers.desk)).body.items;
    assert.deepEqual(events.filter((e: { type: string }) => e.type === 'case.handed_over').map((e: { actor: { name: string } }) => e.actor.name), ['System']);

    assert.equal((await route(w.service.id, 'desk')).status, 200);
    const deskCase = await createCase(t.db, { tenant: w.tenant, serviceId: w.service.id });
    assert.equal((await call(h.app, 'GET', `/api/cases/${deskCase.id}`, w.headers.desk)).body.handedOverTo, null);
  });
});
