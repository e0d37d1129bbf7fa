import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createUser } from '../../test/factories.js';
import { createTestApp, sessionHeaders, tokenHeaders, type TestApp } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';
import { withTenant } from '../db/database.js';
import { addAttachment } from './service.js';

describeEachDatabase('who may see and change cases', (t) => {
  let api: TestApp;
  let home: Awaited<ReturnType<typeof deskTenant>>;
  let foreign: Awaited<ReturnType<typeof deskTenant>>;
  let foreignCase: { id: string; attachmentId: string };
  before(async () => {
    api = await createTestApp(t.db);
    home = await deskTenant(t.db);
    foreign = await deskTenant(t.db);
    const created = await createCase(t.db, { tenant: foreign.tenant, serviceId: foreign.service.id });
    const blob = await api.blobs.put(Readable.from([Buffer.from('vertraulich')]));
    const { id: attachmentId } = await withTenant(t.db, { tenantId: foreign.tenant.id }, (trx) =>
      addAttachment(trx, foreign.tenant.id, created.id, { fileName: 'a.txt', mimeType: 'text/plain', sizeBytes: blob.sizeBytes, sha256: blob.sha256 },
        { kind: 'system', id: null, name: 'Test' }),
    );
    foreignCase = { id: created.id, attachmentId };
  });
  after(() => api.close());

  it("another tenant's case answers 404 everywhere, and nothing changes", async () => {
    const id = foreignCase.id;
    const attempts = [
      await call(api.app, 'GET', `/api/cases/${id}`, home.headers),
      await call(api.app, 'POST', `/api/cases/${id}/transitions`, home.headers, { action: 'accept', version: 1 }),
      await call(api.app, 'PUT', `/api/cases/${id}/assignee`, home.headers, { assigneeId: home.user.id, version: 1 }),
      await call(api.app, 'GET', `/api/cases/${id}/events`, home.headers),
      await call(api.app, 'GET', `/api/cases/${id}/attachments/${foreignCase.attachmentId}/content`, home.headers),
    ];
    assert.deepEqual(attempts.map((r) => r.status), [404, 404, 404, 404, 404]);
    assert.ok(attempts.every((r) => r.body.code === 'not_found'));
    await createCase(t.db, { tenant: home.tenant, serviceId: home.service.id });
    const list = await call(api.app, 'GET', '/api/cases', home.headers);
    assert.ok(!list.body.items.some((c: { id: string }) => c.id === id));
    // Full-text search runs through a definer function: it must apply the tenant itself.
    const search = await call(api.app, 'GET', '/api/cases?q=Schmidt', home.headers);
    assert.ok(search.body.items.length >= 1, 'the own tenant\'s Schmidt is found');
    assert.ok(!search.body.items.some((c: { id: string }) => c.id === id));
    const still = await call(api.app, 'GET', `/api/cases/${id}`, foreign.headers);
    assert.equal(still.body.status, 'new');
    assert.equal(still.body.assignee, null);
  });

  it('an API token with only cases:read can read but not write', async () => {
    const { id } = await createCase(t.db, { tenant: home.tenant, serviceId: home.service.id });
    const readOnly = await tokenHeaders(t.db, home.tenant.id, ['cases:read']);
    assert.equal((await call(api.app, 'GET', `/api/cases/${id}`, readOnly)).status, 200);
    const write = await call(api.app, 'POST', `/api/cases/${id}/transitions`, readOnly, { action: 'accept', version: 1 });
    assert.equal(write.status, 403);
    const assign = await call(api.app, 'PUT', `/api/cases/${id}/assignee`, readOnly, { assigneeId: home.user.id, version: 1 });
    assert.equal(assign.status, 403);
    const writer = await tokenHeaders(t.db, home.tenant.id, ['cases:read', 'cases:write']);
    assert.equal((await call(api.app, 'POST', `/api/cases/${id}/transitions`, writer, { action: 'accept', version: 1 })).status, 200);
    const mine = await call(api.app, 'GET', '/api/cases?assignee=me', readOnly);
    assert.equal(mine.status, 400, 'a machine client has no "me"');
  });

  it("a user scoped to org units never sees other units' cases", async () => {
    const inUnit = await createCase(t.db, { tenant: home.tenant, serviceId: home.service.id });
    const otherUnit = await createCase(t.db, { tenant: home.tenant, serviceId: home.service.id, orgUnitId: home.otherUnit.id });
    const scoped = await createUser(t.db, { tenant: home.tenant, orgUnitIds: [home.unit.id] });
    const headers = await sessionHeaders(t.db, scoped);

    const list = await call(api.app, 'GET', '/api/cases?limit=200', headers);
    const ids = list.body.items.map((c: { id: string }) => c.id);
    assert.ok(ids.includes(inUnit.id));
    assert.ok(!ids.includes(otherUnit.id));
    assert.ok(list.body.items.every((c: { orgUnit: { id: string } }) => c.orgUnit.id === home.unit.id));
    const counts = await call(api.app, 'GET', '/api/cases/counts', headers);
    assert.equal(counts.body.total, list.body.items.length);
    const filtered = await call(api.app, 'GET', `/api/cases?orgUnitId=${home.otherUnit.id}`, headers);
    assert.deepEqual(filtered.body.items, []);

    for (const res of [
      await call(api.app, 'GET', `/api/cases/${otherUnit.id}`, headers),
      await call(api.app, 'GET', `/api/cases/${otherUnit.id}/events`, headers),
      await call(api.app, 'POST', `/api/cases/${otherUnit.id}/transitions`, headers, { action: 'accept', version: 1 }),
      await call(api.app, 'PUT', `/api/cases/${otherUnit.id}/assignee`, headers, { assigneeId: scoped.id, version: 1 }),
    ]) assert.equal(res.status, 404);
    assert.equal((await call(api.app, 'GET', `/api/cases/${inUnit.id}`, headers)).status, 200);
  });

  it('an assignee without access to the case\'s unit is refused', async () => {
    const { id } = await createCase(t.db, { tenant: home.tenant, serviceId: home.service.id });
    const elsewhere = await createUser(t.db, { tenant: home.tenant, orgUnitIds: [home.otherUnit.id] });
    const res = await call(api.app, 'PUT', `/api/cases/${id}/assignee`, home.headers, { assigneeId: elsewhere.id, version: 1 });
    assert.equal(res.status, 422);
    assert.equal(res.body.field, 'assigneeId');
  });

  it('without sign-in there is nothing to see', async () => {
    const res = await call(api.app, 'GET', '/api/cases', {});
    assert.equal(res.status, 401);
  });
});
