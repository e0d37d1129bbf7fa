import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDatabase } from '../../test/db.js';
import { createOperatorSession, CSRF_HEADER, SESSION_COOKIE } from '../auth/sessions.js';
import { FsBlobStore } from '../blobs/fs-blob-store.js';
import { loadConfig } from '../config.js';
import { buildApp } from '../main/app.js';
import { createOperator } from '../auth/operators.js';
import { intakeWorld, LEIKA_HUND } from '../../test/intake-kit.js';
import { createUser } from '../../test/factories.js';
import { createUserSession } from '../auth/sessions.js';

const PERSONAL = ['Hannelore', 'Brösel-Kowalski', 'hannelore.kowalski@example.org', 'Geheim-Passwort-4711', 'Lindenallee', 'Struppi-Wauwau'];

describeEachDatabase('structured logs', (t) => {
  it('carry request ids and routes but no names, e-mail addresses, passwords or form content', async () => {
    const lines: string[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-log-'));
    const config = loadConfig({ AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'debug' });
    const app = await buildApp(
      { db: t.db, config, blobs: new FsBlobStore(join(dataDir, 'blobs'), config.maxBlobBytes) },
      { logStream: { write: (line: string) => void lines.push(line) } },
    );
    await app.ready();
    const op = await createOperator(t.db, { email: `log-${Date.now()}@rz.example`, displayName: 'Betrieb', password: 'ein-langes-passwort-1' });
    const session = await createOperatorSession(t.db, op.id, 1);
    const operator = { cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken };

    const intake = await intakeWorld(t, { ags: '01051999' });
    const requests = [
      app.inject({
        method: 'POST',
        url: '/api/platform/tenants',
        headers: { ...operator, 'x-request-id': 'req-provision-1' },
        payload: { name: 'Gemeinde Logtest', kind: 'municipality', ags: '01051001', slug: 'logtest', adminEmail: PERSONAL[2], adminName: `${PERSONAL[0]} ${PERSONAL[1]}` },
      }),
      // The same personal data in an invalid request: refused requests are logged too.
      app.inject({
        method: 'POST',
        url: '/api/platform/tenants',
        headers: operator,
        payload: { name: 'Gemeinde Logtest', kind: 'municipality', ags: 'x', adminEmail: PERSONAL[2], adminName: `${PERSONAL[0]} ${PERSONAL[1]}` },
      }),
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { tenant: 'logtest', email: PERSONAL[2], password: PERSONAL[3] },
      }),
      // An application: applicant name, address and form content.
      app.inject({
        method: 'POST',
        url: '/api/intake/applications',
        headers: intake.headers,
        payload: {
          transactionId: 'log-1',
          serviceKey: LEIKA_HUND,
          applicant: { kind: 'person', firstName: PERSONAL[0], lastName: PERSONAL[1], email: PERSONAL[2], address: { street: PERSONAL[4], houseNumber: '7', postalCode: '24103', city: 'Kiel' } },
          formData: [{ name: 'hund', label: 'Hund', formItems: [{ name: 'name', label: 'Name des Hundes', stringValue: PERSONAL[5] }] }],
        },
      }),
      app.inject({ method: 'GET', url: `/api/auth/tenants?q=${encodeURIComponent(PERSONAL[4]!)}&email=${encodeURIComponent(PERSONAL[2]!)}` }),
    ];
    const responses = await Promise.all(requests);
    assert.equal(responses[0]!.statusCode, 201, responses[0]!.body);
    assert.equal(responses[1]!.statusCode, 400);
    assert.equal(responses[2]!.statusCode, 401, 'the login was really processed (and refused)');
    assert.equal(responses[3]!.statusCode, 201, responses[3]!.body);
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });

    const output = lines.join('');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    // The logs are really there and useful: request id and the route template of each request.
    assert.ok(entries.some((e) => e.reqId === 'req-provision-1' && JSON.stringify(e).includes('/api/platform/tenants')));
    assert.ok(entries.some((e) => e.reqId === 'req-provision-1' && (e.res as { statusCode?: number } | undefined)?.statusCode === 201));
    for (const value of PERSONAL) {
      assert.ok(!output.includes(value), `personal data „${value}“ appears in the logs`);
    }
    assert.ok(!output.includes(session.token), 'session token appears in the logs');
  });

  it('name the tenant of a signed-in request by its id, never the user', async () => {
    const lines: string[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-log-'));
    const config = loadConfig({ AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const app = await buildApp(
      { db: t.db, config, blobs: new FsBlobStore(join(dataDir, 'blobs'), config.maxBlobBytes) },
      { logStream: { write: (line: string) => void lines.push(line) } },
    );
    await app.ready();
    const user = await createUser(t.db, { email: PERSONAL[2], displayName: `${PERSONAL[0]} ${PERSONAL[1]}` });
    const session = await createUserSession(t.db, user.tenant.id, user.id, 1);
    const res = await app.inject({ method: 'GET', url: '/api/cases', headers: { cookie: `${SESSION_COOKIE}=${session.token}`, 'x-request-id': 'req-tenant-1' } });
    assert.equal(res.statusCode, 200, res.body);
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });

    const completed = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((e) => e.reqId === 'req-tenant-1' && e.res);
    assert.equal(completed?.tenantId, user.tenant.id, 'the completed request names its tenant');
    for (const value of PERSONAL.slice(0, 3)) assert.ok(!lines.join('').includes(value), `„${value}“ appears in the logs`);
  });
});
