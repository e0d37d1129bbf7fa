import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../../test/app.js';
import { createCase, createTenant, createUser, type TestTenant } from '../../../test/factories.js';
import { makeCertificate, startFitConnectZbpBridge, startPostfachGateway, startZbpRest } from '../../../test/postfach-standins.js';
import { withTenant } from '../../db/database.js';
import type { Applicant } from '../../db/schema.js';
import { drainOutbox, multipart, PDF } from '../../../test/mailbox-kit.js';
import { pollPostfachGateways } from './polling.js';

const authority = makeCertificate('Stadt Musterstadt');
const DESTINATION = '6f9f2c1e-5b7d-4a3c-9e1f-2d8b7a6c5e4f';
const TRANSACTION = '3f2b8c1a-9d4e-4f6a-8b7c-1e2d3c4b5a69';
const BUND_MAILBOX = 'e0e02494-eca2-4a6b-9320-fc527747878c';

describeEachDatabase('Postfach adapters against their stand-ins', (t) => {
  let h: TestApp;
  let fit: Awaited<ReturnType<typeof startFitConnectZbpBridge>>;
  let rest: Awaited<ReturnType<typeof startZbpRest>>;
  let gateway: Awaited<ReturnType<typeof startPostfachGateway>>;
  before(async () => {
    h = await createTestApp(t.db, { outbox: { backoffBaseMs: 1, backoffMaxMs: 1 } });
    fit = await startFitConnectZbpBridge({ clientId: 'amtsdesk', clientSecret: 'fit-secret-fit-secret', destinationId: DESTINATION, authorCertificate: authority.cert });
    rest = await startZbpRest({ authorCertificate: authority.cert });
    gateway = await startPostfachGateway({ clientId: 'muk-client', clientSecret: 'muk-secret-muk-secret' });
  });
  after(async () => {
    await Promise.all([fit?.close(), rest?.close(), gateway?.close()]);
    await h?.close();
  });

  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: unknown) =>
    h.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as never } : {}) });

  async function tenantWith(channel: string, settings: object) {
    const tenant = await createTenant(t.db);
    const admin = await createUser(t.db, { tenant, roles: ['admin'] });
    const res = await inject('PUT', `/api/mailbox/postfach/${channel}`, await sessionHeaders(t.db, admin), { ...settings, enabled: true });
    assert.equal(res.statusCode, 200, res.body);
    return tenant;
  }

  async function caseOf(tenant: TestTenant, applicant: Applicant) {
    const user = await createUser(t.db, { tenant, roles: ['caseworker'], email: `sb-${Math.random().toString(36).slice(2)}@amt.example` });
    const created = await createCase(t.db, { tenant, applicant, title: 'Gewerbeanmeldung', transactionId: TRANSACTION, channel: 'ozg' });
    await withTenant(t.db, { tenantId: tenant.id }, (trx) => trx.updateTable('cases').set({ assignee_id: user.id }).where('id', '=', created.id).execute());
    return { caseId: created.id, caseNumber: created.caseNumber, headers: await sessionHeaders(t.db, user) };
  }

  async function sendWithPdf(kase: { caseId: string; headers: Record<string, string> }, subject: string) {
    const form = multipart([
      { name: 'subject', value: subject }, { name: 'body', value: 'Bitte reichen Sie den Handelsregisterauszug nach.' },
      { name: 'attachment', value: PDF, fileName: 'Hinweise.pdf', contentType: 'application/pdf' },
    ]);
    const res = await inject('POST', `/api/cases/${kase.caseId}/messages`, { ...kase.headers, ...form.headers }, form.payload);
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; channel: string };
  }
  const messages = async (kase: { caseId: string; headers: Record<string, string> }) =>
    (await inject('GET', `/api/cases/${kase.caseId}/messages`, kase.headers)).json().items as Array<Record<string, any>>;

  async function transition(kase: { caseId: string; headers: Record<string, string> }, action: string) {
    const detail = (await inject('GET', `/api/cases/${kase.caseId}`, kase.headers)).json();
    const res = await inject('POST', `/api/cases/${kase.caseId}/transitions`, kase.headers, { action, version: detail.version });
    assert.equal(res.statusCode, 200, res.body);
  }

  const company: Applicant = {
    kind: 'organisation', organisationName: 'Muster Bau GmbH', email: 'info@musterbau.example',
    mailbox: { identifier: 'muk-7f3a-22c1', type: 'unternehmen', accountType: 'unternehmen', trustLevel: 'STORK-QAA-Level-3' },
  };
  const citizen: Applicant = {
    kind: 'person', firstName: 'Erika', lastName: 'Mustermann',
    mailbox: { identifier: BUND_MAILBOX, type: 'BUND_ID', accountType: 'BUND_ID', trustLevel: 'STORK-QAA-Level-4' },
  };

  it('answers an OZG organisation account through Mein Unternehmenskonto with the attachment, and its reply comes back into the case', async () => {
    const tenant = await tenantWith('muk', { baseUrl: gateway.baseUrl, tokenUrl: gateway.tokenUrl, clientId: 'muk-client', clientSecret: 'muk-secret-muk-secret' });
    const kase = await caseOf(tenant, company);
    const sent = await sendWithPdf(kase, 'Rückfrage zur Gewerbeanmeldung');
    assert.equal(sent.channel, 'muk');
    await drainOutbox(t.db, h.config);
    const got = gateway.received.find((m) => m.reference === sent.id)!;
    assert.equal(got.mailboxId, 'muk-7f3a-22c1');
    assert.equal(got.subject, 'Rückfrage zur Gewerbeanmeldung');
    assert.deepEqual(Buffer.from(got.attachments[0].content, 'base64'), PDF);
    assert.equal((await messages(kase)).find((m) => m.id === sent.id)!.deliveryStatus, 'delivered');

    gateway.replies.push({ id: 'muk-reply-1', reference: sent.id, subject: 'AW: Rückfrage', content: 'Anbei der Auszug.', attachments: [{ fileName: 'Auszug.pdf', mimeType: 'application/pdf', content: PDF.toString('base64') }] });
    assert.equal(await pollPostfachGateways({ db: t.db, config: h.config, blobs: h.blobs }), 1);
    assert.equal(await pollPostfachGateways({ db: t.db, config: h.config, blobs: h.blobs }), 0, 'the cursor moved on');
    const reply = (await messages(kase)).find((m) => m.direction === 'in')!;
    assert.equal(reply.channel, 'muk');
    assert.equal(reply.inReplyTo, sent.id);
    assert.equal(reply.body, 'Anbei der Auszug.');
    assert.equal(reply.attachments[0].fileName, 'Auszug.pdf');
  });

  it('delivers a BundID message with attachment through the FIT-Connect bridge, signed, and status changes reach the status monitor', async () => {
    const tenant = await tenantWith('bundid', {
      mode: 'fit_connect', baseUrl: fit.submissionUrl, tokenUrl: fit.tokenUrl, destinationUrl: fit.destinationUrl, destinationId: DESTINATION,
      clientId: 'amtsdesk', clientSecret: 'fit-secret-fit-secret', signingKey: authority.key, certificate: authority.cert, statusMonitor: true,
      replyAddress: 'gewerbe@musterstadt.example',
    });
    const kase = await caseOf(tenant, citizen);
    const sent = await sendWithPdf(kase, 'Ihre Gewerbeanmeldung');
    assert.equal(sent.channel, 'bundid');
    await drainOutbox(t.db, h.config);
    assert.deepEqual(fit.refusals, []);
    const message = fit.deliveries.find((d) => d.service === 'message' && d.payload.reference === kase.caseNumber)!;
    assert.equal(message.signer, 'Stadt Musterstadt');
    assert.equal(message.payload.mailboxUuid, BUND_MAILBOX);
    assert.equal(message.payload.title, 'Ihre Gewerbeanmeldung');
    assert.equal(message.payload.stork_qaa_level, 4);
    assert.equal(message.payload.service, 'Gewerbeanmeldung');
    assert.equal(message.payload.applicationId, TRANSACTION);
    assert.equal(message.payload.replyAddress, 'gewerbe@musterstadt.example');
    assert.deepEqual(message.attachments.map((a) => [a.filename, a.bytes.equals(PDF)]), [['Hinweise.pdf', true]]);
    assert.equal((await messages(kase)).find((m) => m.id === sent.id)!.deliveryStatus, 'sent');

    await transition(kase, 'accept');
    await drainOutbox(t.db, h.config);
    await transition(kase, 'start');
    await drainOutbox(t.db, h.config);
    const states = fit.deliveries.filter((d) => d.service === 'state' && d.payload.reference === kase.caseNumber).map((d) => d.payload);
    assert.deepEqual(states.map((s) => [s.status, s.statusDetails.de]), [['RECEIVED', 'Angenommen'], ['PROCESSING', 'In Bearbeitung']]);

    // Two changes queued at once are delivered in parallel: the monitor ends on the current state,
    // an overtaken older state is not sent after it.
    const other = await tenantWith('bundid', {
      mode: 'fit_connect', baseUrl: fit.submissionUrl, tokenUrl: fit.tokenUrl, destinationUrl: fit.destinationUrl, destinationId: DESTINATION,
      clientId: 'amtsdesk', clientSecret: 'fit-secret-fit-secret', signingKey: authority.key, certificate: authority.cert, statusMonitor: true,
    });
    const quick = await caseOf(other, citizen);
    const seen = fit.deliveries.length;
    await transition(quick, 'accept');
    await transition(quick, 'start');
    await drainOutbox(t.db, h.config);
    const quickStates = fit.deliveries.slice(seen).filter((d) => d.service === 'state').map((d) => d.payload.status);
    assert.deepEqual(quickStates, ['PROCESSING']);
    assert.equal(states[0]!.applicationId, TRANSACTION);
    assert.deepEqual(states[0]!.publicServiceName, { de: 'Gewerbeanmeldung' });
    assert.match(states[0]!.senderName, /^Teststadt /);
  });

  it('delivers to the ZBP REST interface with the BPKI certificate as TLS client certificate, messages and status', async () => {
    const tenant = await tenantWith('bundid', { mode: 'rest', baseUrl: rest.baseUrl, tlsCa: rest.ca, signingKey: authority.key, certificate: authority.cert, statusMonitor: true });
    const kase = await caseOf(tenant, citizen);
    const sent = await sendWithPdf(kase, 'Bescheid folgt');
    await transition(kase, 'accept');
    await drainOutbox(t.db, h.config);
    const mine = rest.deliveries.filter((d) => (d.payload.reference ?? '') === kase.caseNumber);
    assert.deepEqual(mine.map((d) => d.service).sort(), ['message', 'state']);
    const message = mine.find((d) => d.service === 'message')!;
    assert.equal(message.payload.mailboxUuid, BUND_MAILBOX);
    assert.ok(message.attachments[0]!.bytes.equals(PDF));
    assert.equal((await messages(kase)).find((m) => m.id === sent.id)!.deliveryStatus, 'sent');
  });

  it('a tenant without the status monitor sends no status; a switched-off adapter fails the queued message with a clear reason', async () => {
    const tenant = await tenantWith('muk', { baseUrl: gateway.baseUrl, tokenUrl: gateway.tokenUrl, clientId: 'muk-client', clientSecret: 'muk-secret-muk-secret' });
    const kase = await caseOf(tenant, company);
    const sent = await sendWithPdf(kase, 'Wird nicht zugestellt');
    const admin = await createUser(t.db, { tenant, roles: ['admin'] });
    await inject('PUT', '/api/mailbox/postfach/muk', await sessionHeaders(t.db, admin), { enabled: false });
    const before = fit.deliveries.length + rest.deliveries.length;
    await transition(kase, 'accept');
    await drainOutbox(t.db, h.config);
    assert.equal(fit.deliveries.length + rest.deliveries.length, before);
    const failed = (await messages(kase)).find((m) => m.id === sent.id)!;
    assert.equal(failed.deliveryStatus, 'failed');
    assert.equal(failed.failureReason, 'Adapter nicht eingerichtet: Postfach von Mein Unternehmenskonto ist bei dieser Kommune nicht eingeschaltet');
    assert.ok(!gateway.received.some((m) => m.reference === sent.id));
  });
});
