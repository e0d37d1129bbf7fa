import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/db.js';
import { createTenant, createUser } from '../../test/factories.js';
import { sessionHeaders } from '../../test/app.js';
import { caseInProgress, createTemplate, decisionWorld, draft, setRequiresRelease, type DecisionWorld } from '../../test/decision-kit.js';

describeEachDatabase('decision workflow', (t) => {
  let w: DecisionWorld;
  before(async () => {
    w = await decisionWorld(t);
  });
  after(async () => w.test.close());

  it('drafts from a template with case and form data filled in; missing values become „—“', async () => {
    const kase = await caseInProgress(t, w);
    const template = await createTemplate(w);
    const res = await draft(w, kase.id, template.id);
    assert.equal(res.statusCode, 201, res.body);
    const decision = res.json();
    assert.equal(decision.status, 'draft');
    assert.equal(decision.kind, 'approval');
    assert.match(decision.text, /^Sehr geehrte\(r\) Anna Schmidt,/);
    assert.match(decision.text, /Ihr Antrag „Hundesteuer Anmeldung“ vom \d{2}\.\d{2}\.\d{4} \(Vorgangsnummer [^)]+\)/);
    assert.ok(decision.text.includes(kase.caseNumber));
    assert.match(decision.text, /Der Hund Waldi \(Dackel\) ist ab sofort angemeldet\. Steuerbefreiung: nein\./);
    assert.match(decision.text, /Chip-Nummer: —\./, 'a form field the applicant did not fill');
    assert.match(decision.text, /Stadt Musterhausen, \d{2}\.\d{2}\.\d{4}$/);
    assert.deepEqual(decision.allowedActions, ['preview', 'edit', 'send']);
  });

  it('the draft text can be edited while it is a draft; readers may not', async () => {
    const kase = await caseInProgress(t, w);
    const decision = (await draft(w, kase.id, (await createTemplate(w)).id)).json();
    const edited = await w.app.inject({
      method: 'PATCH', url: `/api/cases/${kase.id}/decisions/${decision.id}`, headers: w.headers.author, payload: { text: 'Neuer Text.\n\nZweiter Absatz.' },
    });
    assert.equal(edited.statusCode, 200);
    assert.equal(edited.json().text, 'Neuer Text.\n\nZweiter Absatz.');
    const reader = await w.app.inject({
      method: 'PATCH', url: `/api/cases/${kase.id}/decisions/${decision.id}`, headers: w.headers.reader, payload: { text: 'x' },
    });
    assert.equal(reader.statusCode, 403);
    const preview = await w.app.inject({ method: 'GET', url: `/api/cases/${kase.id}/decisions/${decision.id}/preview`, headers: w.headers.reader });
    assert.equal(preview.statusCode, 200);
    assert.equal(preview.headers['content-type'], 'application/pdf');
    assert.equal(preview.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  it('four-eyes: the author may not release (403, German); another caseworker may; text is frozen after submit', async () => {
    await setRequiresRelease(w, true);
    try {
      const kase = await caseInProgress(t, w);
      const decision = (await draft(w, kase.id, (await createTemplate(w)).id)).json();
      assert.equal(decision.requiresRelease, true);
      assert.deepEqual(decision.allowedActions, ['preview', 'edit', 'submit']);
      const early = await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/decisions/${decision.id}/send`, headers: w.headers.author, payload: { version: kase.version } });
      assert.equal(early.statusCode, 409);
      const submitted = await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/decisions/${decision.id}/submit`, headers: w.headers.author });
      assert.equal(submitted.json().status, 'awaiting_release');
      assert.ok(!submitted.json().allowedActions.includes('release'), 'the author is not offered the release');
      const frozen = await w.app.inject({ method: 'PATCH', url: `/api/cases/${kase.id}/decisions/${decision.id}`, headers: w.headers.second, payload: { text: 'Geändert' } });
      assert.equal(frozen.statusCode, 409);
      const self = await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/decisions/${decision.id}/release`, headers: w.headers.author });
      assert.equal(self.statusCode, 403);
      assert.match(self.json().detail, /Vier-Augen-Prinzip: Diesen Bescheid muss eine andere Person freigeben/);
      const other = await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/decisions/${decision.id}/release`, headers: w.headers.second });
      assert.equal(other.statusCode, 200, other.body);
      assert.equal(other.json().status, 'released');
      assert.equal(other.json().releasedBy.name, 'Paula Prüferin');
      assert.ok(other.json().document.attachmentId);
    } finally {
      await setRequiresRelease(w, false);
    }
  });

  it('send: mailbox message with the PDF, case „decided“, immutable decision attachment and the hash in the history', async () => {
    const kase = await caseInProgress(t, w);
    const decision = (await draft(w, kase.id, (await createTemplate(w)).id)).json();
    const sent = await w.app.inject({
      method: 'POST', url: `/api/cases/${kase.id}/decisions/${decision.id}/send`, headers: w.headers.author, payload: { version: kase.version },
    });
    assert.equal(sent.statusCode, 200, sent.body);
    assert.equal(sent.json().status, 'sent');
    const detail = (await w.app.inject({ method: 'GET', url: `/api/cases/${kase.id}`, headers: w.headers.author })).json();
    assert.equal(detail.status, 'decided');
    const attachment = detail.attachments.find((a: { kind: string }) => a.kind === 'decision');
    assert.ok(attachment, 'the decision is an attachment of the case');
    assert.equal(attachment.mimeType, 'application/pdf');
    const content = await w.app.inject({ method: 'GET', url: `/api/cases/${kase.id}/attachments/${attachment.id}/content`, headers: w.headers.author });
    const sha256 = createHash('sha256').update(content.rawPayload).digest('hex');
    assert.equal(sent.json().document.sha256, sha256);
    const events = (await w.app.inject({ method: 'GET', url: `/api/cases/${kase.id}/events`, headers: w.headers.author })).json().items;
    const sentEvent = events.find((e: { type: string }) => e.type === 'decision.sent');
    assert.equal(sentEvent.data.sha256, sha256, 'the history records the document hash');
    assert.ok(events.some((e: { type: string; data: { kind?: string } }) => e.type === 'message.sent' && e.data.kind === 'decision'));
    assert.ok(events.some((e: { type: string; data: { status?: { to: string } } }) => e.type === 'case.status_changed' && e.data.status?.to === 'decided'));
    const messages = await t.adminQuery<{ kind: string; n: number }>(
      'select m.kind, count(ma.*)::int as n from messages m join message_attachments ma on ma.message_id = m.id where m.case_id = $1 group by m.kind', [kase.id]);
    assert.deepEqual(messages, [{ kind: 'decision', n: 1 }]);
    await assert.rejects(t.adminQuery('update attachments set file_name = $1 where id = $2', ['x.pdf', attachment.id]), /immutable/);
    await assert.rejects(t.adminQuery('update decisions set text = $1 where id = $2', ['anders', decision.id]), /final/);
  });

  it('send refuses a case that is not in progress (409 invalid_transition) and changes nothing', async () => {
    const kase = await caseInProgress(t, w);
    const decision = (await draft(w, kase.id, (await createTemplate(w)).id)).json();
    const parked = await w.app.inject({
      method: 'POST', url: `/api/cases/${kase.id}/transitions`, headers: w.headers.author, payload: { action: 'forward', version: kase.version, orgUnitId: (await createOtherUnit()).id },
    });
    assert.equal(parked.statusCode, 200, parked.body);
    const res = await w.app.inject({
      method: 'POST', url: `/api/cases/${kase.id}/decisions/${decision.id}/send`, headers: w.headers.author, payload: { version: parked.json().version },
    });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'invalid_transition');
    const rows = await t.adminQuery<{ status: string; attachment_id: string | null }>('select status, attachment_id from decisions where id = $1', [decision.id]);
    assert.deepEqual(rows, [{ status: 'draft', attachment_id: null }]);
    const attachments = await t.adminQuery('select id from attachments where case_id = $1', [kase.id]);
    assert.equal(attachments.length, 0);
  });

  async function createOtherUnit() {
    const res = await w.app.inject({ method: 'POST', url: '/api/admin/org-units', headers: w.headers.admin, payload: { name: 'Bauamt', shortCode: `B${Date.now() % 100000}` } });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string };
  }

  it('answers 404 for another tenant\'s case and decisions', async () => {
    const kase = await caseInProgress(t, w);
    const template = await createTemplate(w);
    const decision = (await draft(w, kase.id, template.id)).json();
    const otherTenant = await createTenant(t.db);
    const other = await sessionHeaders(t.db, await createUser(t.db, { tenant: otherTenant, roles: ['caseworker'] }));
    const calls = [
      { method: 'GET' as const, url: `/api/cases/${kase.id}/decisions` },
      { method: 'POST' as const, url: `/api/cases/${kase.id}/decisions`, payload: { source: 'template', templateId: template.id } },
      { method: 'PATCH' as const, url: `/api/cases/${kase.id}/decisions/${decision.id}`, payload: { text: 'x' } },
      { method: 'GET' as const, url: `/api/cases/${kase.id}/decisions/${decision.id}/preview` },
      { method: 'POST' as const, url: `/api/cases/${kase.id}/decisions/${decision.id}/release` },
      { method: 'POST' as const, url: `/api/cases/${kase.id}/decisions/${decision.id}/send`, payload: { version: kase.version } },
    ];
    for (const call of calls) {
      const res = await w.app.inject({ ...call, headers: other });
      assert.equal(res.statusCode, 404, `${call.method} ${call.url}`);
    }
    // Another tenant's template cannot be used on one's own case either.
    const own = await caseInProgress(t, w);
    const foreignTemplate = await draft(w, own.id, '00000000-0000-7000-8000-000000000000');
    assert.equal(foreignTemplate.statusCode, 404);
  });
});
