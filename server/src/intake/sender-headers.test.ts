import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { createApiToken } from '../auth/api-tokens.js';
import { createPlatformIntakeToken } from './sender-auth.js';
import { dogTaxForm, intakeWorld, storedCounts } from '../../test/intake-kit.js';

/*
 * A form server's operator copies a token into "the" auth header of their HTTP client. Every form the
 * OpenAPI document lists must work with both kinds of token; any other form must be refused with a
 * German message that names the forms that work, and store nothing.
 */

const application = (serviceKey: string, authority: string) => ({
  transactionId: `hdr-${Math.random().toString(36).slice(2)}`,
  serviceKey,
  authority,
  applicant: { kind: 'person', firstName: 'Jürgen', lastName: 'Müller', email: 'j.mueller@example.org' },
  formData: dogTaxForm(),
});

const basic = (token: string) => `Basic ${Buffer.from(`formserver:${token}`).toString('base64')}`;

describeEachDatabase('intake sender: every listed header form', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h.close());

  it('lists Bearer, HTTP Basic and X-Intake-Token as security schemes of every HTTP intake route', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    assert.equal(doc.components.securitySchemes.intakeBasic.scheme, 'basic');
    assert.deepEqual([doc.components.securitySchemes.intakeToken.in, doc.components.securitySchemes.intakeToken.name], ['header', 'X-Intake-Token']);
    for (const path of ['/antrag', '/api/intake/ozg-cloud/antrag', '/api/intake/applications', '/api/intake/fit-connect/submissions']) {
      assert.deepEqual(doc.paths[path].post.security, [{ bearer: [] }, { intakeBasic: [] }, { intakeToken: [] }], path);
    }
  });

  it('accepts a platform token and a tenant token in each listed form', async () => {
    const w = await intakeWorld(t, { ags: '01003001', leikaKey: '99001001003001' });
    const { token: platform } = await createPlatformIntakeToken(t.db, 'Formularserver Land');
    const { token: tenant } = await createApiToken(t.db, w.tenant.id, { name: 'Formularserver', scopes: ['intake:submit'], createdBy: null });
    for (const [kind, token] of [['platform', platform], ['tenant', tenant]] as const) {
      const forms: Record<string, Record<string, string>> = {
        bearer: { authorization: `Bearer ${token}` },
        'bearer (lower-case scheme)': { authorization: `bearer ${token}` },
        basic: { authorization: basic(token) },
        'x-intake-token': { 'x-intake-token': token },
      };
      for (const [form, headers] of Object.entries(forms)) {
        const res = await h.app.inject({ method: 'POST', url: '/api/intake/applications', headers, payload: application('99001001003001', '01003001') });
        assert.equal(res.statusCode, 201, `${kind} token as ${form}: ${res.body}`);
        assert.equal(res.json().tenant, w.tenant.slug);
      }
    }
  });

  it('a platform token as Bearer also works on the OZG-Cloud endpoint /antrag', async () => {
    const { token } = await createPlatformIntakeToken(t.db, 'OZG-Formularserver');
    // No body: the sender is authenticated before the body is read, so the refusal is about the body (400/415), not the token.
    const res = await h.app.inject({ method: 'POST', url: '/antrag', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '{}' });
    assert.notEqual(res.statusCode, 401, res.body);
  });

  it('refuses other header forms with a German message naming the accepted ones, storing nothing', async () => {
    await intakeWorld(t, { ags: '01003002', leikaKey: '99001001003002' });
    const { token } = await createPlatformIntakeToken(t.db, 'Formularserver Land');
    const before = await storedCounts(t);
    for (const headers of [{ authorization: token }, { authorization: `Token ${token}` }, {}]) {
      const res = await h.app.inject({ method: 'POST', url: '/api/intake/applications', headers, payload: application('99001001003002', '01003002') });
      assert.equal(res.statusCode, 401, JSON.stringify(headers));
      const problem = res.json();
      assert.equal(problem.code, 'unauthenticated');
      assert.match(problem.detail, /Authorization: Bearer <Schlüssel>.*HTTP Basic.*X-Intake-Token/);
      assert.ok(!res.body.includes(token), 'the token is not echoed');
    }
    const revoked = await h.app.inject({ method: 'POST', url: '/api/intake/applications', headers: { authorization: 'Bearer adkp_unknown' }, payload: application('99001001003002', '01003002') });
    assert.equal(revoked.statusCode, 401);
    assert.match(revoked.json().detail, /Eingangs-Zugang ist ungültig oder widerrufen/);
    assert.deepEqual(await storedCounts(t), before);
  });

  it('a platform token as Bearer on a desk route is refused saying what it is for', async () => {
    const { token } = await createPlatformIntakeToken(t.db, 'Formularserver Land');
    const res = await h.app.inject({ method: 'GET', url: '/api/cases', headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.statusCode, 401);
    assert.match(res.json().detail, /gilt nur für das Einreichen von Anträgen/);
  });
});
