import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { createOrgUnit, createUser } from '../../test/factories.js';
import { startOutboxWorker } from '../main/outbox.js';
import { intakeWorld, multipart, ozgDocument } from '../../test/intake-kit.js';

describeEachDatabase('intake: caseworkers are told about new cases by e-mail when the tenant wants it', (t) => {
  let h: TestApp;
  let smtp: SMTPServer;
  const received: Array<{ to: string[]; raw: string }> = [];
  before(async () => {
    smtp = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8').replace(/\r?\n[ \t]+/g, ' ') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    h = await createTestApp(t.db, { smtp: { host: '127.0.0.1', port: (smtp.server.address() as AddressInfo).port, secure: false, from: 'Amtsdesk <amtsdesk@kiel.example>' } });
  });
  after(async () => {
    await h.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const submit = async (w: Awaited<ReturnType<typeof intakeWorld>>) => {
    const body = multipart([{ name: 'formData', data: JSON.stringify(ozgDocument()) }]);
    const res = await h.app.inject({ method: 'POST', url: '/antrag', headers: { ...w.headers, ...body.headers }, payload: body.payload });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { vorgangId: string; vorgangNummer: string };
  };
  const mailsFor = async (tenantId: string) =>
    (await t.adminQuery<{ payload: { to: string } }>(`select payload from outbox where tenant_id = $1 and kind = 'email'`, [tenantId])).map((r) => r.payload.to).sort();

  it('mails the intake staff of the case’s org unit (and those for all units), nobody else, without applicant data', async () => {
    const w = await intakeWorld(t, { ags: '01007001' });
    const other = await createOrgUnit(t.db, { tenant: w.tenant, name: 'Bauamt', shortCode: 'BAU' });
    await createUser(t.db, { tenant: w.tenant, roles: ['intake'], email: 'poststelle.steuer@kiel.example', orgUnitIds: [w.unit.id] });
    await createUser(t.db, { tenant: w.tenant, roles: ['intake'], email: 'poststelle.zentral@kiel.example', orgUnitIds: [] });
    await createUser(t.db, { tenant: w.tenant, roles: ['intake'], email: 'poststelle.bau@kiel.example', orgUnitIds: [other.id] });
    await createUser(t.db, { tenant: w.tenant, roles: ['caseworker'], email: 'sachbearbeitung@kiel.example', orgUnitIds: [w.unit.id] });
    const admin = await createUser(t.db, { tenant: w.tenant, roles: ['admin'] });
    const put = await h.app.inject({ method: 'PUT', url: '/api/admin/intake-settings', headers: await sessionHeaders(t.db, admin), payload: { notifyEmail: true, allowExecutables: false } });
    assert.equal(put.statusCode, 200, put.body);

    const kase = await submit(w);
    // The mails are recorded when the outbox delivers the case's 'case.created' notice.
    const worker = startOutboxWorker({ db: t.db, config: h.config, pollMs: 60_000 });
    try {
      while ((await worker.runOnce()) > 0);
    } finally {
      await worker.stop();
    }
    assert.deepEqual(await mailsFor(w.tenant.id), ['poststelle.steuer@kiel.example', 'poststelle.zentral@kiel.example']);
    const mails = received.filter((m) => m.to.some((to) => to.endsWith('@kiel.example')));
    assert.equal(mails.length, 2);
    assert.match(mails[0]!.raw, new RegExp(kase.vorgangNummer));
    assert.doesNotMatch(mails[0]!.raw, /Müller|Bello/);
  });

  it('sends nothing while the setting is off (the default)', async () => {
    const w = await intakeWorld(t, { ags: '01007002' });
    await createUser(t.db, { tenant: w.tenant, roles: ['intake'], email: 'poststelle@ploen.example' });
    await submit(w);
    const worker = startOutboxWorker({ db: t.db, config: h.config, pollMs: 60_000 });
    try {
      while ((await worker.runOnce()) > 0);
    } finally {
      await worker.stop();
    }
    assert.deepEqual(await mailsFor(w.tenant.id), []);
  });
});
