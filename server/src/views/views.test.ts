import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createUser } from '../../test/factories.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';

describeEachDatabase('saved inbox views', (t) => {
  let api: TestApp;
  let desk: Awaited<ReturnType<typeof deskTenant>>;
  let colleague: Record<string, string>;
  let admin: Record<string, string>;
  const names = async (headers: Record<string, string>) =>
    ((await call(api.app, 'GET', '/api/views', headers)).body.items as { name: string }[]).map((v) => v.name);

  before(async () => {
    api = await createTestApp(t.db);
    desk = await deskTenant(t.db);
    colleague = await sessionHeaders(t.db, await createUser(t.db, { tenant: desk.tenant, displayName: 'Erika Kollegin' }));
    admin = await sessionHeaders(t.db, await createUser(t.db, { tenant: desk.tenant, roles: ['admin'], displayName: 'Ada Admin' }));
  });
  after(() => api.close());

  it('saves filters and sort under a name, lists them, and the saved query opens the same inbox', async () => {
    const mine = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id, title: 'Hundesteuer Bello' });
    await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id, title: 'Hundesteuer Rex' });
    const created = await call(api.app, 'POST', '/api/views', desk.headers, { name: '  Neue   Bello-Fälle ', query: '?status=new&q=Bello&sort=case_number' });
    assert.equal(created.status, 201);
    assert.equal(created.body.name, 'Neue Bello-Fälle');
    assert.equal(created.body.query, 'status=new&q=Bello&sort=case_number');
    assert.deepEqual([created.body.shared, created.body.own], [false, true]);
    assert.deepEqual(created.body.owner, { id: desk.user.id, displayName: 'Max Sachbearbeiter' });

    const list = await call(api.app, 'GET', '/api/views', desk.headers);
    assert.deepEqual(list.body.items, [created.body]);
    const opened = await call(api.app, 'GET', `/api/cases?${list.body.items[0].query}`, desk.headers);
    assert.equal(opened.status, 200);
    assert.deepEqual(opened.body.items.map((c: { id: string }) => c.id), [mine.id]);
    assert.deepEqual(await names(colleague), [], 'personal views are not shown to colleagues');
  });

  it('refuses unknown parameters, bad values and overlong queries, naming `query`', async () => {
    for (const query of ['status=new&limit=5', 'evil=1', 'status=unknown', 'sort=applicant', 'q=' + 'x'.repeat(2001)]) {
      const res = await call(api.app, 'POST', '/api/views', desk.headers, { name: `Kaputt ${query.slice(0, 20)}`, query });
      assert.equal(res.status, 400, query.slice(0, 30));
      assert.equal(res.body.field, 'query');
      assert.match(res.body.detail, /„query“/);
    }
    const blank = await call(api.app, 'POST', '/api/views', desk.headers, { name: '   ', query: '' });
    assert.deepEqual([blank.status, blank.body.field], [400, 'name']);
  });

  it('refuses a second view with the same name (ignoring case) with 409 naming `name`', async () => {
    assert.equal((await call(api.app, 'POST', '/api/views', desk.headers, { name: 'Meine offenen', query: 'assignee=me' })).status, 201);
    const dup = await call(api.app, 'POST', '/api/views', desk.headers, { name: 'MEINE OFFENEN', query: 'assignee=none' });
    assert.deepEqual([dup.status, dup.body.code, dup.body.field], [409, 'duplicate', 'name']);
    const other = (await call(api.app, 'POST', '/api/views', desk.headers, { name: 'Andere', query: '' })).body;
    const renameClash = await call(api.app, 'PATCH', `/api/views/${other.id}`, desk.headers, { name: 'meine offenen' });
    assert.deepEqual([renameClash.status, renameClash.body.field], [409, 'name']);
    assert.equal((await call(api.app, 'POST', '/api/views', colleague, { name: 'Meine offenen', query: 'assignee=me' })).status, 201, 'names are per person');
  });

  it('only the owner renames and deletes a view', async () => {
    const view = (await call(api.app, 'POST', '/api/views', desk.headers, { name: 'Zum Umbenennen', query: 'status=accepted' })).body;
    const renamed = await call(api.app, 'PATCH', `/api/views/${view.id}`, desk.headers, { name: 'Angenommene' });
    assert.deepEqual([renamed.status, renamed.body.name, renamed.body.query], [200, 'Angenommene', 'status=accepted']);
    const notYours = await call(api.app, 'PATCH', `/api/views/${view.id}`, colleague, { name: 'Gekapert' });
    assert.equal(notYours.status, 404, "a colleague's personal view is invisible");
    assert.equal((await call(api.app, 'DELETE', `/api/views/${view.id}`, desk.headers)).status, 204);
    assert.ok(!(await names(desk.headers)).includes('Angenommene'));
    assert.equal((await call(api.app, 'DELETE', `/api/views/${view.id}`, desk.headers)).status, 404);
  });

  it('only admins share a view with the tenant; everyone sees it, only its owner changes it', async () => {
    const refused = await call(api.app, 'POST', '/api/views', desk.headers, { name: 'Für alle', query: 'status=new', shared: true });
    assert.deepEqual([refused.status, refused.body.field], [403, 'shared']);
    assert.match(refused.body.detail, /Administration/);
    const own = (await call(api.app, 'POST', '/api/views', desk.headers, { name: 'Später teilen', query: 'status=new' })).body;
    assert.equal((await call(api.app, 'PATCH', `/api/views/${own.id}`, desk.headers, { shared: true })).status, 403);

    const shared = await call(api.app, 'POST', '/api/views', admin, { name: 'Team: Neueingänge', query: 'status=new&assignee=none', shared: true });
    assert.deepEqual([shared.status, shared.body.shared], [201, true]);
    const seen = (await call(api.app, 'GET', '/api/views', colleague)).body.items.find((v: { id: string }) => v.id === shared.body.id);
    assert.deepEqual([seen.shared, seen.own, seen.owner.displayName], [true, false, 'Ada Admin']);
    const change = await call(api.app, 'PATCH', `/api/views/${shared.body.id}`, colleague, { name: 'Meins' });
    assert.equal(change.status, 403);
    assert.equal((await call(api.app, 'DELETE', `/api/views/${shared.body.id}`, colleague)).status, 403);
    assert.equal((await call(api.app, 'PATCH', `/api/views/${shared.body.id}`, admin, { shared: false })).body.shared, false);
    assert.ok(!(await names(colleague)).includes('Team: Neueingänge'), 'unshared again');
  });

  it("another tenant's view answers 404 and stays unchanged", async () => {
    const foreign = await deskTenant(t.db, { roles: ['admin'] });
    const theirs = (await call(api.app, 'POST', '/api/views', foreign.headers, { name: 'Fremd', query: 'status=new', shared: true })).body;
    assert.ok(!(await names(desk.headers)).includes('Fremd'));
    assert.equal((await call(api.app, 'PATCH', `/api/views/${theirs.id}`, desk.headers, { name: 'x' })).status, 404);
    assert.equal((await call(api.app, 'DELETE', `/api/views/${theirs.id}`, desk.headers)).status, 404);
    assert.deepEqual(await names(foreign.headers), ['Fremd']);
  });
});
