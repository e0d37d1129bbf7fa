import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/db.js';
import { call } from '../../test/case-kit.js';
import { acceptedAgreement, applyToAdorf, delegationWorld, type DelegationWorld } from '../../test/delegation-kit.js';
import { withTenant } from '../db/database.js';
import { uuidv7 } from '../shared/ids.js';

const today = () => new Date().toISOString().slice(0, 10);

describeEachDatabase('delegation agreements: bad input changes nothing', (t) => {
  let w: DelegationWorld;
  before(async () => {
    w = await delegationWorld(t);
  });
  after(() => w.api.close());
  const agreements = async () => Number((await t.adminQuery<{ n: number }>('select count(*)::int as n from delegation_agreements'))[0]!.n);

  it('refuses an unknown partner, itself, a service agreement without service and a validity ending before it starts', async () => {
    const n = await agreements();
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ partnerSlug: 'gibt-es-nicht', kind: 'assistance', validFrom: today() }, 422, 'partnerSlug'],
      [{ partnerSlug: w.a.slug, kind: 'assistance', validFrom: today() }, 422, 'partnerSlug'],
      [{ partnerSlug: w.b.slug, kind: 'service', validFrom: today() }, 400, 'serviceId'],
      [{ partnerSlug: w.b.slug, kind: 'service', serviceId: uuidv7(), validFrom: today() }, 422, 'serviceId'],
      [{ partnerSlug: w.b.slug, kind: 'assistance', validFrom: today(), validUntil: '2020-01-01' }, 400, 'validUntil'],
    ];
    for (const [body, status, field] of cases) {
      const res = await call(w.app, 'POST', '/api/delegation/agreements', w.h.aAdmin, body);
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.equal(res.body.field, field);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
    }
    // An empty partner is refused naming the field as the form labels it, not by its API name.
    const empty = await call(w.app, 'POST', '/api/delegation/agreements', w.h.aAdmin, { partnerSlug: '', kind: 'assistance', validFrom: today() });
    assert.deepEqual([empty.status, empty.body.field, empty.body.detail], [400, 'partnerSlug', 'Das Feld „Kurzname der anderen Kommune“ darf nicht leer sein.']);
    const missing = await call(w.app, 'POST', '/api/delegation/agreements', w.h.aAdmin, { kind: 'assistance', validFrom: today() });
    assert.deepEqual([missing.status, missing.body.field, missing.body.detail], [400, 'partnerSlug', 'Das Feld „Kurzname der anderen Kommune“ fehlt.']);
    const worker = await call(w.app, 'POST', '/api/delegation/agreements', w.h.aWorker, { partnerSlug: w.b.slug, kind: 'assistance', validFrom: today() });
    assert.equal(worker.status, 403, 'a caseworker does not make agreements');
    assert.equal(await agreements(), n);
  });

  it('only the partner accepts, once; either side revokes, once', async () => {
    const proposed = await call(w.app, 'POST', '/api/delegation/agreements', w.h.aAdmin, { partnerSlug: w.b.slug, kind: 'service', serviceId: w.aOther.id, validFrom: today() });
    assert.equal(proposed.status, 201);
    assert.equal(proposed.body.side, 'proposer');
    assert.equal(proposed.body.partner.name, 'Stadt Bestadt');
    const seenByB = (await call(w.app, 'GET', '/api/delegation/agreements', w.h.bAdmin)).body.items.find((a: { id: string }) => a.id === proposed.body.id);
    assert.deepEqual([seenByB.side, seenByB.partner.name, seenByB.service.name], ['acceptor', 'Gemeinde Adorf', 'Gewerbeanmeldung']);
    const self = await call(w.app, 'POST', `/api/delegation/agreements/${proposed.body.id}/accept`, w.h.aAdmin, { orgUnitId: w.aUnit.id });
    assert.equal(self.status, 403);
    const noUnit = await call(w.app, 'POST', `/api/delegation/agreements/${proposed.body.id}/accept`, w.h.bAdmin, {});
    assert.equal(noUnit.status, 400);
    assert.equal(noUnit.body.field, 'orgUnitId');
    const foreignUnit = await call(w.app, 'POST', `/api/delegation/agreements/${proposed.body.id}/accept`, w.h.bAdmin, { orgUnitId: w.aUnit.id });
    assert.equal(foreignUnit.status, 422, 'an org unit of A is no unit of B');
    assert.equal((await t.adminQuery<{ status: string }>('select status from delegation_agreements where id = $1', [proposed.body.id]))[0]!.status, 'proposed');
    const revoked = await call(w.app, 'POST', `/api/delegation/agreements/${proposed.body.id}/revoke`, w.h.bAdmin);
    assert.equal(revoked.status, 200);
    const again = await call(w.app, 'POST', `/api/delegation/agreements/${proposed.body.id}/revoke`, w.h.aAdmin);
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'delegation_step');
    const late = await call(w.app, 'POST', `/api/delegation/agreements/${proposed.body.id}/accept`, w.h.bAdmin, { orgUnitId: w.bUnit.id });
    assert.equal(late.status, 409);
    const stranger = await call(w.app, 'POST', `/api/delegation/agreements/${proposed.body.id}/revoke`, w.h.bWorker);
    assert.equal(stranger.status, 403);
  });

  it('sharing without an accepted agreement, or past its validity, is 404 and writes nothing; the helper then sees nothing', async () => {
    const kase = await applyToAdorf(w, '99050012104000', 'Teilmann');
    const grants = async () => Number((await t.adminQuery<{ n: number }>('select count(*)::int as n from case_grants where case_id = $1', [kase.id]))[0]!.n);
    const proposed = await call(w.app, 'POST', '/api/delegation/agreements', w.h.aAdmin, { partnerSlug: w.b.slug, kind: 'assistance', validFrom: today() });
    const unaccepted = await call(w.app, 'POST', `/api/cases/${kase.id}/delegation-grants`, w.h.aWorker, { agreementId: proposed.body.id });
    assert.equal(unaccepted.status, 404);
    assert.equal(unaccepted.body.field, 'agreementId');
    assert.equal(await grants(), 0);
    await call(w.app, 'POST', `/api/delegation/agreements/${proposed.body.id}/revoke`, w.h.aAdmin);

    const agreement = await acceptedAgreement(w, 'assistance');
    const shared = await call(w.app, 'POST', `/api/cases/${kase.id}/delegation-grants`, w.h.aWorker, { agreementId: agreement.id });
    assert.equal(shared.status, 201);
    assert.equal((await call(w.app, 'GET', `/api/cases/${kase.id}`, w.h.bWorker)).status, 200);
    // B cannot pass A's case on, nor share its own cases under A's agreement.
    assert.equal((await call(w.app, 'POST', `/api/cases/${kase.id}/delegation-grants`, w.h.bAdmin, { agreementId: agreement.id })).status, 404);

    // Time passes: the agreement ran out yesterday (terms are fixed for the app, so the test steps out of it).
    await t.adminQuery('alter table delegation_agreements disable trigger delegation_agreement_guard');
    await t.adminQuery("update delegation_agreements set valid_from = current_date - 10, valid_until = current_date - 1 where id = $1", [agreement.id]);
    await t.adminQuery('alter table delegation_agreements enable trigger delegation_agreement_guard');
    assert.equal((await call(w.app, 'GET', `/api/cases/${kase.id}`, w.h.bWorker)).status, 404);
    assert.deepEqual((await call(w.app, 'GET', '/api/delegated-cases', w.h.bWorker)).body.items, []);
    const other = await applyToAdorf(w, '99050012104000', 'Spätling');
    const expired = await call(w.app, 'POST', `/api/cases/${other.id}/delegation-grants`, w.h.aWorker, { agreementId: agreement.id });
    assert.equal(expired.status, 404);
    assert.deepEqual(await t.adminQuery('select count(*)::int as n from case_grants where case_id = $1', [other.id]), [{ n: 0 }]);
  });

  it('the database itself refuses a grant without agreement and a change of terms by the partner', async () => {
    const kase = await applyToAdorf(w, '99050012104000', 'Direktmann');
    const agreement = await acceptedAgreement(w, 'assistance');
    await assert.rejects(withTenant(t.db, { tenantId: w.a.id }, (trx) => trx.insertInto('case_grants').values({
      id: uuidv7(), tenant_id: w.a.id, case_id: kase.id, agreement_id: uuidv7(), grantee_tenant_id: w.b.id, grantee_org_unit_id: null, granted_by_name: 'x',
    }).execute()));
    // B forging a grant in A's name: row-level security refuses it.
    await assert.rejects(withTenant(t.db, { tenantId: w.b.id }, (trx) => trx.insertInto('case_grants').values({
      id: uuidv7(), tenant_id: w.a.id, case_id: kase.id, agreement_id: agreement.id, grantee_tenant_id: w.b.id, grantee_org_unit_id: null, granted_by_name: 'x',
    }).execute()));
    await assert.rejects(withTenant(t.db, { tenantId: w.b.id }, (trx) =>
      trx.updateTable('delegation_agreements').set({ valid_until: '2999-12-31' }).where('id', '=', agreement.id).execute()));
    const { sql } = await import('kysely');
    // An ordinary transaction cannot enter another tenant's case at all: only the delegate role may,
    // and the restrictive delegation policies apply to that role (migration 0067).
    await assert.rejects(withTenant(t.db, { tenantId: w.b.id }, (trx) => sql`select delegation_enter(${kase.id}::uuid)`.execute(trx)), /permission denied/);
    // As the delegate, entering A without a grant changes nothing: the transaction stays B's.
    const entered = await withTenant(t.db, { tenantId: w.b.id }, async (trx) => {
      await sql`set local role amtsdesk_delegate`.execute(trx);
      const owner = await sql<{ o: string | null }>`select delegation_enter(${kase.id}::uuid) as o`.execute(trx);
      const tenant = await sql<{ t: string }>`select current_setting('app.tenant_id') as t`.execute(trx);
      return [owner.rows[0]!.o, tenant.rows[0]!.t];
    });
    assert.deepEqual(entered, [null, w.b.id]);
  });
});
