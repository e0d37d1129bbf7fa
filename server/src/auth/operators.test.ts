import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { sessionCookieOf } from '../../test/auth.js';
import { createOperator } from './operators.js';

describeEachDatabase('platform operator sign-in', (t) => {
  let ta: TestApp;
  before(async () => {
    ta = await createTestApp(t.db);
  });
  after(() => ta.close());

  let n = 0;
  const newOperator = () =>
    createOperator(t.db, { email: `betrieb-${n++}@rechenzentrum.example`, displayName: 'Rechenzentrum Nord', password: 'sehr-geheimes-passwort' });

  it('signs an operator in with a session cookie; /api/platform/me knows them', async () => {
    const op = await newOperator();
    const res = await ta.app.inject({ method: 'POST', url: '/api/platform/login', payload: { email: op.email, password: 'sehr-geheimes-passwort' } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.cookies.find((c) => c.name === 'amtsdesk_session')?.httpOnly, true);
    const me = await ta.app.inject({ method: 'GET', url: '/api/platform/me', headers: { cookie: sessionCookieOf(res) } });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json().operator, { id: op.id, displayName: 'Rechenzentrum Nord', email: op.email });
  });

  it('refuses a wrong password with 401 and no cookie', async () => {
    const op = await newOperator();
    const res = await ta.app.inject({ method: 'POST', url: '/api/platform/login', payload: { email: op.email, password: 'falsch-falsch-falsch' } });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().code, 'invalid_credentials');
    assert.equal(sessionCookieOf(res), '');
  });

  it('an operator session can never read a tenant’s cases or administration (403)', async () => {
    const op = await newOperator();
    const res = await ta.app.inject({ method: 'POST', url: '/api/platform/login', payload: { email: op.email, password: 'sehr-geheimes-passwort' } });
    const cookie = sessionCookieOf(res);
    for (const url of ['/api/cases', '/api/admin/users', '/api/users', '/api/auth/me']) {
      const denied = await ta.app.inject({ method: 'GET', url, headers: { cookie } });
      assert.equal(denied.statusCode, 403, url);
    }
  });

  it('createOperator refuses short passwords and duplicate e-mail addresses', async () => {
    await assert.rejects(createOperator(t.db, { email: 'kurz@rz.example', displayName: 'X', password: 'kurz' }), (e: { field?: string }) => e.field === 'password');
    const op = await newOperator();
    await assert.rejects(
      createOperator(t.db, { email: op.email.toUpperCase(), displayName: 'Y', password: 'sehr-geheimes-passwort' }),
      (e: { code?: string }) => e.code === 'duplicate',
    );
  });
});
