import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/db.js';
import { call } from '../../test/case-kit.js';
import { run } from '../../test/decision-kit.js';
import { acceptedAgreement, applyToAdorf, delegationWorld, type DelegationWorld } from '../../test/delegation-kit.js';
import { accessLogOf } from '../records/access-log.js';

describeEachDatabase('delegation: Stadt Bestadt handles a service for Gemeinde Adorf', (t) => {
  let w: DelegationWorld;
  before(async () => {
    w = await delegationWorld(t);
  });
  after(() => w.api.close());

  it("an application to A arrives in B's desk; B processes and decides it; A's history, access log and letterhead show it; after revocation B gets 404 everywhere", async () => {
    const agreement = await acceptedAgreement(w, 'service', w.aService.id);
    assert.equal(agreement.status, 'accepted');
    const kase = await applyToAdorf(w);
    const notDelegated = await applyToAdorf(w, '99050012104001', 'Geheim');

    // The case is and stays Adorf's row.
    assert.deepEqual(await t.adminQuery('select tenant_id from cases where id = $1', [kase.id]), [{ tenant_id: w.a.id }]);

    // B's desk: the delegated case, marked with its owner; nothing else of A.
    const desk = await call(w.app, 'GET', '/api/delegated-cases', w.h.bWorker);
    assert.equal(desk.status, 200);
    assert.deepEqual(desk.body.items.map((c: { id: string; owner: { name: string }; caseNumber: string }) => [c.id, c.owner.name, c.caseNumber]),
      [[kase.id, 'Gemeinde Adorf', kase.caseNumber]]);
    // The grant is for B's Ordnungsamt: B's Bauamt neither lists nor opens it.
    assert.deepEqual((await call(w.app, 'GET', '/api/delegated-cases', w.h.bBuilder)).body.items, []);
    assert.equal((await call(w.app, 'GET', `/api/cases/${kase.id}`, w.h.bBuilder)).status, 404);
    // B's own inbox does not mix in A's cases; A's other service is not B's.
    const own = await call(w.app, 'GET', '/api/cases', w.h.bWorker);
    assert.ok(!own.body.items.some((c: { id: string }) => c.id === kase.id));
    assert.equal((await call(w.app, 'GET', `/api/cases/${notDelegated.id}`, w.h.bWorker)).status, 404);

    // B opens, processes and decides it.
    const opened = await call(w.app, 'GET', `/api/cases/${kase.id}`, w.h.bWorker);
    assert.equal(opened.status, 200, JSON.stringify(opened.body));
    assert.equal(opened.body.caseNumber, kase.caseNumber);
    // The desk is told whose case it is and who acts; A's own view of its case carries no such mark.
    assert.deepEqual(opened.body.delegatedFrom, { owner: 'Gemeinde Adorf', acting: 'Stadt Bestadt' });
    assert.equal((await call(w.app, 'GET', `/api/cases/${kase.id}`, w.h.aWorker)).body.delegatedFrom, undefined);
    let version = opened.body.version as number;
    for (const action of ['accept', 'start']) {
      const moved = await call(w.app, 'POST', `/api/cases/${kase.id}/transitions`, w.h.bWorker, { action, version });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      version = moved.body.version;
    }
    const note = await call(w.app, 'POST', `/api/cases/${kase.id}/notes`, w.h.bWorker, { body: 'Chipnummer telefonisch erfragt.' });
    assert.equal(note.status, 201, JSON.stringify(note.body));
    const decision = await call(w.app, 'POST', `/api/cases/${kase.id}/decisions`, w.h.bWorker, { source: 'template', templateId: w.templateId });
    assert.equal(decision.status, 201, JSON.stringify(decision.body));
    assert.match(decision.body.text, /Gemeinde Adorf, \d{2}\.\d{2}\.\d{4}$/, 'the decision speaks in A\'s name');
    const sent = await call(w.app, 'POST', `/api/cases/${kase.id}/decisions/${decision.body.id}/send`, w.h.bWorker, { version });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const decided = await call(w.app, 'GET', `/api/cases/${kase.id}`, w.h.aWorker);
    assert.equal(decided.body.status, 'decided');

    // Everything written is A's.
    for (const table of ['case_events', 'notes', 'decisions', 'attachments', 'messages']) {
      const owners = await t.adminQuery<{ tenant_id: string }>(`select distinct tenant_id from ${table} where case_id = $1`, [kase.id]);
      assert.deepEqual(owners.map((o) => o.tenant_id), [w.a.id], `${table} rows belong to A`);
    }

    // A's history names B as acting.
    const history = (await call(w.app, 'GET', `/api/cases/${kase.id}/events`, w.h.aWorker)).body.items as Array<{ type: string; actor: { name: string } }>;
    const acting = 'Bernd Bestädter (Stadt Bestadt, in Amtshilfe für Gemeinde Adorf)';
    assert.ok(history.some((e) => e.type === 'delegation.case_opened' && e.actor.name === acting), 'the opening is in A\'s history');
    assert.ok(history.some((e) => e.type === 'case.status_changed' && e.actor.name === acting));
    assert.ok(history.some((e) => e.type === 'decision.sent' && e.actor.name === acting));

    // A's access log holds B's reads.
    await accessLogOf(t.db).flush();
    const log = await call(w.app, 'GET', `/api/access-log?caseNumber=${encodeURIComponent(kase.caseNumber)}`, w.h.aAdmin);
    assert.equal(log.status, 200, JSON.stringify(log.body));
    assert.ok(log.body.items.some((e: { actor: { name: string; id: string }; action: string }) =>
      e.action === 'case_opened' && e.actor.name === acting && e.actor.id === w.people.bWorker.id));
    assert.deepEqual(await t.adminQuery('select count(*)::int as n from access_log where tenant_id = $1', [w.b.id]), [{ n: 0 }], 'nothing of it in B\'s log');

    // The decision letter: A's letterhead, B named as acting.
    const attachment = decided.body.attachments.find((a: { kind: string }) => a.kind === 'decision');
    const pdf = await w.app.inject({ method: 'GET', url: `/api/cases/${kase.id}/attachments/${attachment.id}/content`, headers: w.h.aWorker });
    const file = join(tmpdir(), `delegated-decision-${kase.id}.pdf`);
    await writeFile(file, pdf.rawPayload);
    const { stdout: text } = await run('pdftotext', [file, '-']);
    assert.match(text, /Gemeinde Adorf/);
    assert.match(text.replace(/\s+/g, ' '), /Bernd Bestädter \(Stadt Bestadt, in Amtshilfe für Gemeinde Adorf\)/);

    // A revokes: every path answers 404 for B, B's desk is empty, and nothing changed.
    const revoked = await call(w.app, 'POST', `/api/delegation/agreements/${agreement.id}/revoke`, w.h.aAdmin);
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.status, 'revoked');
    const eventsBefore = await t.adminQuery('select count(*)::int as n from case_events where case_id = $1', [kase.id]);
    const paths: Array<[ 'GET' | 'POST' | 'PATCH' | 'DELETE', string, unknown?]> = [
      ['GET', `/api/cases/${kase.id}`],
      ['GET', `/api/cases/${kase.id}/events`],
      ['POST', `/api/cases/${kase.id}/transitions`, { action: 'close', version: decided.body.version }],
      ['GET', `/api/cases/${kase.id}/attachments/${attachment.id}/content`],
      ['GET', `/api/cases/${kase.id}/notes`],
      ['POST', `/api/cases/${kase.id}/notes`, { body: 'nach Widerruf' }],
      ['PATCH', `/api/cases/${kase.id}/notes/${note.body.id}`, { body: 'geändert' }],
      ['DELETE', `/api/cases/${kase.id}/notes/${note.body.id}`],
      ['GET', `/api/cases/${kase.id}/messages`],
      ['POST', `/api/cases/${kase.id}/messages`, { subject: 'x', body: 'y' }],
      ['GET', `/api/cases/${kase.id}/messages/route`],
      ['GET', `/api/cases/${kase.id}/decisions`],
      ['POST', `/api/cases/${kase.id}/decisions`, { source: 'template', templateId: w.templateId }],
      ['GET', `/api/cases/${kase.id}/decisions/${decision.body.id}/preview`],
    ];
    for (const [method, url, body] of paths) {
      const res = await call(w.app, method, url, w.h.bWorker, body);
      assert.equal(res.status, 404, `${method} ${url} after revocation: ${res.status}`);
      assert.equal(res.body.code, 'not_found');
    }
    assert.deepEqual((await call(w.app, 'GET', '/api/delegated-cases', w.h.bWorker)).body.items, []);
    assert.deepEqual(await t.adminQuery('select count(*)::int as n from case_events where case_id = $1', [kase.id]), eventsBefore);
    assert.equal((await call(w.app, 'GET', `/api/cases/${kase.id}`, w.h.aWorker)).body.status, 'decided', 'A keeps its case');
    // New applications for the service stay with A.
    const later = await applyToAdorf(w);
    assert.deepEqual(await t.adminQuery('select count(*)::int as n from case_grants where case_id = $1', [later.id]), [{ n: 0 }]);
  });
});
