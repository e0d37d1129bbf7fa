import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../../test/app.js';
import { createUser } from '../../../test/factories.js';
import { startOutboxWorker } from '../../main/outbox.js';
import { PDF, intakeWorld } from '../../../test/intake-kit.js';
import { registerFitDestination } from './destinations.js';
import { FakeSubmissionApi, buildSubmission, destinationKeys, signingKeys } from '../../../test/fit-connect-standin.js';
import { startFitConnectPoller } from './poller.js';

const DATA = { gewerbetreibender: { vorname: 'Aylin', nachname: 'Kaya' }, betrieb: { bezeichnung: 'Kaya Fahrradreparatur', beginn: '2025-03-01' } };
const FILES = [{ filename: 'Gewerbeanmeldung.pdf', mimeType: 'application/pdf', purpose: 'form' as const, content: PDF }];
const CLIENT = { clientId: 'amtsdesk-subscriber', clientSecret: 'geheim-1' };

describeEachDatabase('FIT-Connect: the Submission API is reached with an OAuth2 client-credentials token', (t) => {
  let h: TestApp;
  let api: FakeSubmissionApi;
  let url: string;
  let keys: Awaited<ReturnType<typeof destinationKeys>>;
  let w: Awaited<ReturnType<typeof intakeWorld>>;
  const destinationId = randomUUID();
  before(async () => {
    h = await createTestApp(t.db);
    w = await intakeWorld(t, { ags: '01005021' });
    keys = await destinationKeys();
    const signing = await signingKeys();
    api = new FakeSubmissionApi(destinationId, signing.publicKey);
    api.requireOAuth(CLIENT);
    url = await api.start();
    await registerFitDestination(t.db, w.tenant.id, {
      destinationId, submissionApiUrl: url, privateJwk: keys.privateJwk, signingJwk: signing.privateJwk,
      oauth: { tokenUrl: `${url}/token`, ...CLIENT, scope: `subscribe:destination:${destinationId}` },
    });
  });
  after(async () => {
    await api.stop();
    await h.close();
  });
  const poll = () => startFitConnectPoller({ db: t.db, blobs: h.blobs, config: h.config, intervalMs: 0 }).runOnce();
  const caseCount = async (submissionId: string) =>
    (await t.adminQuery<{ n: number }>(`select count(*)::int as n from cases where transaction_id = $1`, [submissionId]))[0]!.n;

  it('signs in once, keeps the token for every call until it expires, and receives the submission', async () => {
    const id = api.add(await buildSubmission(keys.publicKey, { data: DATA, attachments: FILES }));
    assert.equal(await poll(), 1);
    assert.equal(await caseCount(id), 1);
    assert.equal(api.refused, 0, 'no call went out without a token');
    assert.equal(api.tokensIssued, 1, 'list, submission and attachment share one token');
    await poll();
    assert.equal(api.tokensIssued, 1, 'the cached token is reused by the next poll');
  });

  it('a token the Zustelldienst no longer accepts (401) is replaced once, and the call succeeds', async () => {
    const id = api.add(await buildSubmission(keys.publicKey, { data: DATA, attachments: FILES }));
    api.revokeTokens();
    const issued = api.tokensIssued;
    assert.equal(await poll(), 1);
    assert.equal(await caseCount(id), 1);
    assert.equal(api.tokensIssued, issued + 1, 'exactly one fresh token');
  });

  it('the accept event reaches the Zustelldienst with the bearer token', async () => {
    const id = api.add(await buildSubmission(keys.publicKey, { data: DATA, attachments: FILES }));
    assert.equal(await poll(), 1);
    api.revokeTokens();
    const worker = startOutboxWorker({ db: t.db, config: h.config, pollMs: 3_600_000 });
    try {
      while ((await worker.runOnce()) > 0);
    } finally {
      await worker.stop();
    }
    assert.equal(api.eventsFor(id).length, 1, 'accepted after one 401 and a fresh token');
  });

  it('with a wrong client secret nothing is received, and the admin gets a clear German error', async () => {
    const other = new FakeSubmissionApi(randomUUID());
    other.requireOAuth(CLIENT);
    other.publishEncryptionKey(keys.privateJwk);
    const otherUrl = await other.start();
    try {
      const admin = await sessionHeaders(t.db, await createUser(t.db, { tenant: w.tenant, roles: ['admin'] }));
      const connect = (clientSecret: string) => h.app.inject({
        method: 'POST', url: '/api/admin/fit-connect/destinations', headers: admin,
        payload: { destinationId: other.destinationId, submissionApiUrl: otherUrl, privateJwk: keys.privateJwk, oauth: { tokenUrl: `${otherUrl}/token`, clientId: CLIENT.clientId, clientSecret } },
      });
      const wrong = await connect('falsch');
      assert.equal(wrong.statusCode, 503, wrong.body);
      assert.match(wrong.json().detail, /Anmeldung am Token-Endpunkt/);
      assert.ok(!wrong.body.includes('falsch'), 'the secret is never echoed');
      const right = await connect(CLIENT.clientSecret);
      assert.equal(right.statusCode, 201, right.body);
      assert.equal(right.json().clientId, CLIENT.clientId);
      const list = await h.app.inject({ method: 'GET', url: '/api/admin/fit-connect/destinations', headers: admin });
      assert.ok(list.body.includes(CLIENT.clientId));
      assert.ok(!list.body.includes(CLIENT.clientSecret), 'the client secret goes in, never out');
    } finally {
      await other.stop();
    }
  });
});
