import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { createCase, createTenant, createUser, type TestTenant } from '../../test/factories.js';
import type { Applicant } from '../db/schema.js';
import { startMailboxStandIn } from '../../test/mailbox-standin.js';

const ADDRESS = { street: 'Lindenweg', houseNumber: '7', postalCode: '24103', city: 'Kiel' };

describeEachDatabase('message route: which way a message goes, and why', (t) => {
  let h: TestApp;
  let standIn: Awaited<ReturnType<typeof startMailboxStandIn>>;
  before(async () => {
    h = await createTestApp(t.db);
    standIn = await startMailboxStandIn({ token: 'tok' });
  });
  after(async () => {
    await standIn?.close();
    await h?.close();
  });

  async function world(external: boolean) {
    const tenant = await createTenant(t.db);
    const caseworker = await createUser(t.db, { tenant, roles: ['caseworker'] });
    if (external) {
      const admin = await createUser(t.db, { tenant, roles: ['admin'] });
      const put = await h.app.inject({ method: 'PUT', url: '/api/mailbox/settings', headers: await sessionHeaders(t.db, admin), payload: { externalBaseUrl: standIn.baseUrl, token: 'tok' } });
      assert.equal(put.statusCode, 200, put.body);
    }
    return { tenant, headers: await sessionHeaders(t.db, caseworker) };
  }
  const caseOf = (tenant: TestTenant, applicant: Partial<Applicant>) =>
    createCase(t.db, { tenant, applicant: { kind: 'person', firstName: 'Jonas', lastName: 'Weber', ...applicant } as Applicant });
  const route = async (caseId: string, headers: Record<string, string>) => {
    const res = await h.app.inject({ method: 'GET', url: `/api/cases/${caseId}/messages/route`, headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { channel: string | null; label: string; reason: string; missing: string[]; letterPossible: boolean };
  };
  const send = (caseId: string, headers: Record<string, string>, extra: Record<string, unknown> = {}) =>
    h.app.inject({ method: 'POST', url: `/api/cases/${caseId}/messages`, headers, payload: { subject: 'Rückfrage', body: 'Bitte Nachweis senden.', ...extra } });

  it('a mailbox id and the tenant\'s external service: the external service, and sending uses the same way', async () => {
    const w = await world(true);
    const kase = await caseOf(w.tenant, { email: 'jonas@example.org', mailbox: { identifier: 'pf-1', type: 'OSI' }, address: ADDRESS });
    const r = await route(kase.id, w.headers);
    assert.equal(r.channel, 'external');
    assert.equal(r.label, 'Externer Postfachdienst der Kommune');
    assert.match(r.reason, /nicht eingerichtet.*externen Postfachdienst Ihrer Kommune \(Postfach „pf-1“\)/);
    assert.deepEqual(r.missing, []);
    const sent = await send(kase.id, w.headers);
    assert.equal(sent.statusCode, 201, sent.body);
    assert.equal(sent.json().channel, 'external');
  });

  it('a mailbox id without an external service, and an e-mail: e-mail with portal link, the reason says why', async () => {
    const w = await world(false);
    const kase = await caseOf(w.tenant, { email: 'jonas@example.org', mailbox: { identifier: 'pf-2', type: 'OSI' } });
    const r = await route(kase.id, w.headers);
    assert.equal(r.channel, 'portal');
    assert.equal(r.label, 'E-Mail mit Link zum Bürgerportal');
    assert.match(r.reason, /Einen externen Postfachdienst hat Ihre Kommune nicht eingerichtet\. Die Nachricht geht deshalb über das Bürgerportal; die E-Mail an jonas@example\.org sagt nur, dass etwas wartet/);
    assert.equal(r.letterPossible, false);
    assert.equal((await send(kase.id, w.headers)).json().channel, 'portal');
  });

  it('e-mail only: the portal, and the missing Postfach is named', async () => {
    const w = await world(true);
    const kase = await caseOf(w.tenant, { email: 'jonas@example.org' });
    const r = await route(kase.id, w.headers);
    assert.equal(r.channel, 'portal');
    assert.deepEqual(r.missing, ['Postfach eines Nutzerkontos (BundID, BayernID, OSI oder Unternehmenskonto)']);
  });

  it('address only: the letter is the way, but sending without asking for it is refused with the missing data and the hint', async () => {
    const w = await world(true);
    const kase = await caseOf(w.tenant, { address: ADDRESS });
    const r = await route(kase.id, w.headers);
    assert.equal(r.channel, 'letter');
    assert.equal(r.label, 'Brief per Post');
    assert.equal(r.letterPossible, true);
    assert.match(r.reason, /nur als Brief an Lindenweg 7, 24103 Kiel/);
    assert.deepEqual(r.missing, ['Postfach eines Nutzerkontos (BundID, BayernID, OSI oder Unternehmenskonto)', 'E-Mail-Adresse']);

    const refused = await send(kase.id, w.headers);
    assert.equal(refused.statusCode, 422);
    assert.match(String(refused.headers['content-type']), /application\/problem\+json/);
    const problem = refused.json();
    assert.equal(problem.code, 'no_electronic_route');
    assert.match(problem.detail, /Es fehlt: Postfach eines Nutzerkontos .*; E-Mail-Adresse\. Sie können die Nachricht stattdessen als Brief erstellen/);
    assert.equal(problem.letterPossible, true);
    assert.deepEqual(problem.missing, r.missing);
    const list = await h.app.inject({ method: 'GET', url: `/api/cases/${kase.id}/messages`, headers: w.headers });
    assert.equal(list.json().items.length, 0, 'a refused message leaves nothing behind');
  });

  it('nothing at all: no way, the address is named as missing too, and a letter cannot be forced', async () => {
    const w = await world(false);
    const kase = await caseOf(w.tenant, { email: 'kein Mail', address: { city: 'Kiel' } });
    const r = await route(kase.id, w.headers);
    assert.equal(r.channel, null);
    assert.equal(r.letterPossible, false);
    assert.equal(r.missing.at(-1), 'Postanschrift (Straße, Postleitzahl, Ort)');
    const refused = await send(kase.id, w.headers);
    assert.equal(refused.json().code, 'no_electronic_route');
    assert.match(refused.json().detail, /Für einen Brief fehlt auch die Postanschrift/);
    const letter = await send(kase.id, w.headers, { deliverAs: 'letter' });
    assert.equal(letter.statusCode, 422);
    assert.equal(letter.json().code, 'letter_without_address');
    assert.equal(letter.json().field, 'applicant.address');
  });

  it('another tenant\'s case answers 404, and a reader may not ask (same permission as sending)', async () => {
    const mine = await world(false);
    const other = await world(false);
    const kase = await caseOf(mine.tenant, { email: 'jonas@example.org' });
    const foreign = await h.app.inject({ method: 'GET', url: `/api/cases/${kase.id}/messages/route`, headers: other.headers });
    assert.equal(foreign.statusCode, 404);
    assert.doesNotMatch(foreign.body, /jonas/);
    const reader = await createUser(t.db, { tenant: mine.tenant, roles: ['reader'] });
    const read = await h.app.inject({ method: 'GET', url: `/api/cases/${kase.id}/messages/route`, headers: await sessionHeaders(t.db, reader) });
    assert.equal(read.statusCode, 403);
  });
});
