import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { createCase, createTenant } from '../../test/factories.js';
import { settleLoginLinkRequests } from './service.js';
import { applicantCase, drainOutbox, loginTokens, mailsTo, multipart, PDF, portalHeaders } from '../../test/mailbox-kit.js';

describeEachDatabase('citizen portal and case messages', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h?.close());

  const inject = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: unknown) =>
    h.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });

  /** Caseworker sends a query with a PDF; the worker delivers it; the applicant's notice e-mail carries a link. */
  async function sendQuery(email: string) {
    const tenant = await createTenant(t.db);
    const kase = await applicantCase(t.db, tenant, email);
    const form = multipart([
      { name: 'subject', value: 'Rückfrage zu Ihrem Antrag' },
      { name: 'body', value: 'Bitte reichen Sie den Impfnachweis nach.' },
      { name: 'replyBy', value: '2999-01-31' },
      { name: 'attachment', value: PDF, fileName: 'Hinweise.pdf', contentType: 'application/pdf' },
    ]);
    const sent = await inject('POST', `/api/cases/${kase.caseId}/messages`, { ...kase.headers, ...form.headers }, form.payload);
    assert.equal(sent.statusCode, 201, sent.body);
    assert.equal(sent.json().deliveryStatus, 'queued');
    await drainOutbox(t.db, h.config);
    const tokens = loginTokens(mailsTo(h.config, email));
    return { tenant, kase, message: sent.json(), token: tokens.at(-1)! };
  }

  it('send → outbox → portal shows it; the applicant reads and replies with a document; the case shows the reply', async () => {
    const { kase, message, token } = await sendQuery('anna.schmidt@example.org');
    assert.ok(token, 'the notice e-mail carries a sign-in link');
    const mails = mailsTo(h.config, 'anna.schmidt@example.org');
    assert.ok(!mails.some((m) => m.includes('Impfnachweis')), 'the e-mail never carries the message content');

    const listed = await inject('GET', `/api/cases/${kase.caseId}/messages`, kase.headers);
    assert.equal(listed.json().items[0].deliveryStatus, 'delivered');

    const portal = await portalHeaders(h.app, token);
    const apps = await inject('GET', '/api/portal/applications', portal);
    assert.equal(apps.statusCode, 200);
    assert.deepEqual(apps.json().items.map((a: { caseNumber: string; unreadMessages: number }) => [a.caseNumber, a.unreadMessages]), [[kase.caseNumber, 1]]);
    const detail = (await inject('GET', `/api/portal/applications/${kase.caseId}`, portal)).json();
    assert.equal(detail.messages[0].subject, 'Rückfrage zu Ihrem Antrag');
    assert.equal(detail.messages[0].replyBy, '2999-01-31');
    const file = detail.messages[0].attachments[0];
    const content = await inject('GET', `/api/portal/applications/${kase.caseId}/attachments/${file.id}/content`, portal);
    assert.equal(content.statusCode, 200);
    assert.equal(content.headers['content-type'], 'application/pdf');

    assert.equal((await inject('POST', `/api/portal/applications/${kase.caseId}/messages/${message.id}/read`, portal)).statusCode, 204);
    assert.equal((await inject('GET', `/api/cases/${kase.caseId}/messages`, kase.headers)).json().items[0].deliveryStatus, 'read');

    const reply = multipart([
      { name: 'body', value: 'Anbei der Impfnachweis.' },
      { name: 'inReplyTo', value: message.id },
      { name: 'attachment', value: PDF, fileName: 'Impfnachweis.pdf', contentType: 'application/octet-stream' },
    ]);
    const replied = await inject('POST', `/api/portal/applications/${kase.caseId}/replies`, { ...portal, ...reply.headers }, reply.payload);
    assert.equal(replied.statusCode, 201, replied.body);

    const thread = (await inject('GET', `/api/cases/${kase.caseId}/messages`, kase.headers)).json();
    assert.equal(thread.unreadReply, true);
    const answer = thread.items.find((m: { direction: string }) => m.direction === 'in');
    assert.equal(answer.body, 'Anbei der Impfnachweis.');
    assert.equal(answer.inReplyTo, message.id);
    assert.equal(answer.attachments[0].mimeType, 'application/pdf', 'type sniffed from the bytes, not the claim');
    const inbox = (await inject('GET', '/api/cases', kase.headers)).json();
    assert.equal(inbox.items.find((c: { id: string }) => c.id === kase.caseId).hasUnreadReply, true);
    const events = (await inject('GET', `/api/cases/${kase.caseId}/events`, kase.headers)).json().items.map((e: { type: string }) => e.type);
    assert.ok(events.includes('message.sent') && events.includes('message.read') && events.includes('message.received'));

    await drainOutbox(t.db, h.config);
    assert.ok(mailsTo(h.config, kase.user.email).some((m) => m.includes('Antwort eingegangen')), 'the assignee is told by e-mail');

    assert.equal((await inject('POST', `/api/cases/${kase.caseId}/messages/seen`, kase.headers)).statusCode, 204);
    const after = (await inject('GET', '/api/cases', kase.headers)).json();
    assert.equal(after.items.find((c: { id: string }) => c.id === kase.caseId).hasUnreadReply, false);
  });

  it('an applicant sees only their own applications: other applicants and other tenants get 404', async () => {
    const mine = await sendQuery('ben@example.org');
    const other = await sendQuery('clara@example.org');
    const portal = await portalHeaders(h.app, mine.token);
    const apps = (await inject('GET', '/api/portal/applications', portal)).json();
    assert.deepEqual(apps.items.map((a: { id: string }) => a.id), [mine.kase.caseId]);
    // other.kase lives in another tenant and belongs to another applicant.
    for (const url of [`/api/portal/applications/${other.kase.caseId}`]) {
      const res = await inject('GET', url, portal);
      assert.equal(res.statusCode, 404);
    }
    const reply = multipart([{ name: 'body', value: 'x' }]);
    assert.equal((await inject('POST', `/api/portal/applications/${other.kase.caseId}/replies`, { ...portal, ...reply.headers }, reply.payload)).statusCode, 404);
    const otherFile = (await inject('GET', `/api/cases/${other.kase.caseId}/messages`, other.kase.headers)).json().items[0].attachments[0];
    assert.equal((await inject('GET', `/api/portal/applications/${other.kase.caseId}/attachments/${otherFile.id}/content`, portal)).statusCode, 404);

    // Same tenant, different applicant.
    const neighbour = await applicantCase(t.db, mine.tenant, 'dora@example.org');
    assert.equal((await inject('GET', `/api/portal/applications/${neighbour.caseId}`, portal)).statusCode, 404);
    // A caseworker of another tenant cannot see or write the messages of this case.
    assert.equal((await inject('GET', `/api/cases/${mine.kase.caseId}/messages`, other.kase.headers)).statusCode, 404);
    assert.equal((await inject('POST', `/api/cases/${mine.kase.caseId}/messages`, other.kase.headers, { subject: 'x', body: 'y' })).statusCode, 404);
  });

  it('links are one-time; unknown, used and expired links all get the same answer', async () => {
    const { token } = await sendQuery('emil@example.org');
    await portalHeaders(h.app, token);
    const again = await inject('POST', '/api/portal/session', {}, { token });
    const unknown = await inject('POST', '/api/portal/session', {}, { token: 'x'.repeat(43) });
    assert.equal(again.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(again.json().detail, unknown.json().detail);

    const { token: second } = await sendQuery('fritz@example.org');
    await t.adminQuery(`update portal_login_links set expires_at = now() - interval '1 minute' where used_at is null`);
    const expired = await inject('POST', '/api/portal/session', {}, { token: second });
    assert.equal(expired.statusCode, 401);
    assert.equal(expired.json().detail, unknown.json().detail);

    const known = await inject('POST', '/api/portal/login-links', {}, { email: 'fritz@example.org' });
    const nobody = await inject('POST', '/api/portal/login-links', {}, { email: 'niemand@example.org' });
    assert.equal(known.statusCode, 202);
    assert.deepEqual(known.json(), nobody.json(), 'the answer reveals nothing about whether applications exist');
    await settleLoginLinkRequests(t.db);
    await drainOutbox(t.db, h.config);
    assert.equal(mailsTo(h.config, 'niemand@example.org').length, 0);
    const fresh = loginTokens(mailsTo(h.config, 'fritz@example.org').filter((m) => m.includes('30 Minuten')));
    assert.equal(fresh.length, 1);
    assert.equal((await inject('POST', '/api/portal/session', {}, { token: fresh[0] })).statusCode, 200);
    assert.equal((await inject('GET', '/api/portal/applications', {})).statusCode, 401);
  });

  it('replies follow the intake upload rules: executables refused, nothing lands on the case; CSRF required', async () => {
    const { kase, token } = await sendQuery('gerda@example.org');
    const portal = await portalHeaders(h.app, token);
    const exe = multipart([
      { name: 'body', value: 'Hier die Datei' },
      { name: 'attachment', value: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]), fileName: 'nachweis.pdf', contentType: 'application/pdf' },
    ]);
    const refused = await inject('POST', `/api/portal/applications/${kase.caseId}/replies`, { ...portal, ...exe.headers }, exe.payload);
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().field, 'attachment');
    const empty = multipart([{ name: 'body', value: '   ' }]);
    const blank = await inject('POST', `/api/portal/applications/${kase.caseId}/replies`, { ...portal, ...empty.headers }, empty.payload);
    assert.equal(blank.statusCode, 400);
    assert.equal(blank.json().field, 'body');
    const text = multipart([{ name: 'body', value: 'ohne Token' }]);
    const noCsrf = await inject('POST', `/api/portal/applications/${kase.caseId}/replies`, { cookie: portal.cookie!, ...text.headers }, text.payload);
    assert.equal(noCsrf.statusCode, 403);
    const thread = (await inject('GET', `/api/cases/${kase.caseId}/messages`, kase.headers)).json();
    assert.equal(thread.items.filter((m: { direction: string }) => m.direction === 'in').length, 0);
  });

  it('the caseworker is told what is wrong: unknown attachment, past reply date, no way to reach the applicant', async () => {
    const tenant = await createTenant(t.db);
    const kase = await applicantCase(t.db, tenant, 'hans@example.org');
    const bad = await inject('POST', `/api/cases/${kase.caseId}/messages`, kase.headers, {
      subject: 'Frage', body: 'Text', attachmentIds: ['00000000-0000-7000-8000-000000000000'],
    });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().field, 'attachmentIds');
    const past = await inject('POST', `/api/cases/${kase.caseId}/messages`, kase.headers, { subject: 'Frage', body: 'Text', replyBy: '2001-01-01' });
    assert.equal(past.statusCode, 400);
    assert.equal(past.json().field, 'replyBy');
    const unreachable = await createCase(t.db, { tenant, applicant: { kind: 'person', firstName: 'Ida', lastName: 'Ohnepost' } });
    const refused = await inject('POST', `/api/cases/${unreachable.id}/messages`, kase.headers, { subject: 'Frage', body: 'Text' });
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().field, 'applicant');
  });
});
