import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/db.js';
import { call } from '../../test/case-kit.js';
import { acceptedAgreement, applyToAdorf, delegationWorld, type DelegationWorld } from '../../test/delegation-kit.js';

describeEachDatabase("delegation: B's list of other municipalities' cases", (t) => {
  let w: DelegationWorld;
  before(async () => {
    w = await delegationWorld(t);
  });
  after(() => w.api.close());

  it("a caseworker scoped to one unit gets their unit's grants up to the limit, however many newer grants other units have", async () => {
    // Adorf's dog tax goes to B's Ordnungsamt by agreement; single cases are shared with B's Bauamt.
    await acceptedAgreement(w, 'service', w.aService.id);
    const proposed = await call(w.app, 'POST', '/api/delegation/agreements', w.h.aAdmin, { partnerSlug: w.b.slug, kind: 'assistance', validFrom: new Date().toISOString().slice(0, 10) });
    assert.equal(proposed.status, 201, JSON.stringify(proposed.body));
    const forBauamt = await call(w.app, 'POST', `/api/delegation/agreements/${proposed.body.id}/accept`, w.h.bAdmin, { orgUnitId: w.bOtherUnit.id });
    assert.equal(forBauamt.status, 200, JSON.stringify(forBauamt.body));
    const older = await applyToAdorf(w, '99050012104000', 'Ordnung');
    for (const name of ['Bau', 'Zaun']) {
      const newer = await applyToAdorf(w, '99050012104001', name);
      const shared = await call(w.app, 'POST', `/api/cases/${newer.id}/delegation-grants`, w.h.aWorker, { agreementId: forBauamt.body.id });
      assert.equal(shared.status, 201, JSON.stringify(shared.body));
    }
    const ordnungsamt = await call(w.app, 'GET', '/api/delegated-cases?limit=1', w.h.bWorker);
    assert.equal(ordnungsamt.status, 200);
    assert.deepEqual(ordnungsamt.body.items.map((c: { id: string }) => c.id), [older.id], 'the Ordnungsamt grant, not an empty page');
    const bauamt = await call(w.app, 'GET', '/api/delegated-cases?limit=5', w.h.bBuilder);
    assert.equal(bauamt.body.items.length, 2, 'the Bauamt sees its two grants and not the Ordnungsamt one');
    assert.equal((await call(w.app, 'GET', '/api/delegated-cases?limit=5', w.h.bAdmin)).body.items.length, 3, 'an unscoped admin sees all');
  });
});
