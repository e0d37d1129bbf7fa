import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createUser } from '../../test/factories.js';
import { createTestApp, sessionHeaders, tokenHeaders, type TestApp } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';
import { withTenant } from '../db/database.js';

describeEachDatabase('notes on a case', (t) => {
  let api: TestApp;
  let desk: Awaited<ReturnType<typeof deskTenant>>;
  let colleague: { headers: Record<string, string>; id: string };
  const notesOf = async (caseId: string, headers = desk.headers) => (await call(api.app, 'GET', `/api/cases/${caseId}/notes`, headers)).body.items;
  const eventsOf = async (caseId: string) => (await call(api.app, 'GET', `/api/cases/${caseId}/events`, desk.headers)).body.items as { type: string; data: Record<string, unknown>; actor: { name: string } }[];

  before(async () => {
    api = await createTestApp(t.db);
    desk = await deskTenant(t.db);
    const user = await createUser(t.db, { tenant: desk.tenant, displayName: 'Greta Kollegin' });
    colleague = { id: user.id, headers: await sessionHeaders(t.db, user) };
  });
  after(() => api.close());

  it('adds, edits and deletes an own note; the history records each step without the text', async () => {
    const { id } = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    const before = (await call(api.app, 'GET', `/api/cases/${id}`, desk.headers)).body;

    const added = await call(api.app, 'POST', `/api/cases/${id}/notes`, desk.headers, { body: '  Rückruf bei Frau Schmidt wegen Impfpass  ' });
    assert.equal(added.status, 201);
    assert.equal(added.body.body, 'Rückruf bei Frau Schmidt wegen Impfpass', 'surrounding blanks are trimmed');
    assert.deepEqual(added.body.author, { id: desk.user.id, displayName: 'Max Sachbearbeiter' });
    assert.equal(added.body.own, true);
    assert.equal(added.body.edited, false);

    const edited = await call(api.app, 'PATCH', `/api/cases/${id}/notes/${added.body.id}`, desk.headers, { body: 'Rückruf erledigt, Impfpass kommt per Post' });
    assert.equal(edited.status, 200);
    assert.equal(edited.body.edited, true);
    assert.deepEqual((await notesOf(id)).map((n: { body: string }) => n.body), ['Rückruf erledigt, Impfpass kommt per Post']);

    const deleted = await call(api.app, 'DELETE', `/api/cases/${id}/notes/${added.body.id}`, desk.headers);
    assert.equal(deleted.status, 204);
    assert.deepEqual(await notesOf(id), [], 'a deleted note disappears from the list');
    const again = await call(api.app, 'PATCH', `/api/cases/${id}/notes/${added.body.id}`, desk.headers, { body: 'x' });
    assert.equal(again.status, 404);

    const events = (await eventsOf(id)).filter((e) => e.type.startsWith('note.'));
    assert.deepEqual(events.map((e) => e.type), ['note.added', 'note.edited', 'note.deleted']);
    for (const e of events) {
      assert.deepEqual(e.data, { noteId: added.body.id });
      assert.equal(e.actor.name, 'Max Sachbearbeiter');
    }
    const history = JSON.stringify(await eventsOf(id));
    assert.ok(!history.includes('Impfpass') && !history.includes('Rückruf'), 'no note text in the history');

    const after = (await call(api.app, 'GET', `/api/cases/${id}`, desk.headers)).body;
    assert.equal(after.version, before.version, 'notes do not change the case version');
    assert.equal(after.updatedAt, before.updatedAt);
  });

  it("refuses to edit or delete a colleague's note (403), and the note stays as it was", async () => {
    const { id } = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    const mine = (await call(api.app, 'POST', `/api/cases/${id}/notes`, desk.headers, { body: 'Unterlagen vollständig' })).body;
    const theirs = (await call(api.app, 'POST', `/api/cases/${id}/notes`, colleague.headers, { body: 'Bitte Gebührenbescheid prüfen' })).body;

    const list = await notesOf(id);
    assert.deepEqual(list.map((n: { id: string; own: boolean }) => [n.id, n.own]), [[mine.id, true], [theirs.id, false]]);
    const edit = await call(api.app, 'PATCH', `/api/cases/${id}/notes/${theirs.id}`, desk.headers, { body: 'überschrieben' });
    assert.equal(edit.status, 403);
    assert.equal(edit.body.code, 'forbidden');
    assert.match(edit.body.detail, /Verfasser/);
    assert.equal((await call(api.app, 'DELETE', `/api/cases/${id}/notes/${theirs.id}`, desk.headers)).status, 403);
    assert.deepEqual((await notesOf(id)).map((n: { body: string }) => n.body), ['Unterlagen vollständig', 'Bitte Gebührenbescheid prüfen']);
  });

  it('refuses an empty note naming the field', async () => {
    const { id } = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    for (const body of [{ body: '   ' }, { body: '' }, {}]) {
      const res = await call(api.app, 'POST', `/api/cases/${id}/notes`, desk.headers, body);
      assert.equal(res.status, 400);
      assert.equal(res.body.code, 'validation_failed');
      assert.match(res.body.field ?? res.body.detail, /body/);
    }
    assert.deepEqual(await notesOf(id), []);
  });

  it("another tenant's case and notes answer 404, and nothing is written there", async () => {
    const foreign = await deskTenant(t.db);
    const { id } = await createCase(t.db, { tenant: foreign.tenant, serviceId: foreign.service.id });
    const note = (await call(api.app, 'POST', `/api/cases/${id}/notes`, foreign.headers, { body: 'Vertraulich' })).body;
    const attempts = [
      await call(api.app, 'GET', `/api/cases/${id}/notes`, desk.headers),
      await call(api.app, 'POST', `/api/cases/${id}/notes`, desk.headers, { body: 'eingeschleust' }),
      await call(api.app, 'PATCH', `/api/cases/${id}/notes/${note.id}`, desk.headers, { body: 'eingeschleust' }),
      await call(api.app, 'DELETE', `/api/cases/${id}/notes/${note.id}`, desk.headers),
    ];
    assert.deepEqual(attempts.map((r) => r.status), [404, 404, 404, 404]);
    // The foreign note's id under one of our own cases is unknown as well.
    const own = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    assert.equal((await call(api.app, 'PATCH', `/api/cases/${own.id}/notes/${note.id}`, desk.headers, { body: 'x' })).status, 404);
    assert.deepEqual((await notesOf(id, foreign.headers)).map((n: { body: string }) => n.body), ['Vertraulich']);
  });

  it("follows the case's org-unit scope and permissions", async () => {
    const otherUnit = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id, orgUnitId: desk.otherUnit.id });
    const scoped = await createUser(t.db, { tenant: desk.tenant, orgUnitIds: [desk.unit.id] });
    const headers = await sessionHeaders(t.db, scoped);
    assert.equal((await call(api.app, 'GET', `/api/cases/${otherUnit.id}/notes`, headers)).status, 404);
    assert.equal((await call(api.app, 'POST', `/api/cases/${otherUnit.id}/notes`, headers, { body: 'x' })).status, 404);

    const { id } = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    await call(api.app, 'POST', `/api/cases/${id}/notes`, desk.headers, { body: 'Sichtbar für Lesende' });
    const reader = await tokenHeaders(t.db, desk.tenant.id, ['cases:read']);
    assert.equal((await notesOf(id, reader)).length, 1);
    assert.equal((await call(api.app, 'POST', `/api/cases/${id}/notes`, reader, { body: 'x' })).status, 403);
    const machine = await tokenHeaders(t.db, desk.tenant.id, ['cases:read', 'cases:write']);
    const byToken = await call(api.app, 'POST', `/api/cases/${id}/notes`, machine, { body: 'x' });
    assert.equal(byToken.status, 403, 'a note needs a person as author');
    assert.equal((await notesOf(id)).length, 1);
  });

  it('a signed-in reader reads notes but writes none; an author who is now a reader can no longer change their note', async () => {
    const { id } = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    assert.equal((await call(api.app, 'POST', `/api/cases/${id}/notes`, colleague.headers, { body: 'Von Greta' })).status, 201);
    const reader = await sessionHeaders(t.db, await createUser(t.db, { tenant: desk.tenant, roles: ['reader'], displayName: 'Lena Leserin' }));
    assert.equal((await notesOf(id, reader)).length, 1);
    const refused = await call(api.app, 'POST', `/api/cases/${id}/notes`, reader, { body: 'Darf ich nicht' });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'forbidden');

    const author = await createUser(t.db, { tenant: desk.tenant, displayName: 'Bernd Autor' });
    const authorHeaders = await sessionHeaders(t.db, author);
    const own = (await call(api.app, 'POST', `/api/cases/${id}/notes`, authorHeaders, { body: 'Eigene Notiz' })).body;
    await withTenant(t.db, { tenantId: desk.tenant.id }, (trx) => trx.updateTable('users').set({ roles: ['reader'] }).where('id', '=', author.id).execute());
    assert.equal((await call(api.app, 'PATCH', `/api/cases/${id}/notes/${own.id}`, authorHeaders, { body: 'Geändert' })).status, 403);
    assert.equal((await call(api.app, 'DELETE', `/api/cases/${id}/notes/${own.id}`, authorHeaders)).status, 403);
    assert.deepEqual((await notesOf(id)).map((n: { body: string }) => n.body), ['Von Greta', 'Eigene Notiz']);
  });

  it('full-text search finds a case by a word of its notes, and no longer once the note is deleted', async () => {
    const { id } = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    const other = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    const foreign = await deskTenant(t.db);
    const foreignCase = await createCase(t.db, { tenant: foreign.tenant, serviceId: foreign.service.id });
    await call(api.app, 'POST', `/api/cases/${foreignCase.id}/notes`, foreign.headers, { body: 'Schornsteinfegerbescheinigung angefordert' });
    const note = (await call(api.app, 'POST', `/api/cases/${id}/notes`, desk.headers, { body: 'Schornsteinfegerbescheinigungen fehlen noch' })).body;
    const found = async (q: string) =>
      ((await call(api.app, 'GET', `/api/cases?q=${encodeURIComponent(q)}`, desk.headers)).body.items as { id: string }[]).map((c) => c.id);

    assert.deepEqual(await found('Schornsteinfegerbescheinigung'), [id], 'stemmed: the plural in the note, the singular searched; not the other tenant');
    assert.deepEqual(await found('schornstein'), [id], 'prefix of a note word');
    assert.ok(!(await found('Schornsteinfegerbescheinigung')).includes(other.id));
    const counts = await call(api.app, 'GET', '/api/cases/counts?q=Schornsteinfegerbescheinigung', desk.headers);
    assert.equal(counts.body.total, 1);
    await call(api.app, 'DELETE', `/api/cases/${id}/notes/${note.id}`, desk.headers);
    assert.deepEqual(await found('Schornsteinfegerbescheinigung'), []);
  });
});
