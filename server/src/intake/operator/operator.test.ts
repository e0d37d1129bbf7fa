import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../../test/app.js';
import { createUser } from '../../../test/factories.js';
import { createOperator } from '../../auth/operators.js';
import { createOperatorSession, CSRF_HEADER, SESSION_COOKIE } from '../../auth/sessions.js';
import { withTenant } from '../../db/database.js';
import { PDF, intakeWorld, multipart, ozgDocument, platformHeaders } from '../../../test/intake-kit.js';

describeEachDatabase('intake operator view: unrouted queue', (t) => {
  let h: TestApp;
  let op: Record<string, string>;
  let w: Awaited<ReturnType<typeof intakeWorld>>;
  let sender: Record<string, string>;
  before(async () => {
    h = await createTestApp(t.db);
    const operator = await createOperator(t.db, { email: `betrieb-${Date.now()}@rechenzentrum.example`, displayName: 'Betrieb', password: 'ein-langes-passwort-1' });
    const session = await createOperatorSession(t.db, operator.id, 1);
    op = { cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken };
    w = await intakeWorld(t, { ags: '01006001', leikaKey: '99001001006001' });
    sender = await platformHeaders(t);
  });
  after(async () => h.close());

  async function park() {
    const doc = ozgDocument({ control: { zustaendigeStelle: '08111000', leikaIds: ['99001001006001'] } });
    const send = () => {
      const body = multipart([{ name: 'formData', data: JSON.stringify(doc) }, { name: 'attachment', filename: 'Nachweis.pdf', data: PDF }]);
      return h.app.inject({ method: 'POST', url: '/antrag', headers: { ...sender, ...body.headers }, payload: body.payload });
    };
    const res = await send();
    assert.equal(res.statusCode, 202, res.body);
    return { id: res.json().eingangId as string, send };
  }

  it('lists parked submissions with the reason but without application content, and routes one into a tenant', async () => {
    const parked = await park();
    const list = await h.app.inject({ method: 'GET', url: '/api/platform/intake/unrouted', headers: op });
    assert.equal(list.statusCode, 200);
    const item = list.json().items.find((i: { id: string }) => i.id === parked.id);
    assert.equal(item.reasonCode, 'unknown_authority');
    assert.match(item.reason, /08111000/);
    assert.doesNotMatch(list.body, /Müller|Bello/, 'no applicant data for operators');

    const routed = await h.app.inject({ method: 'POST', url: `/api/platform/intake/unrouted/${parked.id}/route`, headers: op, payload: { tenantSlug: w.tenant.slug } });
    assert.equal(routed.statusCode, 200, routed.body);
    const { caseId } = routed.json();
    const files = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('attachments').select('file_name').where('case_id', '=', caseId).execute());
    assert.deepEqual(files, [{ file_name: 'Nachweis.pdf' }]);
    const events = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('case_events').select(['type', 'actor_kind']).where('case_id', '=', caseId).where('type', '=', 'case.created').execute());
    assert.deepEqual(events, [{ type: 'case.created', actor_kind: 'operator' }]);

    const retry = await parked.send();
    assert.equal(retry.statusCode, 200, 'the sender’s retry now finds the routed case');
    assert.equal(retry.json().vorgangId, caseId);
    const twice = await h.app.inject({ method: 'POST', url: `/api/platform/intake/unrouted/${parked.id}/route`, headers: op, payload: { tenantSlug: w.tenant.slug } });
    assert.equal(twice.statusCode, 409);
  });

  it('rejects a parked submission with a reason', async () => {
    const parked = await park();
    const res = await h.app.inject({ method: 'POST', url: `/api/platform/intake/unrouted/${parked.id}/reject`, headers: op, payload: { reason: 'Keine Kommune in Schleswig-Holstein zuständig' } });
    assert.equal(res.statusCode, 200);
    const list = await h.app.inject({ method: 'GET', url: '/api/platform/intake/unrouted?status=rejected', headers: op });
    assert.equal(list.json().items.find((i: { id: string }) => i.id === parked.id).resolution.reason, 'Keine Kommune in Schleswig-Holstein zuständig');
  });

  it('tenant users cannot see or change the platform queue (403)', async () => {
    const admin = await createUser(t.db, { tenant: w.tenant, roles: ['admin'] });
    const headers = await sessionHeaders(t.db, admin);
    assert.equal((await h.app.inject({ method: 'GET', url: '/api/platform/intake/unrouted', headers })).statusCode, 403);
  });
});
