import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { createTenant } from '../../test/factories.js';
import { applicantCase, drainOutbox, loginTokens, mailsTo, multipart, PDF, portalHeaders } from '../../test/mailbox-kit.js';
import { queryAccessLog } from '../records/access-log.js';

describeEachDatabase('Antragsraum: participants of a case', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h?.close());

  type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
  const inject = (method: Method, url: string, headers: Record<string, string>, payload?: unknown) =>
    h.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

  /** A case with two messages to the applicant: one with a file, one with two files. */
  async function caseWithMessages(applicantEmail: string) {
    const tenant = await createTenant(t.db);
    const kase = await applicantCase(t.db, tenant, applicantEmail);
    const send = async (subject: string, files: string[]) => {
      const form = multipart([
        { name: 'subject', value: subject }, { name: 'body', value: `${subject} – Text` },
        ...files.map((fileName) => ({ name: 'attachment', value: PDF, fileName, contentType: 'application/pdf' })),
      ]);
      const res = await inject('POST', `/api/cases/${kase.caseId}/messages`, { ...kase.headers, ...form.headers }, form.payload);
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: string; attachments: Array<{ id: string; fileName: string }> };
    };
    const shared = await send('Anhörung zum Bauantrag', ['Lageplan.pdf']);
    const internal = await send('Nachforderung Statik', ['Gutachten.pdf', 'Steuerbescheid.pdf']);
    return { tenant, kase, shared, internal };
  }

  async function inviteLawyer(kase: { caseId: string; headers: Record<string, string> }, email: string) {
    const res = await inject('POST', `/api/cases/${kase.caseId}/participants`, kase.headers, {
      role: 'representative', profession: 'lawyer', name: 'Dr. Berg, Rechtsanwältin', email,
    });
    assert.equal(res.statusCode, 201, res.body);
    await drainOutbox(t.db, h.config);
    const token = loginTokens(mailsTo(h.config, email)).at(-1);
    assert.ok(token, 'the invitation e-mail carries a sign-in link');
    return { participant: res.json() as { id: string }, portal: await portalHeaders(h.app, token) };
  }

  it('A lawyer participant sees only the shared message and document, and uploads a statement', async () => {
    const { tenant, kase, shared, internal } = await caseWithMessages('anna.bau@example.org');
    const { participant, portal } = await inviteLawyer(kase, 'berg@kanzlei.example');
    const gutachten = internal.attachments.find((a) => a.fileName === 'Gutachten.pdf')!;
    const steuer = internal.attachments.find((a) => a.fileName === 'Steuerbescheid.pdf')!;
    const base = `/api/cases/${kase.caseId}/participants/${participant.id}`;
    assert.equal((await inject('PUT', `${base}/shares/message/${shared.id}`, kase.headers)).statusCode, 200);
    assert.equal((await inject('PUT', `${base}/shares/attachment/${gutachten.id}`, kase.headers)).statusCode, 200);
    const asked = await inject('PUT', `${base}/statement-request`, kase.headers, { dueOn: future(30), note: 'Bitte zur Abstandsfläche Stellung nehmen.' });
    assert.equal(asked.statusCode, 200, asked.body);

    const list = (await inject('GET', '/api/portal/participations', portal)).json();
    assert.deepEqual(list.items.map((p: { caseId: string; role: string }) => [p.caseId, p.role]), [[kase.caseId, 'representative']]);
    const view = await inject('GET', `/api/portal/participations/${kase.caseId}`, portal);
    assert.equal(view.statusCode, 200, view.body);
    const detail = view.json();
    assert.deepEqual(detail.messages.map((m: { id: string }) => m.id), [shared.id], 'only the shared message');
    assert.deepEqual(detail.documents.map((d: { fileName: string }) => d.fileName), ['Gutachten.pdf'], 'only the shared document');
    assert.equal(detail.statement.note, 'Bitte zur Abstandsfläche Stellung nehmen.');

    const file = (id: string) => inject('GET', `/api/portal/participations/${kase.caseId}/attachments/${id}/content`, portal);
    const lageplan = await file(shared.attachments[0]!.id);
    assert.equal(lageplan.statusCode, 200);
    assert.match(String(lageplan.headers['content-disposition']), /^attachment/);
    assert.equal((await file(gutachten.id)).statusCode, 200);
    assert.equal((await file(steuer.id)).statusCode, 404, 'a file of an unshared message stays hidden');

    const statement = multipart([
      { name: 'body', value: 'Die Abstandsfläche ist eingehalten; siehe Anlage.' }, { name: 'statement', value: 'true' },
      { name: 'attachment', value: PDF, fileName: 'Stellungnahme.pdf', contentType: 'application/octet-stream' },
    ]);
    const sent = await inject('POST', `/api/portal/participations/${kase.caseId}/contributions`, { ...portal, ...statement.headers }, statement.payload);
    assert.equal(sent.statusCode, 201, sent.body);

    const desk = (await inject('GET', `/api/cases/${kase.caseId}/participants`, kase.headers)).json().items[0];
    assert.equal(desk.statement.messageId, sent.json().id);
    assert.equal(desk.statement.overdue, false);
    const thread = (await inject('GET', `/api/cases/${kase.caseId}/messages`, kase.headers)).json();
    const contribution = thread.items.find((m: { id: string }) => m.id === sent.json().id);
    assert.equal(contribution.channel, 'participant');
    assert.equal(contribution.author, 'Dr. Berg, Rechtsanwältin (Vertretung)');
    assert.equal(contribution.attachments[0].mimeType, 'application/pdf', 'type sniffed from the bytes, not the claim');
    assert.equal(thread.unreadReply, true);
    const own = (await inject('GET', `/api/portal/participations/${kase.caseId}`, portal)).json();
    assert.deepEqual(own.messages.map((m: { own: boolean }) => m.own), [false, true]);

    // The applicant sees who takes part, but not what the lawyer wrote.
    await drainOutbox(t.db, h.config);
    const applicant = await portalHeaders(h.app, loginTokens(mailsTo(h.config, 'anna.bau@example.org')).at(-1)!);
    const who = (await inject('GET', `/api/portal/applications/${kase.caseId}/participants`, applicant)).json();
    assert.deepEqual(who.items.map((p: { name: string; role: string }) => [p.name, p.role]), [['Dr. Berg, Rechtsanwältin', 'representative']]);
    const applicantView = (await inject('GET', `/api/portal/applications/${kase.caseId}`, applicant)).json();
    assert.ok(!applicantView.messages.some((m: { id: string }) => m.id === sent.json().id));

    const events = (await inject('GET', `/api/cases/${kase.caseId}/events`, kase.headers)).json().items.map((e: { type: string }) => e.type);
    for (const type of ['participant.invited', 'participant.item_shared', 'participant.statement_requested', 'participant.accessed', 'participant.contributed']) {
      assert.ok(events.includes(type), `history has ${type}`);
    }
    const log = await queryAccessLog(t.db, tenant.id, { caseNumber: kase.caseNumber });
    const mine = log.items.filter((e) => e.actor_kind === 'participant' && e.actor_id === participant.id);
    assert.deepEqual(new Set(mine.map((e) => e.action)), new Set(['case_opened', 'attachment_downloaded']));
    assert.ok(mine.some((e) => e.object_id === gutachten.id));
  });

  it('a participant of case X gets 404 for case Y, unshared items and other tenants; revoked sees nothing', async () => {
    const x = await caseWithMessages('x@example.org');
    const { participant, portal } = await inviteLawyer(x.kase, 'kanzlei@example.org');
    const y = await applicantCase(t.db, x.tenant, 'y@example.org');
    const other = await caseWithMessages('z@example.org');

    for (const caseId of [y.caseId, other.kase.caseId]) {
      assert.equal((await inject('GET', `/api/portal/participations/${caseId}`, portal)).statusCode, 404);
      const body = multipart([{ name: 'body', value: 'Hallo' }]);
      assert.equal((await inject('POST', `/api/portal/participations/${caseId}/contributions`, { ...portal, ...body.headers }, body.payload)).statusCode, 404);
      assert.equal((await inject('GET', `/api/portal/applications/${caseId}/participants`, portal)).statusCode, 404);
    }
    const otherFile = other.shared.attachments[0]!.id;
    assert.equal((await inject('GET', `/api/portal/participations/${x.kase.caseId}/attachments/${otherFile}/content`, portal)).statusCode, 404);
    assert.equal((await inject('GET', `/api/portal/participations/${x.kase.caseId}/attachments/${x.shared.attachments[0]!.id}/content`, portal)).statusCode, 404, 'not shared yet');

    // Another tenant's caseworker: the case, the participant and the share paths all answer 404, nothing changes.
    const base = `/api/cases/${x.kase.caseId}/participants`;
    assert.equal((await inject('GET', base, other.kase.headers)).statusCode, 404);
    assert.equal((await inject('POST', base, other.kase.headers, { role: 'authority', name: 'Landratsamt', email: 'lra@example.org' })).statusCode, 404);
    assert.equal((await inject('PUT', `${base}/${participant.id}/shares/message/${x.shared.id}`, other.kase.headers)).statusCode, 404);
    assert.equal((await inject('DELETE', `${base}/${participant.id}`, other.kase.headers)).statusCode, 404);
    // An item of another case cannot be shared.
    const foreign = await inject('PUT', `${base}/${participant.id}/shares/message/${other.shared.id}`, x.kase.headers);
    assert.equal(foreign.statusCode, 422);
    assert.equal(foreign.json().field, 'itemId');
    const unchanged = (await inject('GET', base, x.kase.headers)).json().items;
    assert.equal(unchanged.length, 1);
    assert.deepEqual(unchanged[0].shares, []);

    // Shared, then taken back: gone again.
    assert.equal((await inject('PUT', `${base}/${participant.id}/shares/message/${x.shared.id}`, x.kase.headers)).statusCode, 200);
    assert.equal((await inject('GET', `/api/portal/participations/${x.kase.caseId}`, portal)).json().messages.length, 1);
    assert.equal((await inject('DELETE', `${base}/${participant.id}/shares/message/${x.shared.id}`, x.kase.headers)).statusCode, 200);
    assert.equal((await inject('GET', `/api/portal/participations/${x.kase.caseId}`, portal)).json().messages.length, 0);

    assert.equal((await inject('DELETE', `${base}/${participant.id}`, x.kase.headers)).statusCode, 204);
    assert.equal((await inject('GET', `/api/portal/participations/${x.kase.caseId}`, portal)).statusCode, 404);
    assert.deepEqual((await inject('GET', '/api/portal/participations', portal)).json().items, []);
  });

  it('bad input is named and changes nothing; an overdue statement shows; a stricter service needs the user account', async () => {
    const { kase } = await caseWithMessages('w@example.org');
    const base = `/api/cases/${kase.caseId}/participants`;
    const noAddress = await inject('POST', base, kase.headers, { role: 'authority', name: 'Untere Naturschutzbehörde' });
    assert.equal(noAddress.statusCode, 400);
    assert.equal(noAddress.json().field, 'email');
    const badProfession = await inject('POST', base, kase.headers, { role: 'co_applicant', profession: 'lawyer', name: 'Max', email: 'max@example.org' });
    assert.equal(badProfession.statusCode, 400);
    assert.equal(badProfession.json().field, 'profession');
    assert.deepEqual((await inject('GET', base, kase.headers)).json().items, []);

    const { participant, portal } = await inviteLawyer(kase, 'nabu@example.org');
    const again = await inject('POST', base, kase.headers, { role: 'authority', name: 'Doppelt', email: 'NABU@example.org' });
    assert.equal(again.statusCode, 409);
    const past = await inject('PUT', `${base}/${participant.id}/statement-request`, kase.headers, { dueOn: '2001-01-01' });
    assert.equal(past.statusCode, 400);
    assert.equal(past.json().field, 'dueOn');
    assert.equal((await inject('PUT', `${base}/${participant.id}/statement-request`, kase.headers, { dueOn: future(10) })).statusCode, 200);
    await t.adminQuery(`update case_participants set statement_due_on = current_date - 2 where id = $1`, [participant.id]);
    const overdue = (await inject('GET', base, kase.headers)).json().items[0].statement;
    assert.equal(overdue.overdue, true);

    const service = (await t.adminQuery<{ service_id: string }>(`select service_id from cases where id = $1`, [kase.caseId]))[0]!.service_id;
    assert.equal((await inject('PUT', `/api/admin/services/${service}/participant-trust-level`, kase.headers, { level: 3 })).statusCode, 403, 'admins only');
    await t.adminQuery(`update services set participant_trust_level = 3 where id = $1`, [service]);
    const refused = await inject('GET', `/api/portal/participations/${kase.caseId}`, portal);
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, 'trust_level_too_low');
    assert.equal((await inject('GET', '/api/portal/participations', portal)).json().items[0].signInSufficient, false);
  });
});
