import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders } from '../../test/app.js';
import { createTenant, createUser } from '../../test/factories.js';
import { createOperatorSession, CSRF_HEADER, SESSION_COOKIE } from '../auth/sessions.js';
import { createOperator } from '../auth/operators.js';
import { withTenant } from '../db/database.js';
import { verifyingKeyFrom } from '../events/checkpoint-key.js';
import { verifyCheckpoint, type CheckpointStatement } from '../events/checkpoint-statement.js';

let n = 0;
async function operatorHeaders(db: Parameters<typeof createOperator>[0]) {
  const op = await createOperator(db, { email: `pruefung-${Date.now()}-${n++}@rechenzentrum.example`, displayName: 'Betrieb', password: 'ein-langes-passwort-1' });
  const session = await createOperatorSession(db, op.id, 1);
  return { cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken };
}

describeEachDatabase('platform: signed checkpoints on demand', (t) => {
  it('an operator takes checkpoints now and gets the public key that verifies them', async () => {
    const { app, close } = await createTestApp(t.db);
    try {
      const tenant = await createTenant(t.db);
      const headers = await operatorHeaders(t.db);
      const run = await app.inject({ method: 'POST', url: '/api/platform/audit/checkpoints', headers });
      assert.equal(run.statusCode, 200, run.body);
      assert.ok(run.json().created >= 1);
      const key = await app.inject({ method: 'GET', url: '/api/platform/audit/public-key', headers });
      assert.equal(key.statusCode, 200, key.body);
      assert.equal(key.json().fingerprint, run.json().keyFingerprint);
      const stored = await withTenant(t.db, { tenantId: tenant.id }, (trx) => trx.selectFrom('audit_checkpoints').select('statement').executeTakeFirstOrThrow());
      const publicKey = verifyingKeyFrom(createPublicKey(key.json().publicKeyPem as string));
      assert.equal(verifyCheckpoint(JSON.parse(stored.statement) as CheckpointStatement, publicKey), 'valid');
    } finally {
      await close();
    }
  });

  it('refuses tenant users, and answers in German when no key is configured', async () => {
    const { app, close } = await createTestApp(t.db, { databaseUrl: 'postgres://db.example/amtsdesk' });
    try {
      const user = await createUser(t.db, { roles: ['admin'] });
      const asTenant = await app.inject({ method: 'POST', url: '/api/platform/audit/checkpoints', headers: await sessionHeaders(t.db, user) });
      assert.equal(asTenant.statusCode, 403, asTenant.body);
      const unconfigured = await app.inject({ method: 'POST', url: '/api/platform/audit/checkpoints', headers: await operatorHeaders(t.db) });
      assert.equal(unconfigured.statusCode, 503, unconfigured.body);
      assert.equal(unconfigured.json().code, 'checkpoints_unconfigured');
      assert.match(unconfigured.json().detail, /AMTSDESK_AUDIT_KEY_FILE/);
    } finally {
      await close();
    }
  });
});
