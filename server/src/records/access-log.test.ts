import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';
import { createCase, createUser } from '../../test/factories.js';
import { withTenant } from '../db/database.js';
import { addAttachment } from '../cases/service.js';
import { Readable } from 'node:stream';
import { pruneAccessLog } from './access-log.js';

describeEachDatabase('access log: who read which case, for the admin and the data-protection officer', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h.close());

  async function office() {
    const desk = await deskTenant(t.db);
    const admin = await sessionHeaders(t.db, await createUser(t.db, { tenant: desk.tenant, roles: ['admin'] }));
    const privacy = await sessionHeaders(t.db, await createUser(t.db, { tenant: desk.tenant, roles: ['privacy'] }));
    return { ...desk, admin, privacy };
  }

  it('opening a case and downloading its file are recorded with person, case and what; filters by person, case and period', async () => {
    const o = await office();
    const kase = await createCase(t.db, { tenant: o.tenant, serviceId: o.service.id });
    const other = await createCase(t.db, { tenant: o.tenant, serviceId: o.service.id });
    const stored = await h.blobs.put(Readable.from([Buffer.from('%PDF-1.4 Bauzeichnung')]));
    const file = await withTenant(t.db, { tenantId: o.tenant.id }, (trx) =>
      addAttachment(trx, o.tenant.id, kase.id, { fileName: 'Bauzeichnung.pdf', mimeType: 'application/pdf', sizeBytes: stored.sizeBytes, sha256: stored.sha256 }, { kind: 'system', id: null, name: 'Test' }));

    assert.equal((await call(h.app, 'GET', `/api/cases/${kase.id}`, o.headers)).status, 200);
    const download = await h.app.inject({ method: 'GET', url: `/api/cases/${kase.id}/attachments/${file.id}/content`, headers: o.headers });
    assert.equal(download.statusCode, 200);
    assert.equal((await call(h.app, 'GET', `/api/cases/${other.id}`, o.admin)).status, 200);
    assert.equal((await call(h.app, 'GET', `/api/cases/${crypto.randomUUID()}`, o.headers)).status, 404);

    const all = await call(h.app, 'GET', '/api/access-log', o.privacy);
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.deepEqual(all.body.items.map((e: { action: string; caseNumber: string; actor: { name: string } }) => [e.action, e.caseNumber, e.actor.name]), [
      ['case_opened', other.caseNumber, 'Max Sachbearbeiter'],
      ['attachment_downloaded', kase.caseNumber, 'Max Sachbearbeiter'],
      ['case_opened', kase.caseNumber, 'Max Sachbearbeiter'],
    ], 'newest first; a failed open (404) is not a read');
    assert.equal(all.body.items.length, 3);
    assert.equal(all.body.items[1].objectId, file.id, 'the file by id, never by name');
    assert.ok(!JSON.stringify(all.body).includes('Bauzeichnung'), 'no file name (personal data) in the log');

    const worker = all.body.items.find((e: { action: string }) => e.action === 'attachment_downloaded').actor.id;
    const byPerson = await call(h.app, 'GET', `/api/access-log?actorId=${worker}`, o.admin);
    assert.deepEqual(byPerson.body.items.map((e: { action: string }) => e.action).sort(), ['attachment_downloaded', 'case_opened']);
    const byCase = await call(h.app, 'GET', `/api/access-log?caseNumber=${encodeURIComponent(other.caseNumber)}`, o.admin);
    assert.equal(byCase.body.items.length, 1);
    const today = new Date().toISOString().slice(0, 10);
    assert.equal((await call(h.app, 'GET', `/api/access-log?from=${today}&to=${today}`, o.admin)).body.items.length, 3);
    assert.equal((await call(h.app, 'GET', '/api/access-log?to=2020-01-01', o.admin)).body.items.length, 0);
  });

  it('only the admin and the data-protection officer may read it, and only their own tenant', async () => {
    const a = await office();
    const b = await office();
    const kase = await createCase(t.db, { tenant: a.tenant, serviceId: a.service.id });
    await call(h.app, 'GET', `/api/cases/${kase.id}`, a.headers);
    assert.equal((await call(h.app, 'GET', '/api/access-log', a.headers)).status, 403, 'caseworkers cannot see who read what');
    const foreign = await call(h.app, 'GET', '/api/access-log', b.privacy);
    assert.equal(foreign.status, 200);
    assert.ok(!foreign.body.items.some((e: { caseId: string }) => e.caseId === kase.id), "another tenant's reads stay invisible");
    const bad = await call(h.app, 'GET', '/api/access-log?from=gestern', a.admin);
    assert.equal(bad.status, 400);
  });

  it('entries past the log’s own retention are deleted', async () => {
    const o = await office();
    const kase = await createCase(t.db, { tenant: o.tenant, serviceId: o.service.id });
    await call(h.app, 'GET', `/api/cases/${kase.id}`, o.headers);
    assert.equal((await call(h.app, 'GET', '/api/access-log', o.admin)).body.items.length, 1);
    assert.equal(await pruneAccessLog(t.db, [o.tenant.id], new Date(Date.now() - 60_000)), 0, 'younger entries stay');
    assert.equal(await pruneAccessLog(t.db, [o.tenant.id], new Date(Date.now() + 60_000)), 1);
    assert.equal((await call(h.app, 'GET', '/api/access-log', o.admin)).body.items.length, 0);
  });
});
