import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { createTenant, createUser } from '../../test/factories.js';
import { startMailboxStandIn } from '../../test/mailbox-standin.js';
import { applicantCase, drainOutbox, multipart, PDF } from '../../test/mailbox-kit.js';
import { pollExternalMailboxes } from './updates.js';
import { signMailboxBody } from './webhook.js';

const SECRET = 'geheim-geheim-geheim-1234';

describeEachDatabase('external mailbox service', (t) => {
  let h: TestApp;
  let standIn: Awaited<ReturnType<typeof startMailboxStandIn>>;
  before(async () => {
    h = await createTestApp(t.db, { outbox: { backoffBaseMs: 1, backoffMaxMs: 1 } });
    const refused = new Set<string>();
    // The service refuses the first attempt of the message titled "Abgelehnt".
    standIn = await startMailboxStandIn({
      token: 'service-token',
      status: (_n, m) => (m.body.subject === 'Abgelehnt' && !refused.has(m.body.reference) ? (refused.add(m.body.reference), 400) : 201),
    });
  });
  after(async () => {
    await standIn?.close();
    await h?.close();
  });

  const inject = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: unknown) =>
    h.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });

  async function externalTenant() {
    const tenant = await createTenant(t.db);
    const admin = await createUser(t.db, { tenant, roles: ['admin'] });
    const put = await inject('PUT', '/api/mailbox/settings', await sessionHeaders(t.db, admin), {
      externalBaseUrl: standIn.baseUrl, token: 'service-token', webhookSecret: SECRET,
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().hasToken, true);
    assert.ok(!JSON.stringify(put.json()).includes('service-token'), 'secrets are never read back');
    const kase = await applicantCase(t.db, tenant, 'ida@example.org', 'postfach-4711');
    return { tenant, kase };
  }

  async function send(kase: { caseId: string; headers: Record<string, string> }, subject: string, withPdf = false) {
    const form = multipart([
      { name: 'subject', value: subject }, { name: 'body', value: 'Bitte senden Sie uns den Nachweis.' },
      ...(withPdf ? [{ name: 'attachment', value: PDF, fileName: 'Formular.pdf', contentType: 'application/pdf' }] : []),
    ]);
    const res = await inject('POST', `/api/cases/${kase.caseId}/messages`, { ...kase.headers, ...form.headers }, form.payload);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().channel, 'external');
    return res.json().id as string;
  }
  const messageOf = async (kase: { caseId: string; headers: Record<string, string> }, id: string) =>
    (await inject('GET', `/api/cases/${kase.caseId}/messages`, kase.headers)).json().items.find((m: { id: string }) => m.id === id);

  it('sends to the mailbox id with subject, content and base64 attachments; a refused message fails and can be retried', async () => {
    const { kase } = await externalTenant();
    const first = await send(kase, 'Rückfrage', true);
    await drainOutbox(t.db, h.config);
    const got = standIn.requests.find((r) => r.body.reference === first)!;
    assert.equal(got.authorization, 'Bearer service-token');
    assert.equal(got.body.mailboxId, 'postfach-4711');
    assert.equal(got.body.subject, 'Rückfrage');
    assert.deepEqual(Buffer.from(got.body.attachments[0]!.content, 'base64'), PDF);
    assert.equal((await messageOf(kase, first)).deliveryStatus, 'delivered');

    await send(kase, 'Zweite');
    const refusedId = await send(kase, 'Abgelehnt');
    await drainOutbox(t.db, h.config);
    const refused = await messageOf(kase, refusedId);
    assert.equal(refused.deliveryStatus, 'failed');
    assert.match(refused.failureReason, /HTTP 400/);
    assert.equal(refused.canRetry, true);
    const retried = await inject('POST', `/api/cases/${kase.caseId}/messages/${refusedId}/retry`, kase.headers);
    assert.equal(retried.json().deliveryStatus, 'queued');
    await drainOutbox(t.db, h.config);
    assert.equal((await messageOf(kase, refusedId)).deliveryStatus, 'delivered');
  });

  it('replies and read receipts by signed webhook land on the case once; bad signatures are refused', async () => {
    const { tenant, kase } = await externalTenant();
    const id = await send(kase, 'Bitte Nachweis');
    await drainOutbox(t.db, h.config);
    const externalId = standIn.externalIdOf(id)!;
    const body = JSON.stringify({
      replies: [{ id: 'reply-1', reference: id, content: 'Hier der Nachweis', attachments: [{ fileName: 'nachweis.pdf', mimeType: 'application/pdf', content: PDF.toString('base64') }] }],
      statuses: [{ messageId: externalId, status: 'read' }],
    });
    const url = `/api/mailbox/external/replies?tenant=${tenant.slug}`;
    const headers = { 'content-type': 'application/json', 'x-mailbox-signature': signMailboxBody(body, SECRET) };
    const first = await h.app.inject({ method: 'POST', url, headers, payload: body });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { accepted: 2, duplicates: 0, ignored: 0 });
    const again = await h.app.inject({ method: 'POST', url, headers, payload: body });
    assert.deepEqual(again.json(), { accepted: 0, duplicates: 2, ignored: 0 });
    const forged = await h.app.inject({ method: 'POST', url, headers: { ...headers, 'x-mailbox-signature': signMailboxBody(body, 'falsch') }, payload: body });
    assert.equal(forged.statusCode, 401);

    const thread = (await inject('GET', `/api/cases/${kase.caseId}/messages`, kase.headers)).json();
    assert.equal(thread.items.find((m: { id: string }) => m.id === id).deliveryStatus, 'read');
    const replies = thread.items.filter((m: { direction: string }) => m.direction === 'in');
    assert.equal(replies.length, 1);
    assert.equal(replies[0].attachments[0].fileName, 'nachweis.pdf');
    assert.equal(thread.unreadReply, true);
  });

  it('polling fetches replies the webhook did not bring, once', async () => {
    const { kase } = await externalTenant();
    const id = await send(kase, 'Frage per Abruf');
    await drainOutbox(t.db, h.config);
    standIn.replies.push({ id: `poll-${id}`, reference: id, content: 'Antwort per Abruf' });
    const deps = { db: t.db, config: h.config, blobs: h.blobs };
    await pollExternalMailboxes(deps);
    await pollExternalMailboxes(deps);
    const replies = (await inject('GET', `/api/cases/${kase.caseId}/messages`, kase.headers)).json().items.filter((m: { body: string }) => m.body === 'Antwort per Abruf');
    assert.equal(replies.length, 1);
  });

  it('another tenant cannot read the messages or retry them (404)', async () => {
    const { kase } = await externalTenant();
    const id = await send(kase, 'Nur für uns');
    const stranger = await createUser(t.db, { tenant: await createTenant(t.db), roles: ['caseworker'] });
    const headers = await sessionHeaders(t.db, stranger);
    assert.equal((await inject('GET', `/api/cases/${kase.caseId}/messages`, headers)).statusCode, 404);
    assert.equal((await inject('POST', `/api/cases/${kase.caseId}/messages/${id}/retry`, headers)).statusCode, 404);
  });
});
