import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../../test/app.js';
import { call } from '../../../test/case-kit.js';
import { createCase, createUser } from '../../../test/factories.js';
import { readTar } from './tar.js';

describeEachDatabase('tenant export API: the tenant admin exports their own municipality, and only that', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h.close());

  async function office() {
    const admin = await createUser(t.db, { roles: ['admin'] });
    const worker = await createUser(t.db, { tenant: admin.tenant, roles: ['caseworker'] });
    const cases = [await createCase(t.db, { tenant: admin.tenant }), await createCase(t.db, { tenant: admin.tenant })];
    return { tenant: admin.tenant, cases, admin: await sessionHeaders(t.db, admin), worker: await sessionHeaders(t.db, worker) };
  }

  async function finished(headers: Record<string, string>, id: string) {
    for (let i = 0; i < 200; i++) {
      const job = await call(h.app, 'GET', `/api/admin/exports/${id}`, headers);
      assert.equal(job.status, 200, JSON.stringify(job.body));
      if (job.body.status !== 'running') return job.body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('export did not finish');
  }

  it('starts in the background, reports progress, offers the archive as a download and logs the read of every case', async () => {
    const o = await office();
    const started = await call(h.app, 'POST', '/api/admin/exports', o.admin);
    assert.equal(started.status, 202, JSON.stringify(started.body));
    assert.equal(started.body.downloadable, false);
    const done = await finished(o.admin, started.body.id);
    assert.equal(done.status, 'done');
    assert.deepEqual([done.casesDone, done.casesTotal, done.downloadable], [2, 2, true]);

    const download = await h.app.inject({ method: 'GET', url: `/api/admin/exports/${done.id}/download`, headers: o.admin });
    assert.equal(download.statusCode, 200);
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="amtsdesk-export-.+\.tar\.gz"/);
    assert.equal(createHash('sha256').update(download.rawPayload).digest('hex'), done.sha256, 'the announced hash is the file’s');
    const names: string[] = [];
    for await (const entry of readTar(Readable.from([download.rawPayload]).pipe(createGunzip()))) names.push(entry.name);
    assert.deepEqual(names.filter((n) => n.startsWith('cases/')).sort(), o.cases.map((c) => `cases/${c.id}.json`).sort());

    const log = await call(h.app, 'GET', '/api/access-log', o.admin);
    const exported = log.body.items.filter((e: { action: string }) => e.action === 'exported');
    assert.deepEqual(exported.map((e: { caseNumber: string }) => e.caseNumber).sort(), o.cases.map((c) => c.caseNumber).sort(), 'every case read by the download');
    assert.ok(exported.every((e: { objectId: string }) => e.objectId === done.id));

    const list = await call(h.app, 'GET', '/api/admin/exports', o.admin);
    assert.equal(list.body.items[0].id, done.id);
  });

  it('another municipality’s export answers 404; caseworkers may not export', async () => {
    const mine = await office();
    const other = await office();
    const started = await call(h.app, 'POST', '/api/admin/exports', other.admin);
    const done = await finished(other.admin, started.body.id);

    const peek = await call(h.app, 'GET', `/api/admin/exports/${done.id}`, mine.admin);
    assert.equal(peek.status, 404);
    assert.equal(peek.body.code, 'not_found');
    assert.match(peek.body.detail, /Export wurde nicht gefunden/);
    const steal = await h.app.inject({ method: 'GET', url: `/api/admin/exports/${done.id}/download`, headers: mine.admin });
    assert.equal(steal.statusCode, 404);
    assert.equal(steal.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal((await call(h.app, 'GET', '/api/admin/exports', mine.admin)).body.items.length, 0);

    const worker = await call(h.app, 'POST', '/api/admin/exports', mine.worker);
    assert.equal(worker.status, 403);
    assert.equal(worker.body.code, 'forbidden');
  });

  it('one export at a time per municipality', async () => {
    const o = await office();
    const [a, b] = await Promise.all([call(h.app, 'POST', '/api/admin/exports', o.admin), call(h.app, 'POST', '/api/admin/exports', o.admin)]);
    assert.deepEqual([a.status, b.status].sort(), [202, 409]);
    const refused = a.status === 409 ? a : b;
    assert.equal(refused.body.code, 'export_running');
    await finished(o.admin, (a.status === 202 ? a : b).body.id);
  });
});
