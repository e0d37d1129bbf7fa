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

  it("the message panel's own calls work for B on a delegated case (seen, letter, posted, retry), not only sending", async () => {
    const kase = await applyToAdorf(w, '99050012104000', 'Brief');
    const sent = await call(w.app, 'POST', `/api/cases/${kase.id}/messages`, w.h.bWorker, { subject: 'Rückfrage', body: 'Bitte reichen Sie den Nachweis nach.' });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const messageId = sent.body.id as string;
    assert.equal((await call(w.app, 'POST', `/api/cases/${kase.id}/messages/seen`, w.h.bWorker)).status, 204);
    for (const [method, path, body] of [
      ['GET', `/api/cases/${kase.id}/messages/${messageId}/letter`, undefined],
      ['POST', `/api/cases/${kase.id}/messages/${messageId}/posted`, { postedOn: new Date().toISOString().slice(0, 10) }],
      ['POST', `/api/cases/${kase.id}/messages/${messageId}/retry`, {}],
    ] as const) {
      const res = await call(w.app, method, path, w.h.bWorker, body);
      // The path reaches A's message (an e-mail has no letter: „keinen Brief“), not „Vorgang nicht gefunden“.
      assert.doesNotMatch(String(res.body?.detail ?? ''), /Vorgang .* wurde nicht gefunden/, `${method} ${path} as B: ${res.status} ${JSON.stringify(res.body)}`);
      assert.ok(res.status < 500, `${method} ${path}: ${res.status}`);
    }
  });
});
