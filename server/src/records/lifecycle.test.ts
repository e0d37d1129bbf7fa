import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { call } from '../../test/case-kit.js';
import { proposeFor, recordsOffice } from '../../test/destruction-kit.js';
import { findMarker, plantCase, purgeNow, purgeWorld } from '../../test/purge-kit.js';
import { verifyTenantChain } from '../events/verify.js';

/**
 * The record's whole life (issue #15): a closed case runs out its retention, lands on a destruction
 * list, two records officers review it, the purge worker deletes it — and afterwards no byte of its
 * personal data is anywhere, the history still verifies and the Vernichtungsprotokoll names it.
 */
describeEachDatabase('record lifecycle: closed → due → listed → reviewed by two → purged', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h.close());

  it('leaves no personal data, a verifiable history and the protocol entry', async () => {
    const world = purgeWorld(t.db);
    const office = await recordsOffice(t, h);
    const marker = `lebenslauf${Date.now().toString(36)}`;
    const planted = await plantCase(t, world, marker, { tenant: office.tenant });
    assert.ok((await findMarker(t, world, marker)).length > 5, 'the marker is planted in many places');

    const proposal = await proposeFor(t, office);
    assert.ok(proposal, 'the run-out case is proposed');
    const list = `/api/destruction-lists/${proposal.listId}`;
    const listed = await call(h.app, 'GET', list, office.first);
    assert.deepEqual(listed.body.entries.map((e: { caseNumber: string }) => e.caseNumber), [planted.caseNumber]);
    assert.equal((await call(h.app, 'POST', `${list}/approve`, office.first)).status, 200);
    assert.equal((await call(h.app, 'POST', `${list}/confirm`, office.second)).status, 200);

    await purgeNow(world);

    assert.deepEqual(await findMarker(t, world, marker), [], 'no trace of the personal data in any table, file or mail');
    assert.deepEqual((await verifyTenantChain(t.db, office.tenant.id)).problems, [], 'audit verify passes');
    assert.equal((await call(h.app, 'GET', `/api/cases/${planted.caseId}`, office.headers)).status, 404, 'the case is gone');
    const protocol = await call(h.app, 'GET', `/api/destruction-protocol?listId=${proposal.listId}`, office.first);
    assert.equal(protocol.status, 200, JSON.stringify(protocol.body));
    assert.deepEqual(
      protocol.body.items.map((row: { caseNumber: string; approvedBy: string[] }) => [row.caseNumber, row.approvedBy]),
      [[planted.caseNumber, ['Rita Registratur', 'Sven Schriftgut']]],
      'the Vernichtungsprotokoll names the case and both approvers',
    );
  });
});
