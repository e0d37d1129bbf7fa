import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, tokenHeaders, type TestApp } from '../../test/app.js';
import { createOrgUnit, createService, createTenant, createUser } from '../../test/factories.js';
import { intelliformPostkorbDeposit, LEIKA_GEWERBE, LEIKA_MELDEBESCHEINIGUNG, ozgCompanyApplication } from '../../test/fixtures/applicants.js';
import { startPostfachGateway } from '../../test/postfach-standins.js';
import { withTenant } from '../db/database.js';
import type { Applicant } from '../db/schema.js';
import { multipart, platformHeaders } from '../../test/intake-kit.js';
import { drainOutbox } from '../../test/mailbox-kit.js';

let n = 0;
const unique = () => `${Date.now() % 1e6}${n++}`;

/*
 * Issue #13 end to end: real submissions from two form systems arrive, are routed by an identifier
 * the admin mapped, carry the right applicant, and every applicant can be answered — through the
 * Postfach of their account (a gateway stand-in speaking the adapter's protocol), by e-mail with a
 * portal link, and by printed letter.
 */
describeEachDatabase('every real applicant can be answered', (t) => {
  let h: TestApp;
  let gateway: Awaited<ReturnType<typeof startPostfachGateway>>;
  before(async () => {
    h = await createTestApp(t.db, { outbox: { backoffBaseMs: 1, backoffMaxMs: 1 } });
    gateway = await startPostfachGateway({ clientId: 'postfach-client', clientSecret: 'postfach-secret-postfach' });
  });
  after(async () => {
    await gateway?.close();
    await h?.close();
  });
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: object) =>
    h.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function municipality(leikaKey: string, name: string) {
    const tenant = await createTenant(t.db, { name });
    const unit = await createOrgUnit(t.db, { tenant, name: 'Bürgerbüro', shortCode: `BB${unique()}` });
    await createService(t.db, { tenant, orgUnitId: unit.id, leikaKey, name: 'Antrag' });
    const admin = await sessionHeaders(t.db, await createUser(t.db, { tenant, roles: ['admin'] }));
    const caseworker = await sessionHeaders(t.db, await createUser(t.db, { tenant, roles: ['caseworker'] }));
    return { tenant, unit, admin, caseworker };
  }
  const enablePostfach = async (admin: Record<string, string>, channel: string) => {
    const res = await api('PUT', `/api/mailbox/postfach/${channel}`, admin, {
      enabled: true, baseUrl: gateway.baseUrl, tokenUrl: gateway.tokenUrl, clientId: 'postfach-client', clientSecret: 'postfach-secret-postfach',
    });
    assert.equal(res.statusCode, 200, res.body);
  };
  const applicantOf = async (tenantId: string, caseId: string) =>
    (await withTenant(t.db, { tenantId }, (trx) => trx.selectFrom('cases').select('applicant').where('id', '=', caseId).executeTakeFirstOrThrow())).applicant as unknown as Applicant;
  const send = (caseId: string, headers: Record<string, string>, extra: object = {}) =>
    api('POST', `/api/cases/${caseId}/messages`, headers, { subject: 'Rückfrage zu Ihrem Antrag', body: 'Bitte reichen Sie den fehlenden Nachweis nach.', ...extra });

  it('an OZG /antrag of a company, routed by its zustaendigeStelle: answered in its account Postfach, by e-mail and by letter', async () => {
    const kiel = await municipality(LEIKA_GEWERBE, 'Landeshauptstadt Kiel');
    await municipality(LEIKA_GEWERBE, 'Stadt Neumünster'); // offers the same service: only the identifier decides
    const stelle = `1970${unique()}`;
    const mapped = await api('POST', '/api/admin/routing-identifiers', kiel.admin, { scheme: 'ozg_zustaendige_stelle', value: stelle, orgUnitId: kiel.unit.id });
    assert.equal(mapped.statusCode, 201, mapped.body);
    const doc = ozgCompanyApplication();
    doc.control.zustaendigeStelle = stelle;
    const body = multipart([{ name: 'formData', contentType: 'application/json', data: JSON.stringify(doc) }]);
    const arrived = await h.app.inject({ method: 'POST', url: '/antrag', headers: { ...(await platformHeaders(t)), ...body.headers }, payload: body.payload });
    assert.equal(arrived.statusCode, 201, arrived.body);
    const caseId = arrived.json().vorgangId as string;

    const applicant = await applicantOf(kiel.tenant.id, caseId);
    assert.equal(applicant.kind, 'organisation', 'the form marks a company');
    assert.ok(applicant.mailbox?.identifier, 'the Postfach reference of the account');

    // Without an adapter for the account: the e-mail from the form, with a portal link.
    const byMail = await api('GET', `/api/cases/${caseId}/messages/route`, kiel.caseworker);
    assert.equal(byMail.statusCode, 200, byMail.body);
    assert.equal(byMail.json().channel, 'portal');
    assert.match(byMail.json().reason, /nicht eingerichtet/);
    const mailed = await send(caseId, kiel.caseworker);
    assert.equal(mailed.statusCode, 201, mailed.body);
    await drainOutbox(t.db, h.config);
    const notices = await withTenant(t.db, { tenantId: kiel.tenant.id }, (trx) =>
      trx.selectFrom('outbox').select('payload').where('kind', '=', 'email').execute());
    assert.ok(notices.some((row) => JSON.stringify(row.payload).includes(applicant.email!)), 'the notice went to the e-mail address of the form');

    // With the adapter of the account (an OSI Servicekonto, company Postfach) switched on: into that Postfach.
    assert.equal(applicant.mailbox!.type, 'osi');
    const postfach = 'osi';
    await enablePostfach(kiel.admin, postfach);
    const route = (await api('GET', `/api/cases/${caseId}/messages/route`, kiel.caseworker)).json();
    assert.equal(route.channel, postfach, JSON.stringify(route));
    const sent = await send(caseId, kiel.caseworker);
    assert.equal(sent.statusCode, 201, sent.body);
    assert.equal(sent.json().channel, postfach);
    await drainOutbox(t.db, h.config);
    const got = gateway.received.find((m) => m.reference === sent.json().id);
    assert.ok(got, 'the Postfach stand-in received the message');
    assert.equal(got.mailboxId, applicant.mailbox!.identifier);

    // And on paper.
    const letter = await send(caseId, kiel.caseworker, { deliverAs: 'letter' });
    assert.equal(letter.statusCode, 201, letter.body);
    assert.equal(letter.json().channel, 'letter');
    const pdf = await h.app.inject({ method: 'GET', url: `/api/cases/${caseId}/messages/${letter.json().id}/letter`, headers: kiel.caseworker });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  });

  it('an intelliForm deposit with a BayernID Postkorb: a person, answered by e-mail until the Postkorb adapter is on, then in the Postkorb', async () => {
    const munich = await municipality(LEIKA_MELDEBESCHEINIGUNG, 'Landeshauptstadt München');
    const intake = await tokenHeaders(t.db, munich.tenant.id, ['intake:submit']);
    const res = await h.app.inject({
      method: 'POST', url: '/api/intake/intelliform', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
      payload: intelliformPostkorbDeposit({ token: intake.authorization!.slice('Bearer '.length) }),
    });
    assert.equal(res.statusCode, 200, res.body);
    const caseId = /([0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12})/.exec(res.body)![1]!;
    const applicant = await applicantOf(munich.tenant.id, caseId);
    assert.equal(applicant.kind, 'person');
    assert.equal(applicant.mailbox?.type, 'bayernid');

    assert.equal((await api('GET', `/api/cases/${caseId}/messages/route`, munich.caseworker)).json().channel, 'portal');
    await enablePostfach(munich.admin, 'bayernid');
    const route = (await api('GET', `/api/cases/${caseId}/messages/route`, munich.caseworker)).json();
    assert.equal(route.channel, 'bayernid');
    assert.match(route.reason, /Postfach dieses Kontos/);
    const sent = await send(caseId, munich.caseworker);
    assert.equal(sent.statusCode, 201, sent.body);
    await drainOutbox(t.db, h.config);
    assert.equal(gateway.received.find((m) => m.reference === sent.json().id)?.mailboxId, applicant.mailbox!.identifier);
  });
});
