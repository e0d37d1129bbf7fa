import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { call } from '../../../test/case-kit.js';
import { withTenant } from '../../db/database.js';
import { archiveAnswered } from './review.js';
import { closedCase, proposeFor, purgeOrders, recordsOffice } from '../../../test/destruction-kit.js';
import { createCase } from '../../../test/factories.js';

describeEachDatabase('destruction lists: proposal, four-eyes review, purge orders', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h.close());

  it('a case walks closed → period runs out → on the list → reviewed by two people → purge order written', async () => {
    const o = await recordsOffice(t, h);
    const kase = await closedCase(t, h, o);
    const open = await createCase(t.db, { tenant: o.tenant, serviceId: o.service.id });
    assert.equal(await proposeFor(t, o, new Date()), undefined, 'nothing is due today');

    const proposal = (await proposeFor(t, o))!;
    assert.equal(proposal.cases, 1, 'only the closed case; the open one is never due');
    const url = `/api/destruction-lists/${proposal.listId}`;
    const proposed = await call(h.app, 'GET', url, o.first);
    assert.equal(proposed.status, 200, JSON.stringify(proposed.body));
    assert.equal(proposed.body.state, 'proposed');
    assert.deepEqual(proposed.body.entries.map((e: { caseNumber: string; state: string; waitingReason: null }) => [e.caseNumber, e.state, e.waitingReason]), [[kase.caseNumber, 'included', null]]);
    assert.ok(!proposed.body.entries.some((e: { caseId: string }) => e.caseId === open.id));
    assert.equal(await proposeFor(t, o), undefined, 'no second list while one is in review');

    const approved = await call(h.app, 'POST', `${url}/approve`, o.first);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.approvedBy, 'Rita Registratur');
    assert.equal(approved.body.canConfirm, false, 'the approver may not confirm');
    assert.deepEqual(await purgeOrders(t, o.tenant.id), [], 'approval alone orders nothing');

    const confirmed = await call(h.app, 'POST', `${url}/confirm`, o.second);
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.equal(confirmed.body.state, 'confirmed');
    assert.equal(confirmed.body.entries[0].state, 'ordered');
    assert.deepEqual(await purgeOrders(t, o.tenant.id), [{
      case_id: kase.id, list_id: proposal.listId, reason: `Aussonderungsliste ${proposal.number}: Aufbewahrungsfrist abgelaufen`,
      approved_by: ['Rita Registratur', 'Sven Schriftgut'], state: 'pending',
    }]);
    assert.deepEqual(confirmed.body.log.map((l: { action: string }) => l.action), ['proposed', 'approved', 'confirmed', 'ordered']);

    const history = await call(h.app, 'GET', `/api/cases/${kase.id}/events`, o.first);
    const types = history.body.items.map((e: { type: string }) => e.type);
    for (const type of ['destruction_list.case_added', 'destruction_list.approved', 'destruction_list.confirmed']) assert.ok(types.includes(type), `${type} in ${types.join(',')}`);
    assert.equal(await proposeFor(t, o, new Date(Date.now() + 5 * 366 * 86_400_000)), undefined, 'an ordered case is never proposed again');
  });

  it('four-eyes: the approver confirming their own list gets a German problem+json, and nothing changes', async () => {
    const o = await recordsOffice(t, h);
    await closedCase(t, h, o);
    const { listId } = (await proposeFor(t, o))!;
    assert.equal((await call(h.app, 'POST', `/api/destruction-lists/${listId}/confirm`, o.second)).body.code, 'destruction_list_step', 'no confirmation before approval');
    await call(h.app, 'POST', `/api/destruction-lists/${listId}/approve`, o.first);
    const own = await call(h.app, 'POST', `/api/destruction-lists/${listId}/confirm`, o.first);
    assert.equal(own.status, 409);
    assert.equal(own.body.code, 'four_eyes_required');
    assert.match(String(own.headers['content-type']), /application\/problem\+json/);
    assert.match(own.body.detail, /zweite Person/);
    assert.equal((await call(h.app, 'GET', `/api/destruction-lists/${listId}`, o.first)).body.state, 'approved', 'still waiting for the second person');
    assert.deepEqual(await purgeOrders(t, o.tenant.id), []);
  });

  it('a legal hold set after the proposal is refused at approval and at confirmation; taken out, the rest goes', async () => {
    const o = await recordsOffice(t, h);
    const held = await closedCase(t, h, o);
    const other = await closedCase(t, h, o);
    const late = await closedCase(t, h, o);
    const { listId } = (await proposeFor(t, o))!;
    const url = `/api/destruction-lists/${listId}`;
    await call(h.app, 'POST', `/api/cases/${held.id}/legal-holds`, o.first, { reason: 'Klageverfahren' });
    const refused = await call(h.app, 'POST', `${url}/approve`, o.first);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'legal_hold_on_list');
    assert.deepEqual(refused.body.caseNumbers, [held.caseNumber]);
    assert.equal((await call(h.app, 'GET', url, o.first)).body.state, 'proposed', 'nothing changed');

    const noReason = await call(h.app, 'POST', `${url}/entries/${held.id}/remove`, o.first, { reason: ' ' });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.field, 'reason');
    const taken = await call(h.app, 'POST', `${url}/entries/${held.id}/remove`, o.first, { reason: 'Aufbewahrungssperre: Klageverfahren' });
    assert.equal(taken.status, 200, JSON.stringify(taken.body));
    assert.equal((await call(h.app, 'POST', `${url}/approve`, o.first)).status, 200);

    // A hold set between the two reviews stops the confirmation as well.
    const hold = await call(h.app, 'POST', `/api/cases/${late.id}/legal-holds`, o.first, { reason: 'Prüfung Rechnungshof' });
    const stopped = await call(h.app, 'POST', `${url}/confirm`, o.second);
    assert.equal(stopped.body.code, 'legal_hold_on_list');
    assert.deepEqual(await purgeOrders(t, o.tenant.id), [], 'nothing ordered, not even the unheld case');
    await call(h.app, 'POST', `${url}/entries/${late.id}/remove`, o.second, { reason: 'Aufbewahrungssperre' });
    assert.equal((await call(h.app, 'POST', `${url}/confirm`, o.second)).status, 200);
    assert.deepEqual((await purgeOrders(t, o.tenant.id)).map((p) => p.case_id), [other.id]);

    const detail = (await call(h.app, 'GET', url, o.first)).body;
    const removed = detail.entries.find((e: { caseId: string }) => e.caseId === held.id);
    assert.deepEqual([removed.state, removed.removedReason, removed.removedBy, removed.onHold], ['removed', 'Aufbewahrungssperre: Klageverfahren', 'Rita Registratur', true]);
    const history = (await call(h.app, 'GET', `/api/cases/${held.id}/events`, o.first)).body.items;
    assert.ok(history.some((e: { type: string }) => e.type === 'destruction_list.case_removed'));
    // Released, the taken-out cases come back on the next list.
    await call(h.app, 'POST', `/api/cases/${late.id}/legal-holds/${hold.body.holdId}/release`, o.first, { reason: 'erledigt' });
    const next = (await proposeFor(t, o))!;
    assert.equal(next.cases, 1, 'the released case, not the held one');
  });

  it('A/B cases wait on the list with "Archivangebot ausstehend" and are not purged until the archive answers', async () => {
    const o = await recordsOffice(t, h);
    const worthy = await closedCase(t, h, o, o.archived.id);
    const plain = await closedCase(t, h, o);
    const proposal = (await proposeFor(t, o))!;
    assert.equal(proposal.waiting, 1);
    const url = `/api/destruction-lists/${proposal.listId}`;
    const entries = (await call(h.app, 'GET', url, o.first)).body.entries;
    const waiting = entries.find((e: { caseId: string }) => e.caseId === worthy.id);
    assert.deepEqual([waiting.appraisal, waiting.archive, waiting.waitingReason], ['A', 'awaiting', 'Archivangebot ausstehend']);
    await call(h.app, 'POST', `${url}/approve`, o.first);
    const confirmed = (await call(h.app, 'POST', `${url}/confirm`, o.second)).body;
    assert.deepEqual((await purgeOrders(t, o.tenant.id)).map((p) => p.case_id), [plain.id], 'the A case is not purged');
    assert.equal(confirmed.entries.find((e: { caseId: string }) => e.caseId === worthy.id).state, 'included', 'still on the list, waiting');
    assert.equal(await proposeFor(t, o), undefined, 'a waiting case is not proposed again');

    // Issue #16 answers the archive offer: then the purge is ordered under the list's two approvals.
    const answered = await withTenant(t.db, { tenantId: o.tenant.id }, (trx) => archiveAnswered(trx, o.tenant.id, worthy.id, 'Archivangebot'));
    assert.deepEqual(answered, { ordered: true });
    const orders = await purgeOrders(t, o.tenant.id);
    assert.deepEqual(orders.find((p) => p.case_id === worthy.id)?.approved_by, ['Rita Registratur', 'Sven Schriftgut']);
  });

  it("only the records role reviews; another tenant's list answers 404", async () => {
    const a = await recordsOffice(t, h);
    const b = await recordsOffice(t, h);
    await closedCase(t, h, a);
    const { listId } = (await proposeFor(t, a))!;
    for (const headers of [a.headers, a.admin]) assert.equal((await call(h.app, 'GET', `/api/destruction-lists/${listId}`, headers)).status, 403);
    for (const [method, path] of [['GET', ''], ['POST', '/approve'], ['POST', '/confirm']] as const) {
      assert.equal((await call(h.app, method, `/api/destruction-lists/${listId}${path}`, b.first)).status, 404, `${method} ${path}`);
    }
    assert.equal((await call(h.app, 'GET', `/api/destruction-protocol/export?format=csv&listId=${listId}`, b.first)).status, 404);
    assert.deepEqual((await call(h.app, 'GET', '/api/destruction-lists', b.first)).body.items, []);
    assert.equal((await call(h.app, 'GET', `/api/destruction-lists/${listId}`, a.first)).body.state, 'proposed', 'untouched');
  });
});
